// Layers: the active page's tree. Click selects (shift adds), double-click renames, the eye and
// lock buttons hide and lock, drag reorders or reparents (drop on the top or bottom edge of a
// row to place before or after it, on the middle of a container to put it inside).
import { memo, useEffect, useRef, useState } from 'react';
import type { ElementId } from '../../bridge/types';
import { setHidden, setLocked } from '../../lib/actions';
import { Icon, type IconName } from '../../lib/Icon';
import { holdsChildren } from '../../lib/presets';
import { useElement, useProjectStore, useProjectStoreApi } from '../../store/projectStore';

const LAYER_MIME = 'application/x-omnios-layer';

type DropPlace = 'before' | 'after' | 'inside';

const KIND_ICON: Record<string, IconName> = {
  body: 'body', section: 'section', container: 'container', text: 'text', button: 'button', link: 'link', image: 'image',
  input: 'input', video: 'video', embed: 'container', instance: 'container', repeater: 'column',
};

const LayerRow = memo(function LayerRow({ id, depth }: { readonly id: ElementId; readonly depth: number }) {
  const api = useProjectStoreApi();
  const el = useElement(id);
  const selected = useProjectStore((s) => s.selection.includes(id));
  // Rows below the second level start folded (a 10,000-element page stays a short list) and
  // unfold to reveal what is selected on the canvas.
  const holdsSelection = useProjectStore((s) =>
    s.selection.some((sel) => {
      let cur = s.elements.get(sel)?.parent ?? null;
      while (cur !== null) {
        if (cur === id) return true;
        cur = s.elements.get(cur)?.parent ?? null;
      }
      return false;
    }),
  );
  const [userOpen, setOpen] = useState<boolean | null>(null);
  const open = userOpen ?? (depth < 2 || holdsSelection);
  const rowRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (selected) rowRef.current?.scrollIntoView({ block: 'nearest' });
  }, [selected]);
  const [renaming, setRenaming] = useState(false);
  const [drop, setDrop] = useState<DropPlace | null>(null);
  if (el === undefined) return null;
  const isBody = el.kind === 'body';
  const label = el.name || (el.kind === 'text' ? (el.tag ?? 'text') : el.kind);
  const container = holdsChildren(el.kind);

  const placeOf = (e: React.DragEvent<HTMLElement>): DropPlace => {
    const r = e.currentTarget.getBoundingClientRect();
    const f = (e.clientY - r.top) / r.height;
    if (isBody) return 'inside';
    if (container && f > 0.25 && f < 0.75) return 'inside';
    return f < 0.5 ? 'before' : 'after';
  };

  const onDrop = (e: React.DragEvent<HTMLElement>): void => {
    const moving = e.dataTransfer.getData(LAYER_MIME);
    const place = placeOf(e);
    setDrop(null);
    if (moving === '' || moving === id) return;
    e.preventDefault();
    const state = api.getState();
    const ids = state.selection.includes(moving) ? [...state.selection] : [moving];
    if (place === 'inside') {
      state.run({ type: 'move_elements', ids, parent: id });
      return;
    }
    if (el.parent === null) return;
    const siblings = (state.elements.get(el.parent)?.children ?? []).filter((c) => !ids.includes(c));
    const at = siblings.indexOf(id) + (place === 'after' ? 1 : 0);
    state.run({ type: 'move_elements', ids, parent: el.parent, index: at });
  };

  return (
    <li role="treeitem" aria-selected={selected} aria-expanded={container && el.children.length > 0 ? open : undefined}>
      <div
        ref={rowRef}
        className={`layer-row${selected ? ' selected' : ''}${el.hidden ? ' is-hidden' : ''}${drop ? ` drop-${drop}` : ''}`}
        style={{ paddingLeft: 8 + depth * 14 }}
        data-layer-id={id}
        draggable={!isBody && !renaming}
        tabIndex={0}
        onDragStart={(e) => {
          e.dataTransfer.setData(LAYER_MIME, id);
          e.dataTransfer.effectAllowed = 'move';
        }}
        onDragOver={(e) => {
          if (!e.dataTransfer.types.includes(LAYER_MIME)) return;
          e.preventDefault();
          setDrop(placeOf(e));
        }}
        onDragLeave={() => setDrop(null)}
        onDrop={onDrop}
        onClick={(e) => {
          const state = api.getState();
          if (e.shiftKey) state.select(state.selection.includes(id) ? state.selection.filter((s) => s !== id) : [...state.selection, id]);
          else state.select([id]);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && !renaming) {
            e.preventDefault();
            api.getState().select([id]);
          } else if (e.key === 'F2' && !isBody) {
            setRenaming(true);
          }
        }}
        onDoubleClick={() => !isBody && setRenaming(true)}
      >
        {container && el.children.length > 0 ? (
          <button type="button" className="layer-twisty" aria-label={open ? 'Collapse' : 'Expand'} onClick={(e) => (e.stopPropagation(), setOpen(!open))}>
            {open ? '▾' : '▸'}
          </button>
        ) : (
          <span className="layer-twisty" />
        )}
        <span className="layer-icon">
          <Icon name={el.kind === 'text' && el.tag?.startsWith('h') ? 'heading' : (KIND_ICON[el.kind] ?? 'container')} size={12} />
        </span>
        {renaming ? (
          <input
            className="layer-rename"
            aria-label="Layer name"
            defaultValue={label}
            autoFocus
            onClick={(e) => e.stopPropagation()}
            onBlur={(e) => {
              setRenaming(false);
              const name = e.currentTarget.value.trim();
              if (name !== '' && name !== el.name) api.getState().run({ type: 'rename_element', id, name });
            }}
            onKeyDown={(e) => {
              e.stopPropagation();
              if (e.key === 'Enter') e.currentTarget.blur();
              if (e.key === 'Escape') setRenaming(false);
            }}
          />
        ) : (
          <span className="layer-name">{isBody ? 'Body' : label}</span>
        )}
        {!isBody && (
          <span className="layer-actions">
            <button
              type="button"
              className={`icon-button${el.locked ? ' on' : ''}`}
              aria-label={el.locked ? `Unlock ${label}` : `Lock ${label}`}
              aria-pressed={el.locked === true}
              onClick={(e) => (e.stopPropagation(), setLocked(api, [id], !el.locked))}
            >
              <Icon name={el.locked ? 'lock' : 'unlock'} size={12} />
            </button>
            <button
              type="button"
              className={`icon-button${el.hidden ? ' on' : ''}`}
              aria-label={el.hidden ? `Show ${label}` : `Hide ${label}`}
              aria-pressed={el.hidden === true}
              onClick={(e) => (e.stopPropagation(), setHidden(api, [id], !el.hidden))}
            >
              <Icon name={el.hidden ? 'eyeOff' : 'eye'} size={12} />
            </button>
          </span>
        )}
      </div>
      {open && el.children.length > 0 && (
        <ul role="group">
          {el.children.map((c) => (
            <LayerRow key={c} id={c} depth={depth + 1} />
          ))}
        </ul>
      )}
    </li>
  );
});

export function LayersPanel() {
  // While a component's master is edited, its tree; else the active page's.
  const root = useProjectStore((s) => s.editingComponent ?? (s.activePage === null ? undefined : s.pages.get(s.activePage)?.root));
  if (root === undefined) return null;
  return (
    <div className="panel-body layers-panel">
      <ul className="layer-tree" role="tree" aria-label="Layers">
        <LayerRow id={root} depth={0} />
      </ul>
    </div>
  );
}
