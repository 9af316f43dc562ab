// The properties panel's component sections:
// - an instance: its props as typed inputs, a select per variant axis, Detach and Edit component;
// - an element shown inside an instance: which instance, the fields this instance overrides on
//   it, each with Reset (and `OverrideMark` beside the field itself);
// - an element of a master being edited: make a prop of one of its fields, mark it as a slot; the
//   component's variants (axis and option), one chosen to record style edits for.
import { createContext, useContext, useMemo, useState, type ReactNode } from 'react';
import type { ElementId, ElementRecord, PropKind, Scalar } from '../../bridge/types';
import { editComponentOf } from '../../lib/componentActions';
import {
  componentOf,
  declarationsOf,
  enumOptions,
  fieldLabel,
  optionNameProblem,
  originOf,
  parseTarget,
  propNameProblem,
  propSuggestions,
  slotsOf,
  styleField,
  suggestPropName,
  targetOf,
  variantAxesOf,
  type PropDeclaration,
} from '../../lib/components';
import { holdsChildren } from '../../lib/presets';
import { SelectField } from '../../lib/SelectField';
import { TextField } from '../../lib/TextField';
import { useElement, useProjectStore, useProjectStoreApi } from '../../store/projectStore';
import { LinkPicker } from './LinkPicker';
import { Section } from './Section';


// ---- overrides of a shown element ----------------------------------------------------------

/** The shown element being inspected and the fields its instance overrides on it. */
interface Overrides {
  readonly id: ElementId;
  readonly fields: ReadonlySet<string>;
}

const OverridesContext = createContext<Overrides | null>(null);

/** Provides the overrides of `el` (when it is shown inside an instance) to the fields below. */
export function OverridesProvider({ el, children }: { el: ElementRecord; children: ReactNode }) {
  const origin = originOf(el);
  const value = useMemo(() => (origin === null ? null : { id: el.id, fields: new Set(origin.overridden) }), [el.id, origin]);
  return <OverridesContext.Provider value={value}>{children}</OverridesContext.Provider>;
}

/**
 * Beside a field of an element shown inside an instance, when the instance overrides it: a mark
 * that says so and resets it to the master's value (`reset_override`).
 */
export function OverrideMark({ field, label }: { field: string; label: string }) {
  const api = useProjectStoreApi();
  const overrides = useContext(OverridesContext);
  if (overrides === null || !overrides.fields.has(field)) return null;
  return (
    <button
      type="button"
      className="override-mark"
      data-testid="override-mark"
      aria-label={`Reset ${label} to the component's value`}
      title={`This instance overrides ${label}: click to use the component's value again`}
      onClick={() => api.getState().run({ type: 'reset_override', id: overrides.id, field })}
    >
      ◆
    </button>
  );
}

/** Convenience for style fields: the mark for `property` at the active breakpoint. */
export function StyleOverrideMark({ property, label }: { property: string; label: string }) {
  const breakpoint = useProjectStore((s) => s.breakpoint);
  return <OverrideMark field={styleField(breakpoint, property)} label={label} />;
}

