// The keyboard shortcut cheat sheet (press ?), built from the same table the handler uses.
import { useEffect, useRef } from 'react';
import { useProjectStore } from '../store/projectStore';
import { SHORTCUTS, type Shortcut } from './shortcuts';

const GROUPS: readonly Shortcut['group'][] = ['Edit', 'Selection', 'Arrange', 'View'];

export function CheatSheet() {
  const open = useProjectStore((s) => s.cheatSheetOpen);
  const setOpen = useProjectStore((s) => s.setCheatSheetOpen);
  const ref = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (open) ref.current?.focus();
  }, [open]);
  if (!open) return null;
  return (
    <div className="dialog-backdrop" onClick={() => setOpen(false)}>
      <div
        className="dialog cheat-sheet"
        role="dialog"
        aria-modal="true"
        aria-labelledby="cheat-sheet-title"
        onClick={(e) => e.stopPropagation()}
        onKeyDown={(e) => e.key === 'Escape' && setOpen(false)}
      >
        <header className="dialog-header">
          <h2 id="cheat-sheet-title">Keyboard shortcuts</h2>
          <button ref={ref} type="button" className="icon-button" aria-label="Close" onClick={() => setOpen(false)}>
            ✕
          </button>
        </header>
        <div className="cheat-grid">
          {GROUPS.map((g) => (
            <section key={g}>
              <h3 className="section-title">{g}</h3>
              <dl>
                {SHORTCUTS.filter((s) => s.group === g).map((s) => (
                  <div key={s.label} className="cheat-row">
                    <dt>{s.label}</dt>
                    <dd>
                      <kbd>{s.keys}</kbd>
                    </dd>
                  </div>
                ))}
              </dl>
            </section>
          ))}
        </div>
      </div>
    </div>
  );
}
