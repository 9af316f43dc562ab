// The live room of the open project, for the components that show presence (null: not live).
import { createContext, useContext, useSyncExternalStore } from 'react';
import type { LiveStatus } from './connection';
import type { LiveSession } from './live';
import type { Collaborator } from './presence';

export const LiveContext = createContext<LiveSession | null>(null);

export function useLive(): LiveSession | null {
  return useContext(LiveContext);
}

const none: readonly Collaborator[] = [];
const noop = (): (() => void) => () => {};

/** The other users here now (empty when not live). */
export function useCollaborators(live: LiveSession | null): readonly Collaborator[] {
  return useSyncExternalStore(live === null ? noop : (l) => live.subscribe(l), () => live?.collaborators() ?? none);
}

/** The live connection's status (null when not live). */
export function useLiveStatus(live: LiveSession | null): LiveStatus | null {
  return useSyncExternalStore(live === null ? noop : (l) => live.subscribe(l), () => live?.status() ?? null);
}

/** Whose viewport mine follows. */
export function useFollowing(live: LiveSession | null): number | null {
  return useSyncExternalStore(live === null ? noop : (l) => live.subscribe(l), () => live?.following() ?? null);
}
