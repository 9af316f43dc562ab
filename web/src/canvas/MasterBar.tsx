// The bar over the canvas while a component's master is edited: which component, which variant
// option style edits are recorded for, and Done (Escape with nothing selected does the same).
import { useProjectStore, useProjectStoreApi } from '../store/projectStore';
import type { ElementId } from '../bridge/types';

export function MasterBar({ component }: { component: ElementId }) {
  const api = useProjectStoreApi();
  const name = useProjectStore((s) => s.elements.get(component)?.name ?? '');
  const variant = useProjectStore((s) => s.variantChoice);
  return (
    // Its own pointer input: the canvas under it must not start a selection or take the pointer.
    <div className="master-bar" role="status" data-testid="master-bar" onPointerDown={(e) => e.stopPropagation()} onDoubleClick={(e) => e.stopPropagation()} onContextMenu={(e) => e.stopPropagation()}>
      <span>
        Editing component <strong>{name}</strong>
        {variant !== null && (
          <>
            {' '}
            · recording variant <strong data-testid="master-bar-variant">{`${variant.axis} = ${variant.option}`}</strong>
          </>
        )}
      </span>
      <span className="master-bar-hint">Every instance follows these edits.</span>
      <button type="button" className="button small primary" onClick={() => api.getState().editComponent(null)}>
        Done
      </button>
    </div>
  );
}
