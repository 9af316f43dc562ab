// Components as the editor reads them from the element records deltas deliver (the model is the
// engine's, engine/core/src/component.rs): a component is its master root (an element whose
// page is its own id); the master root's props hold prop declarations (`prop:<name>`), variant
// values (`v:<axis>=<option>|<path>|<field>`) and slot marks (`slot:<id>`); an instance holds
// its prop values (`<name>`) and overrides (`o:<path>|<field>`). Pure functions, no store.
import type { ElementId, ElementRecord, Origin, PropKind, Scalar, Slot } from '../bridge/types';

/** The prefix of every element id the engine derives for an element shown inside an instance. */
export const SHOWN_PREFIX = '__';
const DECLARATION_PREFIX = 'prop:';
const VARIANT_PREFIX = 'v:';
const SLOT_PREFIX = 'slot:';
const OVERRIDE_PREFIX = 'o:';
/** The instance prop naming its component. */
export const COMPONENT_PROP = 'component';

/** Where a shown element comes from, as deltas report it (`origin`): its instance, path and overridden fields. */
export type ShownOrigin = Origin;

/** A prop declared on a component. */
export interface PropDeclaration {
  readonly name: string;
  readonly kind: PropKind;
  /** `<path>|<field>`: the master element and field the prop sets. */
  readonly target: string;
  readonly default: Scalar | null;
}

/** One variant axis (`size`) with its options (`sm`, `lg`), each the targets it sets. */
export interface VariantAxis {
  readonly axis: string;
  readonly options: readonly string[];
}

/** A component as the panels list it. */
export interface ComponentInfo {
  readonly id: ElementId;
  readonly name: string;
}

/** Whether an id is one the engine derived for an element shown inside an instance. */
export const isShownId = (id: ElementId): boolean => id.startsWith(SHOWN_PREFIX);

/** Whether a record is a component's master root. */
export const isMasterRoot = (el: ElementRecord): boolean => el.page === el.id && el.parent === null && el.kind !== 'body';

/** A stored instance (never a shown nested one). */
export const isStoredInstance = (el: ElementRecord | undefined): boolean => el !== undefined && el.kind === 'instance' && !isShownId(el.id);

/** The component an instance shows. */
export function componentOf(el: ElementRecord | undefined): ElementId | null {
  const id = el?.kind === 'instance' ? el.props?.[COMPONENT_PROP] : undefined;
  return typeof id === 'string' ? id : null;
}

/** The project's components, by name. */
export function listComponents(elements: Iterable<ElementRecord>): ComponentInfo[] {
  const out: ComponentInfo[] = [];
  for (const el of elements) if (isMasterRoot(el)) out.push({ id: el.id, name: el.name ?? el.id });
  return out.sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
}

/** The problem with a component name, or null: not blank, at most 256 characters, not another component's. */
export function componentNameProblem(name: string, components: readonly ComponentInfo[], except?: ElementId): string | null {
  const trimmed = name.trim();
  if (trimmed === '') return 'A component needs a name.';
  if ([...trimmed].length > 256) return 'A component name has at most 256 characters.';
  if (/\p{Cc}/u.test(trimmed)) return 'A component name cannot hold control characters.';
  if (components.some((c) => c.name === trimmed && c.id !== except)) return `A component named “${trimmed}” exists already.`;
  return null;
}

/** The problem with a prop or variant axis name (a letter, then letters, digits or _), or null. */
export function propNameProblem(name: string): string | null {
  if (name === COMPONENT_PROP) return '“component” is reserved.';
  return /^[A-Za-z][A-Za-z0-9_]{0,63}$/.test(name) ? null : `“${name}” is not a prop name: a letter, then letters, digits or _.`;
}

/** The problem with a variant option name (a letter or digit, then letters, digits, _ or -), or null. */
export function optionNameProblem(option: string): string | null {
  return /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/.test(option) ? null : `“${option}” is not an option name: a letter or digit, then letters, digits, _ or -.`;
}

const PROP_KINDS: readonly PropKind[] = ['text', 'number', 'boolean', 'image', 'link', 'enum'];

