// Components: the project's components by name. Click one (or Enter) to place an instance in the
// selected container or the page body, or drag it onto the canvas to drop it where the indicator
// shows; rename it, open its master ("Edit"), delete it — the engine refuses while instances use
// it, and the row then lists them and offers to delete anyway, which detaches each instance.
import { useMemo } from 'react';
import type { ElementId } from '../../bridge/HyperBridge';
import { insertInstance } from '../../lib/componentActions';
import { componentNameProblem, componentOf, isShownId, listComponents, type ComponentInfo } from '../../lib/components';
import { COMPONENT_MIME } from '../../lib/dragData';
import { Icon } from '../../lib/Icon';
import { InUseAlert, useGuardedDelete } from '../../lib/InUseRefusal';
import { TextField } from '../../lib/TextField';
import { useProjectStore, useProjectStoreApi } from '../../store/projectStore';

function ComponentRow({ component, instances, all }: { component: ComponentInfo; instances: readonly ElementId[]; all: readonly ComponentInfo[] }) {
  const api = useProjectStoreApi();
  const editing = useProjectStore((s) => s.editingComponent === component.id);
  const { inUse, remove, removeAnyway, keep } = useGuardedDelete(
    api,
    { type: 'delete_component', id: component.id },
    { type: 'delete_component', id: component.id, force: true },
    'component_in_use',
    instances,
  );
  const rename = (typed: string): void => {
    if (typed === component.name) return;
    const problem = componentNameProblem(typed, all, component.id);
    if (problem !== null) api.getState().showMessage('component_name', problem);
    else api.getState().run({ type: 'rename_component', id: component.id, name: typed.trim() });
  };
  const uses = instances.length;
  return (
    <li className={`component-row${editing ? ' editing' : ''}`} data-testid="component-row" data-component-id={component.id} aria-label={component.name}>
      <button
        type="button"
        className="insert-item component-insert"
        aria-label={`Insert ${component.name}`}
        title="Click to add an instance inside the selection, or drag onto the canvas"
        draggable
        onDragStart={(e) => {
          e.dataTransfer.setData(COMPONENT_MIME, component.id);
          e.dataTransfer.effectAllowed = 'copy';
        }}
        onClick={() => insertInstance(api, component.id)}
      >
        <span className="insert-icon">
          <Icon name="component" size={18} />
        </span>
        <span>{component.name}</span>
      </button>
      <TextField label="Name" value={component.name} onCommit={rename} />
      <p className="asset-facts">
        <span data-testid="component-usage">{uses === 0 ? 'Not used' : uses === 1 ? 'Used once' : `Used ${uses} times`}</span>
        <button type="button" className="button small" aria-label={`Edit ${component.name}`} onClick={() => api.getState().editComponent(editing ? null : component.id)}>
          {editing ? 'Done' : 'Edit'}
        </button>
        <button type="button" className="button small danger" aria-label={`Delete ${component.name}`} onClick={remove}>
          Delete
        </button>
      </p>
      {inUse !== null && (
        <InUseAlert testId="component-in-use" users={inUse} confirm="Delete anyway" onConfirm={removeAnyway} onKeep={keep}>
          “{component.name}” is used by {inUse.length === 1 ? 'one instance' : `${inUse.length} instances`}; deleting it turns{' '}
          {inUse.length === 1 ? 'it' : 'them'} into plain elements that keep their look:
        </InUseAlert>
      )}
    </li>
  );
}

export function ComponentsPanel() {
  const revision = useProjectStore((s) => s.docRevision);
  const elements = useProjectStore((s) => s.elements);
  const { components, usage } = useMemo(() => {
    void revision;
    const usage = new Map<ElementId, ElementId[]>();
    for (const el of elements.values()) {
      const component = isShownId(el.id) ? null : componentOf(el);
      if (component !== null) usage.set(component, [...(usage.get(component) ?? []), el.id]);
    }
    return { components: listComponents(elements.values()), usage };
  }, [elements, revision]);
  return (
    <div className="panel-body components-panel">
      {components.length === 0 ? (
        <p className="panel-empty">No components yet. Select elements on the canvas and choose Create component (⌘/Ctrl Alt K, or the context menu).</p>
      ) : (
        <ul className="component-list">
          {components.map((c) => (
            <ComponentRow key={c.id} component={c} instances={usage.get(c.id) ?? []} all={components} />
          ))}
        </ul>
      )}
      <p className="panel-hint">Click to add an instance inside the selection, or drag one onto the canvas. Double-click an instance to edit its component.</p>
    </div>
  );
}
