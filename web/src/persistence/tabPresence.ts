// Which tabs of this browser are open: each page load gets an id and holds a Web Lock named
// after it for as long as it lives, so another tab can tell a journal of an open tab (left to
// it) from one of a closed or crashed tab (adopted and saved). Without Web Locks every other
// tab counts as gone, which only means a journal may be saved twice (Yjs updates are idempotent).

/** This page load's tab id. */
export const thisTab: string = crypto.randomUUID();

const LOCK_PREFIX = 'omnios:tab:';
let held = false;

function locks(): LockManager | undefined {
  // Absent outside secure contexts, null in some test environments.
  return typeof navigator === 'undefined' ? undefined : ((navigator.locks as LockManager | null | undefined) ?? undefined);
}

/** Marks this tab as open until the page goes away (once per page load). */
export function holdTabPresence(): void {
  const manager = locks();
  if (held || manager === undefined) return;
  held = true;
  void manager.request(`${LOCK_PREFIX}${thisTab}`, () => new Promise<never>(() => {}));
}

/** The ids of the tabs open now, this one included. */
export async function openTabs(): Promise<Set<string>> {
  const manager = locks();
  const open = new Set<string>([thisTab]);
  if (manager === undefined) return open;
  const snapshot = await manager.query();
  for (const lock of snapshot.held ?? []) {
    if (lock.name?.startsWith(LOCK_PREFIX) === true) open.add(lock.name.slice(LOCK_PREFIX.length));
  }
  return open;
}