/** Reads a declaration stored as `<kind>|<path>|<field>|<default>`; null when malformed. */
export function parseDeclaration(name: string, text: string): PropDeclaration | null {
  const first = text.indexOf('|');
  const last = text.lastIndexOf('|');
  if (first < 0 || last <= first) return null;
  const kind = text.slice(0, first) as PropKind;
  if (!PROP_KINDS.includes(kind)) return null;
  const target = text.slice(first + 1, last);
  if (parseTarget(target) === null) return null;
  const raw = text.slice(last + 1);
  let value: Scalar | null = raw === '' ? null : raw;
  if (raw !== '' && kind === 'number') value = Number(raw);
  if (raw !== '' && kind === 'boolean') value = raw === 'true';
  return { name, kind, target, default: value };
}

/** `<path>|<field>` split: the path's ids and the field. */
export function parseTarget(text: string): { path: ElementId[]; field: string } | null {
  const at = text.indexOf('|');
  if (at <= 0) return null;
  const field = text.slice(at + 1);
  if (!/^(content|hidden|prop\|[^|:]+|style\|[^|]+\|[^|]+)$/.test(field)) return null;
  return { path: text.slice(0, at).split('.'), field };
}

/** The target text for a field of a master element. */
export const targetOf = (element: ElementId, field: string): string => `${element}|${field}`;

/** The field key of a style property in a slot. */
export const styleField = (slot: Slot, property: string): string => `style|${slot}|${property}`;

/** The field key of a prop. */
export const propField = (key: string): string => `prop|${key}`;

