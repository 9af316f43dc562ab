// The canvas context menu: the edit and arrange actions for the selection, with their shortcuts.
import { useEffect, useRef } from 'react';
import { useProjectStore, useProjectStoreApi, type ProjectStoreApi } from '../store/projectStore';
import {
  copySelection,
  cutSelection,
  deleteSelection,
  duplicateSelection,
  editableSelection,
  groupSelection,
  hasClipboard,
  paste,
  setHidden,
  setLocked,
  ungroupSelection,
} from './actions';
import { editComponentOf, instanceFor, startCreateComponent } from './componentActions';

interface Item {
  readonly label: string;
  readonly keys?: string;
  readonly enabled: boolean;
  readonly run: (api: ProjectStoreApi) => void;
}

export function ContextMenu() {
  const api = useProjectStoreApi();
  const menu = useProjectStore((s) => s.contextMenu);
  useProjectStore((s) => s.selection);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (menu !== null) ref.current?.querySelector<HTMLButtonElement>('button:not(:disabled)')?.focus();
  }, [menu]);
  if (menu === null) return null;
  const ids = editableSelection(api);
  const some = ids.length > 0;
  const first = api.getState().elements.get(ids[0] ?? '');
  const instance = ids.length === 1 && ids[0] !== undefined ? instanceFor(api, ids[0]) : null;
  const items: (Item | 'sep')[] = [
    { label: 'Cut', keys: '⌘X', enabled: some, run: cutSelection },
    { label: 'Copy', keys: '⌘C', enabled: some, run: copySelection },
    { label: 'Paste', keys: '⌘V', enabled: hasClipboard(), run: paste },
    { label: 'Duplicate', keys: '⌘D', enabled: some, run: duplicateSelection },
    { label: 'Delete', keys: '⌫', enabled: some, run: deleteSelection },
    'sep',
    { label: 'Group', keys: '⌘G', enabled: some, run: groupSelection },
    { label: 'Ungroup', keys: '⇧⌘G', enabled: ids.length === 1 && (first?.children.length ?? 0) > 0, run: ungroupSelection },
    'sep',
    { label: 'Create component', keys: '⌥⌘K', enabled: some, run: startCreateComponent },
    ...(instance === null
      ? []
      : [
          { label: 'Edit component', enabled: true, run: (a: ProjectStoreApi) => void editComponentOf(a, instance) },
          { label: 'Detach instance', enabled: true, run: (a: ProjectStoreApi) => void a.getState().run({ type: 'detach_instance', id: instance }) },
        ]),
    'sep',
    { label: first?.hidden ? 'Show' : 'Hide', enabled: some, run: (a) => setHidden(a, ids, !first?.hidden) },
    { label: first?.locked ? 'Unlock' : 'Lock', enabled: some, run: (a) => setLocked(a, ids, !first?.locked) },
  ];
  return (
    <div
      ref={ref}
      className="context-menu"
      role="menu"
      aria-label="Element actions"
      style={{ left: menu.x, top: menu.y }}
      onKeyDown={(e) => {
        const buttons = [...(ref.current?.querySelectorAll<HTMLButtonElement>('button:not(:disabled)') ?? [])];
        const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
        if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
          e.preventDefault();
          const next = buttons[(at + (e.key === 'ArrowDown' ? 1 : buttons.length - 1)) % buttons.length];
          next?.focus();
        } else if (e.key === 'Escape') {
          api.getState().setContextMenu(null);
        }
      }}
    >
      {items.map((item, i) =>
        item === 'sep' ? (
          <div key={i} className="menu-sep" role="separator" />
        ) : (
          <button
            key={item.label}
            type="button"
            role="menuitem"
            className="menu-item"
            disabled={!item.enabled}
            onClick={() => {
              api.getState().setContextMenu(null);
              item.run(api);
            }}
          >
            <span>{item.label}</span>
            {item.keys !== undefined && <kbd>{item.keys}</kbd>}
          </button>
        ),
      )}
    </div>
  );
}
