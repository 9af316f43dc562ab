// The name asked for when the selection becomes a component (context menu "Create component",
// ⌘/Ctrl Alt K). A blank name or one another component has is refused here, in the dialog,
// with the reason; nothing changes until a name is accepted.
import { useEffect, useRef, useState } from 'react';
import { useProjectStore, useProjectStoreApi } from '../store/projectStore';
import { createComponent } from './componentActions';

export function CreateComponentDialog() {
  const api = useProjectStoreApi();
  const ids = useProjectStore((s) => s.componentDraft);
  const [name, setName] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    setName('');
    setProblem(null);
    if (ids !== null) input.current?.focus();
  }, [ids]);
  if (ids === null) return null;
  const close = (): void => api.getState().setComponentDraft(null);
  const submit = (): void => {
    const refused = createComponent(api, ids, name);
    if (refused === null) close();
    else setProblem(refused);
  };
  const onKey = (e: React.KeyboardEvent): void => {
    if (e.key !== 'Escape') return;
    e.stopPropagation();
    close();
  };
  return (
    <div className="dialog-backdrop" onClick={close}>
      <div className="dialog component-dialog" role="dialog" aria-modal="true" aria-labelledby="component-dialog-title" data-testid="component-dialog" onClick={(e) => e.stopPropagation()} onKeyDown={onKey}>
        <header className="dialog-header">
          <h2 id="component-dialog-title">Create component</h2>
          <button type="button" className="icon-button dialog-close" aria-label="Close" onClick={close}>
            ✕
          </button>
        </header>
        <form
          className="component-dialog-body"
          onSubmit={(e) => {
            e.preventDefault();
            submit();
          }}
        >
          <p className="panel-hint">
            {ids.length === 1 ? 'The selected element becomes' : `The ${ids.length} selected elements, wrapped in a container, become`} the component’s
            master; an instance takes {ids.length === 1 ? 'its' : 'their'} place.
          </p>
          <label className="field-label" htmlFor="component-name">
            Component name
          </label>
          <input
            ref={input}
            id="component-name"
            className="field-input"
            value={name}
            aria-invalid={problem !== null}
            aria-describedby={problem === null ? undefined : 'component-name-problem'}
            onChange={(e) => {
              setName(e.target.value);
              setProblem(null);
            }}
          />
          {problem !== null && (
            <p id="component-name-problem" className="field-problem" role="alert" data-testid="component-name-problem">
              {problem}
            </p>
          )}
          <div className="dialog-actions">
            <button type="button" className="button small" onClick={close}>
              Cancel
            </button>
            <button type="submit" className="button small primary">
              Create
            </button>
          </div>
        </form>
      </div>
    </div>
  );
}
