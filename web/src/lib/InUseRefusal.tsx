// The refusal to delete something elements still use (an asset, a design token): the engine
// says `asset_in_use` / `token_in_use` with the elements; the panel lists where they are and
// offers to delete anyway (what that does to them is the panel's sentence to say).
import { useState, type ReactNode } from 'react';
import { EngineError, type Command, type ElementId } from '../bridge/HyperBridge';
import type { ProjectStoreApi } from '../store/projectStore';

/** "Hero image on Home" for each element, for the in-use list. */
export function describeUsers(api: ProjectStoreApi, ids: readonly ElementId[]): string[] {
  const { elements, pages } = api.getState();
  return ids.map((id) => {
    const el = elements.get(id);
    const page = el === undefined ? undefined : pages.get(el.page);
    return `${el?.name || el?.kind || id}${page === undefined ? '' : ` on ${page.name}`}`;
  });
}

/**
 * A delete that may be refused because elements use the thing: `remove()` tries `command`;
 * a refusal with `code` fills `inUse` with where it is used (`users` when the error lists
 * none); `removeAnyway()` runs `forced`.
 */
export function useGuardedDelete(api: ProjectStoreApi, command: Command, forced: Command, code: string, users: readonly ElementId[]) {
  const [inUse, setInUse] = useState<string[] | null>(null);
  const remove = (): void => {
    const state = api.getState();
    try {
      state.bridge.commit(command);
      setInUse(null);
    } catch (error) {
      const e = EngineError.from(error);
      if (e.code === code) {
        const elements = Array.isArray(e.details.elements) ? (e.details.elements as ElementId[]) : users;
        setInUse(describeUsers(api, elements));
      } else {
        state.showMessage(e.code, e.message);
      }
    }
  };
  const removeAnyway = (): void => {
    if (api.getState().run(forced) !== null) setInUse(null);
  };
  return { inUse, remove, removeAnyway, keep: () => setInUse(null) };
}

/** The alert under a refused delete: what deleting anyway does, where it is used, two buttons. */
export function InUseAlert({ testId, children, users, confirm, onConfirm, onKeep }: { testId: string; children: ReactNode; users: readonly string[]; confirm: string; onConfirm: () => void; onKeep: () => void }) {
  return (
    <div className="asset-in-use" role="alert" data-testid={testId}>
      <p>{children}</p>
      <ul>
        {users.map((where, i) => (
          <li key={i}>{where}</li>
        ))}
      </ul>
      <div className="asset-actions">
        <button type="button" className="button small danger" onClick={onConfirm}>
          {confirm}
        </button>
        <button type="button" className="button small" onClick={onKeep}>
          Keep
        </button>
      </div>
    </div>
  );
}
