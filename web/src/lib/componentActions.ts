// Editor actions on components: make one from the selection, place an instance, enter and leave a
// master, read what a selected element belongs to. Each goes through the store (which reports
// the engine's refusals), like lib/actions.ts.
import type { Command, ElementId } from '../bridge/types';
import { EngineError } from '../bridge/HyperBridge';
import { readableError, type ProjectStoreApi } from '../store/projectStore';
import { editableSelection, insertTarget } from './actions';
import { componentNameProblem, componentOf, instanceShowing, isShownId, listComponents } from './components';

type Api = ProjectStoreApi;

const idPrefix = `c${Math.floor(Math.random() * 36 ** 4).toString(36)}`;
let idCounter = 0;
/** A fresh element id for a wrapper the editor names itself. */
const freshId = (): ElementId => `${idPrefix}-${(idCounter++).toString(36)}`;

/**
 * The elements "Create component" would make a component of: the editable selection when it is
 * one element, or siblings (wrapped first); null with the reason otherwise.
 */
export function componentSource(api: Api): { ids: ElementId[] } | { problem: string } {
  const ids = editableSelection(api);
  if (ids.length === 0) return { problem: 'Select the elements to make a component of.' };
  const { elements } = api.getState();
  if (ids.some(isShownId)) return { problem: 'That element is inside an instance: edit its component instead.' };
  const parents = new Set(ids.map((id) => elements.get(id)?.parent ?? null));
  if (parents.size > 1) return { problem: 'A component is made of elements side by side in one parent: select siblings.' };
  return { ids };
}

/** "Create component" (context menu, ⌘/Ctrl Alt K): opens the naming dialog for the selection. */
export function startCreateComponent(api: Api): void {
  const source = componentSource(api);
  if ('problem' in source) api.getState().showMessage('component_source', source.problem);
  else api.getState().setComponentDraft(source.ids);
}

/**
 * Makes the elements a component named `name` (several siblings are wrapped in a container
 * first, one undo step), selects the instance that took their place, and returns null; or
 * returns the problem with the name, changing nothing.
 */
export function createComponent(api: Api, ids: readonly ElementId[], name: string): string | null {
  const state = api.getState();
  const problem = componentNameProblem(name, listComponents(state.elements.values()));
  if (problem !== null) return problem;
  const first = ids[0];
  if (first === undefined) return 'Select the elements to make a component of.';
  const source = ids.length === 1 ? first : freshId();
  const commands: Command[] = [];
  if (ids.length > 1) commands.push({ type: 'wrap', ids: [...ids], kind: 'container', id: source });
  commands.push({ type: 'create_component', id: source, name: name.trim() });
  try {
    state.bridge.commitBatch(commands);
  } catch (error) {
    return readableError(EngineError.from(error));
  }
  state.select([source]);
  return null;
}

/** Adds an instance of `component` (at the insert target, or where given) and selects it. */
export function insertInstance(api: Api, component: ElementId, at?: { parent: ElementId; index?: number }): ElementId | null {
  const target = at ?? insertTarget(api);
  if (target === null) return null;
  const command: Command = { type: 'insert_instance', component, parent: target.parent };
  if (target.index !== undefined) command.index = target.index;
  const created = api.getState().run(command)?.created[0];
  if (created !== undefined) api.getState().select([created]);
  return created ?? null;
}

/** The stored instance a selected element is or is shown by, or null. */
export function instanceFor(api: Api, id: ElementId): ElementId | null {
  const { elements } = api.getState();
  const el = elements.get(id);
  if (el?.kind === 'instance' && !isShownId(id)) return id;
  return instanceShowing(id, (i) => elements.get(i));
}

/** Shows the master of the component `id` is an instance of (or shown inside). */
export function editComponentOf(api: Api, id: ElementId): boolean {
  const { elements } = api.getState();
  const instance = instanceFor(api, id);
  const component = componentOf(elements.get(instance ?? ''));
  if (component === null) return false;
  api.getState().editComponent(component);
  return true;
}

/** Back from a master to the page (Done, Escape); false when no master is shown. */
export function leaveMaster(api: Api): boolean {
  if (api.getState().editingComponent === null) return false;
  api.getState().editComponent(null);
  return true;
}