/** For an element shown inside an instance: which instance, and every field it overrides here. */
export function ShownSection({ el }: { el: ElementRecord }) {
  const api = useProjectStoreApi();
  const origin = originOf(el);
  const instance = useElement(origin?.instance ?? '');
  if (origin === null) return null;
  return (
    <Section title="Component instance">
      <p className="panel-hint">
        Inside an instance of <strong>{instance?.name ?? 'a component'}</strong>. Edits here override the component for this instance only.
      </p>
      {origin.overridden.length === 0 ? (
        <p className="panel-hint" data-testid="no-overrides">
          Nothing overridden: it shows the component’s values.
        </p>
      ) : (
        <ul className="override-list" aria-label="Overrides">
          {origin.overridden.map((field) => (
            <li key={field} data-testid="override-row">
              <span>{fieldLabel(field)}</span>
              <button type="button" className="button small" aria-label={`Reset ${fieldLabel(field)}`} onClick={() => api.getState().run({ type: 'reset_override', id: el.id, field })}>
                Reset
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="button-row">
        {origin.overridden.length > 1 && (
          <button type="button" className="button small" onClick={() => api.getState().run({ type: 'reset_override', id: el.id })}>
            Reset all
          </button>
        )}
        <button type="button" className="button small" onClick={() => api.getState().select([origin.instance])}>
          Select instance
        </button>
        <button type="button" className="button small" onClick={() => editComponentOf(api, el.id)}>
          Edit component
        </button>
      </div>
    </Section>
  );
}

// ---- an instance's props ---------------------------------------------------------------------

function PropInput({ instance, decl }: { instance: ElementRecord; decl: PropDeclaration }) {
  const api = useProjectStoreApi();
  const assets = useProjectStore((s) => s.assets);
  const given = instance.props?.[decl.name];
  const value: Scalar | null = given ?? decl.default;
  const label = decl.name;
  const write = (v: Scalar | null): void => {
    api.getState().run({ type: 'update_props', id: instance.id, set: { [decl.name]: v } });
  };
  const text = value === null ? '' : String(value);
  const reset =
    given === undefined ? null : (
      <button type="button" className="reset-override" aria-label={`Reset ${label} to the component's default`} title="Use the component's default" onClick={() => write(null)}>
        ↺
      </button>
    );
  switch (decl.kind) {
    case 'boolean':
      return (
        <div className="style-row">
          <label className="check-field">
            <input type="checkbox" aria-label={label} checked={value === true} onChange={(e) => write(e.target.checked)} /> {label}
          </label>
          {reset}
        </div>
      );
    case 'number':
      return (
        <div className="style-row">
          <TextField
            label={label}
            value={text}
            emphasis={given !== undefined}
            onCommit={(typed) => {
              if (typed === '') return write(null);
              const n = Number(typed.replace(/px$/, ''));
              if (Number.isFinite(n)) write(n);
              else api.getState().showMessage('invalid_number', `“${typed}” is not a number.`);
            }}
          />
          {reset}
        </div>
      );
    case 'link':
      return (
        <div className="prop-link" role="group" aria-label={label}>
          <span className="field-label">{label}</span>
          <LinkPicker el={instance} value={text} onChange={write} />
          {reset}
        </div>
      );
    case 'image': {
      const images = [...assets.values()].filter((a) => a.mime.startsWith('image/'));
      return (
        <div className="prop-image" role="group" aria-label={label}>
          <TextField label={`${label} (source URL)`} value={text} emphasis={given !== undefined} onCommit={(v) => write(v === '' ? null : v)} />
          {images.length > 0 && (
            <SelectField
              label={`${label} from the library`}
              value={images.some((a) => `asset:${a.id}` === text) ? text : ''}
              options={[{ value: '', label: 'Choose an image…' }, ...images.map((a) => ({ value: `asset:${a.id}`, label: a.name }))]}
              onChange={(v) => v !== '' && write(v)}
            />
          )}
          {reset}
        </div>
      );
    }
    case 'enum': {
      const options = enumOptions(decl.target);
      if (options.length > 0) {
        return (
          <div className="style-row">
            <SelectField label={label} value={text} options={[{ value: '', label: '—' }, ...options.map((o) => ({ value: o, label: o }))]} onChange={(v) => write(v === '' ? null : v)} />
            {reset}
          </div>
        );
      }
      return (
        <div className="style-row">
          <TextField label={label} value={text} emphasis={given !== undefined} onCommit={(v) => write(v === '' ? null : v)} />
          {reset}
        </div>
      );
    }
    default:
      return (
        <div className="style-row">
          <TextField label={label} value={text} emphasis={given !== undefined} multiline={decl.kind === 'text'} onCommit={(v) => write(v)} />
          {reset}
        </div>
      );
  }
}

/** A stored instance: its props, its variants, Detach and Edit component. */
export function InstanceSection({ el }: { el: ElementRecord }) {
  const api = useProjectStoreApi();
  const master = useElement(componentOf(el) ?? '');
  const declarations = useMemo(() => declarationsOf(master), [master]);
  const axes = useMemo(() => variantAxesOf(master), [master]);
  return (
    <Section title="Component">
      <p className="panel-hint">
        Instance of <strong data-testid="instance-of">{master?.name ?? 'a missing component'}</strong>
      </p>
      {declarations.length === 0 && axes.length === 0 && <p className="panel-hint">This component declares no props yet: edit it to add some.</p>}
      {declarations.length > 0 && (
        <div className="instance-props" role="group" aria-label="Props">
          {declarations.map((d) => (
            <PropInput key={d.name} instance={el} decl={d} />
          ))}
        </div>
      )}
      {axes.map(({ axis, options }) => {
        const chosen = el.props?.[axis];
        return (
          <SelectField
            key={axis}
            label={axis}
            value={typeof chosen === 'string' ? chosen : ''}
            options={[{ value: '', label: 'Default' }, ...options.map((o) => ({ value: o, label: o }))]}
            onChange={(option) => api.getState().run({ type: 'update_props', id: el.id, set: { [axis]: option === '' ? null : option } })}
          />
        );
      })}
      <div className="button-row">
        <button type="button" className="button small" onClick={() => editComponentOf(api, el.id)}>
          Edit component
        </button>
        <button type="button" className="button small" onClick={() => api.getState().run({ type: 'detach_instance', id: el.id })}>
          Detach
        </button>
      </div>
    </Section>
  );
}

// ---- a master being edited -------------------------------------------------------------------

/** Styles a prop can set, with the kind of value it takes (a number is px). */
const STYLE_PROPS: Readonly<Record<string, PropKind>> = {
  'background-color': 'text',
  color: 'text',
  'font-size': 'number',
  width: 'number',
  height: 'number',
  'padding-top': 'number',
  'border-radius': 'number',
  'text-align': 'enum',
  display: 'enum',
};

/** Make a prop of one field of a master element: text, image source, link, visibility, or a style. */
function DeclareProp({ el, component }: { el: ElementRecord; component: ElementId }) {
  const api = useProjectStoreApi();
  const master = useElement(component);
  const breakpoint = useProjectStore((s) => s.breakpoint);
  const declarations = useMemo(() => declarationsOf(master), [master]);
  const suggestions = useMemo(() => {
    const base = propSuggestions(el).map((s) => ({ ...s, key: s.field }));
    const styles = Object.entries(STYLE_PROPS).map(([property, kind]) => ({ label: `Style: ${property}`, kind, field: styleField(breakpoint, property), default: null, key: styleField(breakpoint, property) }));
    return [...base, ...styles];
  }, [el, breakpoint]);
  const [field, setField] = useState(suggestions[0]?.key ?? '');
  const chosen = suggestions.find((s) => s.key === field) ?? suggestions[0];
  const [name, setName] = useState('');
  const mine = declarations.filter((d) => parseTarget(d.target)?.path[0] === el.id);
  const add = (): void => {
    if (chosen === undefined) return;
    const typed = name.trim() === '' ? suggestPropName(`${el.name ?? el.kind} ${chosen.label.replace(/^Style: /, '')}`, declarations.map((d) => d.name)) : name.trim();
    const problem = propNameProblem(typed);
    if (problem !== null) {
      api.getState().showMessage('invalid_prop', problem);
      return;
    }
    if (declarations.some((d) => d.name === typed)) {
      api.getState().showMessage('prop_taken', `This component has a prop “${typed}” already: choose another name.`);
      return;
    }
    // Visibility is stored as `hidden`: the prop's default is whether it is hidden now.
    const command = { type: 'declare_prop', component, name: typed, kind: chosen.kind, target: targetOf(el.id, chosen.field) } as const;
    const applied = api.getState().run(chosen.default === null ? command : { ...command, default: chosen.default });
    if (applied !== null) setName('');
  };
  return (
    <div className="declare-prop" role="group" aria-label="Props">
      {mine.length > 0 && (
        <ul className="prop-list" aria-label="Props of this element">
          {mine.map((d) => (
            <li key={d.name} data-testid="declared-prop">
              <span>
                <strong>{d.name}</strong> · {d.kind} · {fieldLabel(parseTarget(d.target)?.field ?? '')}
              </span>
              <button type="button" className="button small danger" aria-label={`Remove prop ${d.name}`} onClick={() => api.getState().run({ type: 'remove_prop', component, name: d.name })}>
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      <SelectField label="Make a prop of" value={chosen?.key ?? ''} options={suggestions.map((s) => ({ value: s.key, label: `${s.label} (${s.kind})` }))} onChange={setField} />
      <div className="field">
        <label className="field-label" htmlFor={`prop-name-${el.id}`}>
          Prop name
        </label>
        <input id={`prop-name-${el.id}`} className="field-input" placeholder="e.g. title" value={name} onChange={(e) => setName(e.target.value)} onKeyDown={(e) => e.key === 'Enter' && add()} />
      </div>
      <button type="button" className="button small" onClick={add}>
        Add prop
      </button>
    </div>
  );
}

/** The component's variants: pick the option style edits are recorded for, add and remove options. */
function Variants({ component }: { component: ElementId }) {
  const api = useProjectStoreApi();
  const master = useElement(component);
  const drafts = useProjectStore((s) => s.draftVariants);
  const choice = useProjectStore((s) => s.variantChoice);
  const axes = useMemo(() => variantAxesOf(master, drafts.filter((d) => d.component === component)), [master, drafts, component]);
  const [axis, setAxis] = useState('');
  const [option, setOption] = useState('');
  const add = (): void => {
    const problem = propNameProblem(axis.trim()) ?? optionNameProblem(option.trim());
    if (problem !== null) {
      api.getState().showMessage('invalid_variant', problem);
      return;
    }
    const made = { axis: axis.trim(), option: option.trim() };
    api.getState().addDraftVariant(component, made);
    api.getState().setVariantChoice(made);
    setOption('');
  };
  return (
    <Section title="Variants">
      <div className="variant-options" role="radiogroup" aria-label="Record style edits for">
        <button type="button" role="radio" aria-checked={choice === null} className={`segment${choice === null ? ' active' : ''}`} onClick={() => api.getState().setVariantChoice(null)}>
          Master
        </button>
        {axes.flatMap(({ axis: a, options }) =>
          options.map((o) => {
            const on = choice?.axis === a && choice.option === o;
            return (
              <span key={`${a}=${o}`} className="variant-chip">
                <button type="button" role="radio" aria-checked={on} className={`segment${on ? ' active' : ''}`} onClick={() => api.getState().setVariantChoice({ axis: a, option: o })}>
                  {a} = {o}
                </button>
                <button
                  type="button"
                  className="icon-button"
                  aria-label={`Remove variant ${a} = ${o}`}
                  onClick={() => {
                    api.getState().run({ type: 'remove_variant', component, axis: a, option: o });
                    if (on) api.getState().setVariantChoice(null);
                  }}
                >
                  ✕
                </button>
              </span>
            );
          }),
        )}
      </div>
      <p className="panel-hint">
        {choice === null ? 'Style edits change the master.' : `Style edits are recorded for ${choice.axis} = ${choice.option}; instances choose it in their Component section.`}
      </p>
      <div className="field-grid">
        <div className="field">
          <label className="field-label" htmlFor={`variant-axis-${component}`}>
            Axis
          </label>
          <input id={`variant-axis-${component}`} className="field-input" placeholder="e.g. size" value={axis} list={`variant-axes-${component}`} onChange={(e) => setAxis(e.target.value)} />
          <datalist id={`variant-axes-${component}`}>
            {axes.map((a) => (
              <option key={a.axis} value={a.axis} />
            ))}
          </datalist>
        </div>
        <div className="field">
          <label className="field-label" htmlFor={`variant-option-${component}`}>
            Option
          </label>
          <input id={`variant-option-${component}`} className="field-input" placeholder="e.g. large" value={option} onChange={(e) => setOption(e.target.value)} onKeyDown={(e) => e.key === 'Enter' && add()} />
        </div>
      </div>
      <button type="button" className="button small" onClick={add}>
        Add variant
      </button>
    </Section>
  );
}

/** An element of the master being edited: its props and slot; then the component's variants. */
export function MasterSection({ el, component }: { el: ElementRecord; component: ElementId }) {
  const api = useProjectStoreApi();
  const master = useElement(component);
  const slot = slotsOf(master).includes(el.id);
  return (
    <>
      <Section title="Component">
        <DeclareProp key={el.id} el={el} component={component} />
        {holdsChildren(el.kind) && el.kind !== 'button' && el.kind !== 'link' && (
          <label className="check-field">
            <input type="checkbox" checked={slot} onChange={(e) => api.getState().run({ type: 'set_slot', component, element: el.id, slot: e.target.checked })} /> Slot: each instance fills it with its own
            elements
          </label>
        )}
      </Section>
      <Variants component={component} />
    </>
  );
}
