// The overlay layer above the page: hover and selection outlines, resize handles, smart guides,
// the drop indicator and the marquee, drawn in screen pixels from the engine's boxes (rounded);
// `children` adds layers of its own (other users' cursors and selections, collab/).
import { memo, type ReactNode } from 'react';
import type { ElementId, Rect } from '../bridge/types';
import { useProjectStore } from '../store/projectStore';
import { HANDLES, toScreen, unionRect } from './geometry';

const style = (r: Rect): React.CSSProperties => ({ transform: `translate(${r.x}px, ${r.y}px)`, width: r.width, height: r.height });

function useBox(id: ElementId | null): Rect | undefined {
  return useProjectStore((s) => (id === null ? undefined : (s.gestureBoxes?.get(id) ?? s.boxes.get(id))));
}

const Hover = memo(function Hover() {
  const hovered = useProjectStore((s) => (s.gestureBoxes === null && !s.selection.includes(s.hovered ?? '') ? s.hovered : null));
  useProjectStore((s) => s.boxRevision);
  const box = useBox(hovered);
  const viewport = useProjectStore((s) => s.viewport);
  if (box === undefined) return null;
  return <div className="ov-hover" style={style(toScreen(viewport, box))} />;
});

const Selection = memo(function Selection() {
  const selection = useProjectStore((s) => s.selection);
  const viewport = useProjectStore((s) => s.viewport);
  const editing = useProjectStore((s) => s.editingText);
  const dragging = useProjectStore((s) => s.gestureBoxes !== null);
  const boxes = useProjectStore((s) => s.boxes);
  const gestureBoxes = useProjectStore((s) => s.gestureBoxes);
  useProjectStore((s) => s.boxRevision);
  const name = useProjectStore((s) => {
    const id = s.selection[0];
    const el = id === undefined ? undefined : s.elements.get(id);
    return s.selection.length === 1 && el !== undefined ? el.name || el.kind : `${s.selection.length} elements`;
  });
  const locked = useProjectStore((s) => s.selection.length === 1 && s.elements.get(s.selection[0] ?? '')?.locked === true);
  const rects = selection.map((id) => gestureBoxes?.get(id) ?? boxes.get(id)).filter((r): r is Rect => r !== undefined);
  const all = unionRect(rects);
  if (all === null) return null;
  const screen = toScreen(viewport, all);
  return (
    <>
      {rects.length > 1 && rects.map((r, i) => <div key={i} className="ov-selected ov-member" style={style(toScreen(viewport, r))} />)}
      <div className={`ov-selected${editing !== null ? ' ov-editing' : ''}`} style={style(screen)} data-testid="selection-box" />
      {!dragging && (
        <div className="ov-label" style={{ transform: `translate(${screen.x}px, ${screen.y - 20}px)` }}>
          {name}
        </div>
      )}
      <div className="ov-size" style={{ transform: `translate(${screen.x + screen.width / 2}px, ${screen.y + screen.height + 6}px)` }}>
        {Math.round(all.width * 100) / 100} × {Math.round(all.height * 100) / 100}
      </div>
      {selection.length === 1 &&
        editing === null &&
        !locked &&
        HANDLES.map((h) => {
          const x = h.includes('w') ? screen.x : h.includes('e') ? screen.x + screen.width : screen.x + screen.width / 2;
          const y = h.startsWith('n') ? screen.y : h.startsWith('s') ? screen.y + screen.height : screen.y + screen.height / 2;
          return (
            <div
              key={h}
              className={`ov-handle ov-handle-${h}`}
              data-handle={h}
              aria-label={`Resize ${h}`}
              style={{ transform: `translate(${Math.round(x - 4)}px, ${Math.round(y - 4)}px)` }}
            />
          );
        })}
    </>
  );
});

const Guides = memo(function Guides() {
  const guides = useProjectStore((s) => s.guides);
  const viewport = useProjectStore((s) => s.viewport);
  return (
    <>
      {guides.map((g, i) => {
        const r: Rect =
          g.axis === 'x' ? { x: g.at, y: g.from, width: 0, height: g.to - g.from } : { x: g.from, y: g.at, width: g.to - g.from, height: 0 };
        const s = toScreen(viewport, r);
        return (
          <div
            key={i}
            className={`ov-guide ov-guide-${g.axis} ov-guide-${g.kind}`}
            data-testid="guide"
            data-axis={g.axis}
            data-at={g.at}
            style={g.axis === 'x' ? { transform: `translate(${s.x}px, ${s.y}px)`, height: s.height } : { transform: `translate(${s.x}px, ${s.y}px)`, width: s.width }}
          />
        );
      })}
    </>
  );
});

const DropIndicator = memo(function DropIndicator() {
  const drop = useProjectStore((s) => s.dropIndicator);
  const viewport = useProjectStore((s) => s.viewport);
  const parentBox = useProjectStore((s) => (s.dropIndicator === null ? undefined : s.boxes.get(s.dropIndicator.parent)));
  if (drop === null) return null;
  const line = toScreen(viewport, drop.rect);
  const isBox = drop.rect.width > 0 && drop.rect.height > 0;
  return (
    <>
      {parentBox !== undefined && <div className="ov-drop-parent" style={style(toScreen(viewport, parentBox))} />}
      <div
        className={isBox ? 'ov-drop-box' : 'ov-drop-line'}
        data-testid="drop-indicator"
        style={isBox ? style(line) : { transform: `translate(${line.x - 1}px, ${line.y - 1}px)`, width: Math.max(line.width, 2) + 1, height: Math.max(line.height, 2) + 1 }}
      />
    </>
  );
});

const Marquee = memo(function Marquee() {
  const marquee = useProjectStore((s) => s.marquee);
  const viewport = useProjectStore((s) => s.viewport);
  if (marquee === null) return null;
  return <div className="ov-marquee" data-testid="marquee" style={style(toScreen(viewport, marquee))} />;
});

export function Overlay({ children }: { children?: ReactNode }) {
  return (
    <div className="overlay" aria-hidden="true">
      <Hover />
      <DropIndicator />
      <Guides />
      <Selection />
      <Marquee />
      {children}
    </div>
  );
}
