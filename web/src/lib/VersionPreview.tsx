// A version's pages and elements, read only (the Versions panels show it under a version).
import type { Deltas } from '../bridge/types';

export function VersionPreview({ deltas }: { deltas: Deltas }) {
  // Each element's `children` are already in the engine's order.
  const byId = new Map(deltas.elements.map((e) => [e.id, e]));
  const rows: { id: string; depth: number; label: string }[] = [];
  const walk = (id: string, depth: number): void => {
    for (const child of byId.get(id)?.children ?? []) {
      const e = byId.get(child);
      if (e === undefined) continue;
      if (rows.length >= 40) return;
      rows.push({ id: e.id, depth, label: e.name ?? e.kind });
      walk(e.id, depth + 1);
    }
  };
  return (
    <div className="version-preview" data-testid="version-preview">
      {deltas.pages.map((p) => {
        rows.length = 0;
        walk(p.root, 0);
        const count = deltas.elements.filter((e) => e.page === p.id && e.parent !== null).length;
        return (
          <div key={p.id} className="version-preview-page">
            <div className="version-preview-title">
              {p.name} <span className="muted">· {count} elements</span>
            </div>
            {rows.map((r) => (
              <div key={r.id} className="version-preview-row" style={{ paddingLeft: 8 + r.depth * 10 }}>
                {r.label}
              </div>
            ))}
          </div>
        );
      })}
    </div>
  );
}