/** The props a master root declares, by name. */
export function declarationsOf(master: ElementRecord | undefined): PropDeclaration[] {
  const out: PropDeclaration[] = [];
  for (const [key, value] of Object.entries(master?.props ?? {})) {
    if (!key.startsWith(DECLARATION_PREFIX) || typeof value !== 'string') continue;
    const d = parseDeclaration(key.slice(DECLARATION_PREFIX.length), value);
    if (d !== null) out.push(d);
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

/** One variant value a master root stores. */
export interface VariantValue {
  readonly axis: string;
  readonly option: string;
  readonly target: string;
  readonly value: Scalar;
}

/** Reads `v:<axis>=<option>|<path>|<field>` → value; null when the key is not one. */
export function parseVariantKey(key: string, value: Scalar): VariantValue | null {
  if (!key.startsWith(VARIANT_PREFIX)) return null;
  const rest = key.slice(VARIANT_PREFIX.length);
  const bar = rest.indexOf('|');
  const eq = rest.indexOf('=');
  if (bar < 0 || eq <= 0 || eq > bar) return null;
  const target = rest.slice(bar + 1);
  if (parseTarget(target) === null) return null;
  return { axis: rest.slice(0, eq), option: rest.slice(eq + 1, bar), target, value };
}

/** Every variant value of a master root. */
export function variantValuesOf(master: ElementRecord | undefined): VariantValue[] {
  return Object.entries(master?.props ?? {})
    .map(([k, v]) => parseVariantKey(k, v))
    .filter((v): v is VariantValue => v !== null);
}

/**
 * The variant axes a master root stores values for, each with its options sorted. `extra`
 * adds options that hold no value yet (one just added in the editor).
 */
export function variantAxesOf(master: ElementRecord | undefined, extra: readonly { axis: string; option: string }[] = []): VariantAxis[] {
  const axes = new Map<string, Set<string>>();
  for (const { axis, option } of [...variantValuesOf(master), ...extra]) {
    let options = axes.get(axis);
    if (options === undefined) axes.set(axis, (options = new Set()));
    options.add(option);
  }
  return [...axes.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([axis, options]) => ({ axis, options: [...options].sort() }));
}

/** The master elements a master root marks as slots. */
export function slotsOf(master: ElementRecord | undefined): ElementId[] {
  return Object.entries(master?.props ?? {})
    .filter(([k, v]) => k.startsWith(SLOT_PREFIX) && v === true)
    .map(([k]) => k.slice(SLOT_PREFIX.length))
    .sort();
}

/** The overrides an instance stores: target (`<path>|<field>`) → value. */
export function overridesOf(instance: ElementRecord | undefined): Map<string, Scalar> {
  const out = new Map<string, Scalar>();
  for (const [k, v] of Object.entries(instance?.props ?? {})) if (k.startsWith(OVERRIDE_PREFIX)) out.set(k.slice(OVERRIDE_PREFIX.length), v);
  return out;
}

/** A shown element's origin, when the delta reports one (stored elements have none). */
export function originOf(el: ElementRecord | undefined): ShownOrigin | null {
  return el?.origin ?? null;
}

/**
 * The stored instance an element is shown by: its origin's, else the nearest stored instance
 * among its ancestors (for a shown element whose delta has no origin). Null for a stored element.
 */
export function instanceShowing(id: ElementId, get: (id: ElementId) => ElementRecord | undefined): ElementId | null {
  if (!isShownId(id)) return null;
  const origin = originOf(get(id));
  if (origin !== null) return origin.instance;
  let cur = get(id)?.parent ?? null;
  for (let hops = 0; cur !== null && hops < 1000; hops++) {
    const el = get(cur);
    if (el === undefined) return null;
    if (isStoredInstance(el)) return el.id;
    cur = el.parent;
  }
  return null;
}

/** Whether a shown element is a slot of its instance (where the instance takes its own children). */
export function isShownSlot(el: ElementRecord, get: (id: ElementId) => ElementRecord | undefined): boolean {
  const origin = originOf(el);
  const element = origin?.path.length === 1 ? origin.path[0] : undefined;
  if (origin === null || element === undefined) return false;
  return slotsOf(get(componentOf(get(origin.instance)) ?? '')).includes(element);
}

/** The master root a stored element belongs to (its page is the master root's id), or null on a page. */
export function masterOf(el: ElementRecord | undefined, get: (id: ElementId) => ElementRecord | undefined): ElementId | null {
  if (el === undefined) return null;
  const root = get(el.page);
  return root !== undefined && isMasterRoot(root) ? root.id : null;
}

/** What declaring a prop from one field of a master element would suggest: its kind, field and default. */
export interface PropSuggestion {
  readonly label: string;
  readonly kind: PropKind;
  readonly field: string;
  readonly default: Scalar | null;
}

/** The fields of a master element a prop can be made from (text, image source, link, visibility). */
export function propSuggestions(el: ElementRecord): PropSuggestion[] {
  const out: PropSuggestion[] = [];
  const src = el.props?.src;
  const href = el.props?.href;
  if ((el.kind === 'text' || el.kind === 'button' || el.kind === 'link') && el.children.length === 0) {
    out.push({ label: 'Text', kind: 'text', field: 'content', default: el.content ?? '' });
  }
  if (el.kind === 'image') out.push({ label: 'Image source', kind: 'image', field: propField('src'), default: typeof src === 'string' ? src : null });
  if (el.kind === 'link') out.push({ label: 'Link', kind: 'link', field: propField('href'), default: typeof href === 'string' ? href : null });
  out.push({ label: 'Hidden', kind: 'boolean', field: 'hidden', default: el.hidden === true });
  return out;
}

/** A prop name from a label (“Card title” → `cardTitle`), unique among `taken`. */
export function suggestPropName(label: string, taken: readonly string[]): string {
  const words = label.normalize('NFKD').replace(/[^A-Za-z0-9]+/g, ' ').trim().split(' ').filter(Boolean);
  let base = words.map((w, i) => (i === 0 ? w.toLowerCase() : w[0]?.toUpperCase() + w.slice(1).toLowerCase())).join('');
  if (!/^[A-Za-z]/.test(base)) base = `prop${base}`;
  base = base.slice(0, 60);
  let name = base;
  for (let n = 2; taken.includes(name); n++) name = `${base}${n}`;
  return name;
}

/** The master root prop holding a variant option's value for a target. */
export const variantKey = (axis: string, option: string, target: string): string => `${VARIANT_PREFIX}${axis}=${option}|${target}`;

/** The values an enum prop offers: those of the style property its target sets (none known: empty). */
export function enumOptions(target: string): readonly string[] {
  const field = parseTarget(target)?.field ?? '';
  const property = field.startsWith('style|') ? field.split('|')[2] : undefined;
  return property === undefined ? [] : (ENUM_STYLE_VALUES[property] ?? []);
}

const ENUM_STYLE_VALUES: Readonly<Record<string, readonly string[]>> = {
  'text-align': ['left', 'center', 'right', 'justify'],
  display: ['block', 'flex', 'grid', 'none'],
  'flex-direction': ['row', 'column'],
  'font-weight': ['300', '400', '500', '600', '700', '800', '900'],
};

/** A field key in words, for the override marks: `style|base|color` → “color”. */
export function fieldLabel(field: string): string {
  if (field === 'content') return 'text';
  if (field === 'hidden') return 'visibility';
  const parts = field.split('|');
  if (parts[0] === 'prop') return parts[1] ?? field;
  if (parts[0] === 'style') return parts[1] === 'base' ? (parts[2] ?? field) : `${parts[2] ?? ''} (${parts[1] ?? ''})`;
  return field;
}
