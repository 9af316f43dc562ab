// Properties of the selection at the active breakpoint: element settings, layout (display, flex,
// grid), spacing (margin and padding), size, position, typography, fill, border, effects.
// Values shown are the cascaded ones; a value set at this breakpoint is marked, an inherited one
// is dimmed. Edits go to the active breakpoint's slot, for every selected element. Components:
// ComponentSection.tsx (an instance's props, a shown element's overrides, a master's props,
// slots and variants — with a variant option chosen, style edits are recorded for it).
import { useId, useMemo, useState } from 'react';
import type { Breakpoint, Command, ElementRecord, Property, Scalar, StyleValue } from '../../bridge/types';
import { isShownId, isStoredInstance, styleField, targetOf, variantKey } from '../../lib/components';
import { InstanceSection, MasterSection, OverrideMark, OverridesProvider, ShownSection, StyleOverrideMark } from './ComponentSection';
import { tagChoice } from '../../lib/documentTags';
import { SelectField } from '../../lib/SelectField';
import { isFree, setStyles } from '../../lib/actions';
import { columnCount, equalColumns, parseColumnCount } from '../../lib/gridColumns';
import { naturalSize } from '../../lib/naturalSize';
import { anchorProblem } from '../../lib/linkTarget';
import { hasText } from '../../lib/presets';
import { cascadedSources, px, pxValue } from '../../lib/styles';
import { TextField } from '../../lib/TextField';
import { cssValue, referencedToken, shownValue, tokenReference, tokensFor } from '../../lib/tokens';
import { useElement, useProjectStore, useProjectStoreApi } from '../../store/projectStore';
import { ArrangeSection } from './ArrangeSection';
import { Section } from './Section';
import { ColorPicker } from '../../lib/ColorPicker';
import { choiceOf, fontChoices } from './fonts';
import { LinkPicker } from './LinkPicker';
import { scrubbed, scrubbedSides, type Side, type Spacing } from './spacingScrub';

const BP_LABEL: Record<Breakpoint, string> = { base: 'Desktop', tablet: 'Tablet', mobile: 'Mobile' };

function useStyleEditor(el: ElementRecord) {
  const api = useProjectStoreApi();
  const breakpoint = useProjectStore((s) => s.breakpoint);
  const selection = useProjectStore((s) => s.selection);
  // While a master is edited with a variant option chosen, style edits of its elements are that
  // option's values (`set_variant_value`), shown over the master's own.
  const variant = useProjectStore((s) => (s.editingComponent !== null && s.editingComponent === el.page ? s.variantChoice : null));
  const master = useElement(variant === null ? '' : el.page);
  // `el` is a new record whenever a delta names the element, so this asks again after each edit.
  const styles = useMemo(() => cascadedSources(api.getState().bridge, el.id, breakpoint), [api, el, breakpoint]);
  const ids = selection.includes(el.id) ? selection : [el.id];
  return {
    breakpoint,
    variant,
    read: (property: Property) => {
      const recorded = variant === null ? undefined : master?.props?.[variantKey(variant.axis, variant.option, targetOf(el.id, styleField(breakpoint, property)))];
      if (recorded !== undefined) return { value: String(recorded), here: true, inherited: false };
      const found = styles[property];
      const from = found?.from ?? null;
      return { value: found?.value ?? '', here: variant === null && from === breakpoint, inherited: from !== null && from !== breakpoint };
    },
    write: (set: Record<string, StyleValue>) => {
      if (variant === null) {
        setStyles(api, ids, set);
        return;
      }
      const commands: Command[] = ids.flatMap((id) =>
        Object.entries(set).map(([property, value]): Command => {
          const target = targetOf(id, styleField(breakpoint, property));
          const base = { type: 'set_variant_value', component: el.page, axis: variant.axis, option: variant.option, target } as const;
          return value === null ? base : { ...base, value: typeof value === 'number' ? px(value) : value };
        }),
      );
      api.getState().runBatch(commands);
    },
  };
}

type Editor = ReturnType<typeof useStyleEditor>;

/**
 * On a tablet or mobile override, a small button that removes it: the value set at a wider
 * breakpoint applies again (Webflow's "reset to inherited"). On an element shown inside an
 * instance, the mark of this instance's override of the field (ComponentSection.tsx).
 */
function ResetOverride({ editor, property, label }: { editor: Editor; property: Property; label: string }) {
  const { here } = editor.read(property);
  const mark = <StyleOverrideMark property={property} label={label} />;
  if (!here || editor.breakpoint === 'base' || editor.variant !== null) return mark;
  return (
    <>
      {mark}
      <button
        type="button"
        className="reset-override"
        aria-label={`Reset ${label} to inherited`}
        title={`Remove the ${BP_LABEL[editor.breakpoint]} override: the wider breakpoint's value applies`}
        onClick={() => editor.write({ [property]: null })}
      >
        ↺
      </button>
    </>
  );
}

/**
 * Beside a field whose property takes a design token (colours, font size, spacing, radius):
 * the token it uses, with a button to detach it (its value is written in place), or a menu to
 * pick one of the project's tokens of that kind.
 */
function TokenChoice({ editor, property, label }: { editor: Editor; property: Property; label: string }) {
  const tokens = useProjectStore((s) => s.tokens);
  const { value } = editor.read(property);
  const used = referencedToken(value);
  if (used !== null) {
    const token = tokens.get(used);
    return (
      <span className="token-chip" data-testid="token-chip" title={token === undefined ? 'This token was deleted' : `${token.name}: ${token.value}`}>
        {token?.name ?? 'missing token'}
        {token !== undefined && (
          <button type="button" className="token-detach" aria-label={`Detach ${label} from token ${token.name}`} title="Detach: keep the value, drop the token" onClick={() => editor.write({ [property]: token.value })}>
            ⨯
          </button>
        )}
      </span>
    );
  }
  const choices = tokensFor(tokens.values(), property);
  if (choices.length === 0) return null;
  return (
    <select className="field-input token-select" aria-label={`${label} token`} value="" onChange={(e) => e.target.value !== '' && editor.write({ [property]: tokenReference(e.target.value) })}>
      <option value="">Token…</option>
      {choices.map((t) => (
        <option key={t.id} value={t.id}>
          {t.name} ({t.value})
        </option>
      ))}
    </select>
  );
}

function StyleText({ editor, property, label, placeholder }: { editor: Editor; property: Property; label: string; placeholder?: string }) {
  const { value, here } = editor.read(property);
  const tokens = useProjectStore((s) => s.tokens);
  return (
    <div className="style-row">
      <TextField
        label={label}
        value={shownValue(value, tokens)}
        emphasis={here}
        placeholder={placeholder ?? '—'}
        className={`style-field${here ? '' : ' inherited'}`}
        onCommit={(v) => editor.write({ [property]: v === '' ? null : v })}
      />
      <TokenChoice editor={editor} property={property} label={label} />
      <ResetOverride editor={editor} property={property} label={label} />
    </div>
  );
}

function StyleSelect({ editor, property, label, options }: { editor: Editor; property: Property; label: string; options: readonly string[] }) {
  const id = useId();
  const { value, here } = editor.read(property);
  return (
    <div className={`field style-field${here ? '' : ' inherited'}`}>
      <label htmlFor={id} className="field-label">
        {label}
      </label>
      <select
        id={id}
        className={`field-input${here ? ' is-set' : ''}`}
        value={value}
        onChange={(e) => editor.write({ [property]: e.target.value === '' ? null : e.target.value })}
      >
        <option value="">—</option>
        {options.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </select>
      <ResetOverride editor={editor} property={property} label={label} />
    </div>
  );
}

function Segmented({ editor, property, label, options }: { editor: Editor; property: Property; label: string; options: readonly string[] }) {
  const { value } = editor.read(property);
  return (
    <div className="field segmented-field" role="group" aria-label={label}>
      <span className="field-label">{label}</span>
      <div className="segmented">
        {options.map((o) => (
          <button
            key={o}
            type="button"
            className={`segment${value === o ? ' active' : ''}`}
            aria-pressed={value === o}
            onClick={() => editor.write({ [property]: o })}
          >
            {o}
          </button>
        ))}
      </div>
      <ResetOverride editor={editor} property={property} label={label} />
    </div>
  );
}

function StyleColor({ editor, property, label }: { editor: Editor; property: Property; label: string }) {
  const { value, here } = editor.read(property);
  const tokens = useProjectStore((s) => s.tokens);
  const [open, setOpen] = useState(false);
  const unset = value === '' || value === 'transparent';
  const shown = shownValue(value, tokens);
  return (
    <div className="color-field">
      {/* The swatch shows the colour as the canvas draws it, or "none" when there is none
          (never a picker's default black); it opens the colour picker. */}
      <button
        type="button"
        className={`swatch${unset ? ' swatch-none' : ''}`}
        style={unset ? undefined : { background: cssValue(value) }}
        title={unset ? 'none' : shown}
        aria-label={`${label} picker`}
        aria-expanded={open}
        onClick={() => setOpen((o) => !o)}
      />
      <TextField
        label={label}
        value={shown}
        emphasis={here}
        placeholder="none"
        className={`style-field${here ? '' : ' inherited'}`}
        onCommit={(v) => editor.write({ [property]: v === '' ? null : v })}
      />
      <TokenChoice editor={editor} property={property} label={label} />
      <ResetOverride editor={editor} property={property} label={label} />
      {open && <ColorPicker label={label} value={shown} write={(color) => editor.write({ [property]: color })} onClose={() => setOpen(false)} />}
    </div>
  );
}

/**
 * The font: a menu of the fonts the project has (the open fonts the editor comes with, then the
 * uploaded ones), each row drawn in its own face, and a field for any other stack.
 */
function FontField({ editor }: { editor: Editor }) {
  const assets = useProjectStore((s) => s.assets);
  const choices = useMemo(() => fontChoices(assets.values()), [assets]);
  const { value, here } = editor.read('font-family');
  const [open, setOpen] = useState(false);
  const current = choiceOf(value, choices);
  const pick = (stack: string | null): void => {
    editor.write({ 'font-family': stack });
    setOpen(false);
  };
  return (
    <div className={`field style-field font-field${here ? '' : ' inherited'}`}>
      <span className="field-label">Font</span>
      <button
        type="button"
        className={`field-input font-current${here ? ' is-set' : ''}`}
        aria-label="Font"
        aria-haspopup="listbox"
        aria-expanded={open}
        style={value === '' ? undefined : { fontFamily: value }}
        onClick={() => setOpen((o) => !o)}
      >
        {current?.label ?? (value === '' ? 'DejaVu Sans (default)' : value)}
      </button>
      <ResetOverride editor={editor} property="font-family" label="Font" />
      {open && (
        <div className="font-menu">
          <div role="listbox" aria-label="Fonts">
            {choices.map((c) => (
              <button key={c.stack} type="button" role="option" aria-selected={c === current} className="font-option" style={{ fontFamily: c.stack }} onClick={() => pick(c.stack)}>
                {c.label}
                {c.uploaded && <span className="font-uploaded">uploaded</span>}
              </button>
            ))}
          </div>
          <TextField label="Custom font stack" placeholder='"Inter", sans-serif' value={current === undefined ? value : ''} onCommit={(stack) => pick(stack === '' ? null : stack)} />
        </div>
      )}
    </div>
  );
}

/** Columns as a count (three equal columns); the CSS field beside it takes any template. */
function GridColumns({ editor }: { editor: Editor }) {
  const api = useProjectStoreApi();
  const { value, here } = editor.read('grid-template-columns');
  const count = columnCount(value);
  return (
    <TextField
      label="Columns"
      value={count === null ? '' : String(count)}
      emphasis={here}
      placeholder={value === '' ? '1' : 'custom'}
      className={`style-field${here ? '' : ' inherited'}`}
      onCommit={(text) => {
        if (text === '') return;
        const parsed = parseColumnCount(text);
        if ('problem' in parsed) api.getState().showMessage('invalid_columns', parsed.problem);
        else editor.write({ 'grid-template-columns': equalColumns(parsed.count) });
      }}
    />
  );
}

const SIDES = ['top', 'right', 'bottom', 'left'] as const;

/**
 * One side of the spacing box: its label is a handle to drag (scrub) the value — previewed live
 * as one engine gesture and written once, one undo step; Escape drops it.
 */
function SpacingCell({ editor, kind, side }: { editor: Editor; kind: Spacing; side: Side }) {
  const api = useProjectStoreApi();
  const property: Property = `${kind}-${side}`;
  const label = `${kind === 'margin' ? 'Margin' : 'Padding'} ${side}`;
  const onPointerDown = (e: React.PointerEvent<HTMLSpanElement>): void => {
    if (e.button !== 0) return;
    e.preventDefault();
    const handle = e.currentTarget;
    handle.setPointerCapture(e.pointerId);
    const start = pxValue(editor.read(property).value) ?? 0;
    const x0 = e.clientX;
    const bridge = api.getState().bridge;
    bridge.beginGesture();
    const move = (m: PointerEvent): void => {
      const value = px(scrubbed(kind, start, m.clientX - x0, m.shiftKey));
      const set: Record<string, StyleValue> = {};
      for (const p of scrubbedSides(kind, side, m.altKey, m.shiftKey && m.altKey)) set[p] = value;
      editor.write(set);
    };
    const stop = (commit: boolean): void => {
      handle.removeEventListener('pointermove', move);
      handle.removeEventListener('pointerup', up);
      handle.removeEventListener('lostpointercapture', lost);
      window.removeEventListener('keydown', key, true);
      if (commit) bridge.endGesture();
      else bridge.cancelGesture();
    };
    const up = (): void => stop(true);
    const lost = (): void => stop(true);
    const key = (k: KeyboardEvent): void => {
      if (k.key !== 'Escape') return;
      k.preventDefault();
      k.stopPropagation();
      stop(false);
    };
    handle.addEventListener('pointermove', move);
    handle.addEventListener('pointerup', up);
    handle.addEventListener('lostpointercapture', lost);
    window.addEventListener('keydown', key, true);
  };
  return (
    <div className={`bm-${kind}-${side}`}>
      <span
        className="bm-scrub"
        role="slider"
        aria-label={`Drag to change ${label}`}
        aria-valuenow={pxValue(editor.read(property).value) ?? 0}
        title={`${label}: drag to change (Shift ×10, Alt: opposite side too, Alt+Shift: all sides)`}
        onPointerDown={onPointerDown}
      >
        {side}
      </span>
      <StyleText editor={editor} property={property} label={label} placeholder="0" />
    </div>
  );
}

function BoxModel({ editor }: { editor: Editor }) {
  return (
    <div className="box-model">
      <span className="bm-caption bm-caption-margin">Margin</span>
      {SIDES.map((s) => (
        <SpacingCell key={s} editor={editor} kind="margin" side={s} />
      ))}
      <div className="bm-inner">
        <span className="bm-caption">Padding</span>
        {SIDES.map((s) => (
          <SpacingCell key={s} editor={editor} kind="padding" side={s} />
        ))}
      </div>
    </div>
  );
}

function ElementSettings({ el }: { el: ElementRecord }) {
  const api = useProjectStoreApi();
  const tags = tagChoice(el);
  const prop = (key: string): string => {
    const v: Scalar | undefined = el.props?.[key];
    return v === undefined ? '' : String(v);
  };
  const setProp = (key: string, value: string): void => {
    api.getState().run({ type: 'update_props', id: el.id, set: { [key]: value === '' ? null : value } });
  };
  // An image's source and its natural size go in as one command, one undo step: the engine
  // lays the image out at that size and the export writes it as width/height.
  const setSource = async (src: string): Promise<void> => {
    const size = el.kind === 'image' && src !== '' ? await naturalSize(src) : undefined;
    const set: Record<string, Scalar | null> = { src: src === '' ? null : src };
    if (size !== undefined) Object.assign(set, { width: size.width, height: size.height });
    api.getState().run({ type: 'update_props', id: el.id, set });
  };
  return (
    <Section title="Element">
      <div className="element-kind">
        <span className="badge">{el.kind}</span>
        <span className="element-id">#{el.id}</span>
      </div>
      {el.kind !== 'body' && (
        <TextField label="Name" value={el.name ?? ''} onCommit={(name) => name !== '' && api.getState().run({ type: 'rename_element', id: el.id, name })} />
      )}
      {tags !== undefined && (
        <SelectField label="Tag" value={tags.value} options={tags.options} onChange={(tag) => api.getState().run({ type: 'set_tag', id: el.id, tag })} />
      )}
      {hasText(el.kind) && el.children.length === 0 && (
        <div className="style-row">
          <TextField label="Text" multiline value={el.content ?? ''} onCommit={(content) => api.getState().run({ type: 'set_content', id: el.id, content })} />
          <OverrideMark field="content" label="text" />
        </div>
      )}
      {(el.kind === 'image' || el.kind === 'video') && (
        <div className="style-row">
          <TextField label="Source URL" value={prop('src')} onCommit={(v) => void setSource(v)} />
          <OverrideMark field="prop|src" label="source" />
        </div>
      )}
      {el.kind === 'image' && <TextField label="Alt text" value={prop('alt')} onCommit={(v) => setProp('alt', v)} />}
      {el.kind !== 'body' && (
        <TextField
          label="Anchor"
          placeholder="e.g. pricing"
          value={prop('anchor')}
          onCommit={(anchor) => {
            const problem = anchor === '' ? null : anchorProblem(anchor);
            if (problem !== null) api.getState().showMessage('invalid_anchor', problem);
            else setProp('anchor', anchor);
          }}
        />
      )}
      {el.kind === 'link' && <LinkPicker el={el} />}
      {el.kind === 'input' && <TextField label="Placeholder" value={prop('placeholder')} onCommit={(v) => setProp('placeholder', v)} />}
    </Section>
  );
}

function StylesFor({ el }: { el: ElementRecord }) {
  const editor = useStyleEditor(el);
  const display = editor.read('display').value;
  const position = editor.read('position').value;
  return (
    <>
      <Section title="Layout">
        <Segmented editor={editor} property="display" label="Display" options={['block', 'flex', 'grid', 'none']} />
        {display === 'flex' && (
          <>
            <Segmented editor={editor} property="flex-direction" label="Direction" options={['row', 'column']} />
            <div className="field-grid">
              <StyleSelect editor={editor} property="justify-content" label="Justify" options={['flex-start', 'center', 'flex-end', 'space-between', 'space-around', 'space-evenly']} />
              <StyleSelect editor={editor} property="align-items" label="Align" options={['stretch', 'flex-start', 'center', 'flex-end', 'baseline']} />
              <StyleSelect editor={editor} property="flex-wrap" label="Wrap" options={['nowrap', 'wrap', 'wrap-reverse']} />
              <StyleText editor={editor} property="gap" label="Gap" placeholder="0" />
            </div>
          </>
        )}
        {display === 'grid' && (
          <div className="field-grid">
            <GridColumns editor={editor} />
            <StyleText editor={editor} property="grid-template-columns" label="Columns CSS" placeholder="1fr 1fr" />
            <StyleText editor={editor} property="grid-template-rows" label="Rows" placeholder="auto" />
            <StyleText editor={editor} property="gap" label="Gap" placeholder="0" />
            <StyleSelect editor={editor} property="align-items" label="Align" options={['stretch', 'start', 'center', 'end']} />
          </div>
        )}
        <div className="field-grid">
          <StyleText editor={editor} property="flex-grow" label="Grow" placeholder="0" />
          <StyleText editor={editor} property="flex-shrink" label="Shrink" placeholder="1" />
          <StyleText editor={editor} property="flex-basis" label="Basis" placeholder="auto" />
          <StyleSelect editor={editor} property="align-self" label="Align self" options={['auto', 'flex-start', 'center', 'flex-end', 'stretch']} />
        </div>
      </Section>
      <Section title="Spacing">
        <BoxModel editor={editor} />
      </Section>
      <Section title="Size">
        <div className="field-grid">
          <StyleText editor={editor} property="width" label="Width" placeholder="auto" />
          <StyleText editor={editor} property="height" label="Height" placeholder="auto" />
          <StyleText editor={editor} property="min-width" label="Min W" placeholder="0" />
          <StyleText editor={editor} property="min-height" label="Min H" placeholder="0" />
          <StyleText editor={editor} property="max-width" label="Max W" placeholder="none" />
          <StyleText editor={editor} property="max-height" label="Max H" placeholder="none" />
        </div>
        <StyleSelect editor={editor} property="overflow" label="Overflow" options={['visible', 'hidden', 'scroll', 'auto']} />
        {el.kind === 'image' && <StyleSelect editor={editor} property="object-fit" label="Fit" options={['fill', 'contain', 'cover', 'none', 'scale-down']} />}
      </Section>
      <Section title="Position">
        <StyleSelect editor={editor} property="position" label="Position" options={['static', 'relative', 'absolute', 'fixed', 'sticky']} />
        {position !== '' && position !== 'static' && (
          <div className="field-grid">
            <StyleText editor={editor} property="top" label="Top" placeholder="auto" />
            <StyleText editor={editor} property="right" label="Right" placeholder="auto" />
            <StyleText editor={editor} property="bottom" label="Bottom" placeholder="auto" />
            <StyleText editor={editor} property="left" label="Left" placeholder="auto" />
            <StyleText editor={editor} property="z-index" label="Z index" placeholder="auto" />
          </div>
        )}
      </Section>
      <Section title="Typography">
        <FontField editor={editor} />
        <div className="field-grid">
          <StyleText editor={editor} property="font-size" label="Size" placeholder="16px" />
          <StyleSelect editor={editor} property="font-weight" label="Weight" options={['300', '400', '500', '600', '700', '800', '900']} />
          <StyleText editor={editor} property="line-height" label="Line height" placeholder="normal" />
          <StyleText editor={editor} property="letter-spacing" label="Letter sp." placeholder="normal" />
        </div>
        <StyleColor editor={editor} property="color" label="Color" />
        <Segmented editor={editor} property="text-align" label="Align" options={['left', 'center', 'right', 'justify']} />
        <div className="field-grid">
          <StyleSelect editor={editor} property="text-transform" label="Case" options={['none', 'uppercase', 'lowercase', 'capitalize']} />
          <StyleSelect editor={editor} property="font-style" label="Style" options={['normal', 'italic']} />
          <StyleText editor={editor} property="text-decoration" label="Decoration" placeholder="none" />
        </div>
      </Section>
      <Section title="Fill">
        <StyleColor editor={editor} property="background-color" label="Background" />
        <StyleText editor={editor} property="background-image" label="Image / gradient" placeholder="none" />
      </Section>
      <Section title="Border">
        <div className="field-grid">
          <BorderWidth editor={editor} />
          <StyleSelect editor={editor} property="border-style" label="Style" options={['none', 'solid', 'dashed', 'dotted', 'double']} />
          <StyleText editor={editor} property="border-radius" label="Radius" placeholder="0" />
        </div>
        <StyleColor editor={editor} property="border-color" label="Border color" />
      </Section>
      <Section title="Effects">
        <StyleText editor={editor} property="box-shadow" label="Shadow" placeholder="0 4px 12px rgb(0 0 0 / 0.15)" />
        <div className="field-grid">
          <StyleText editor={editor} property="opacity" label="Opacity" placeholder="1" />
          <StyleSelect editor={editor} property="cursor" label="Cursor" options={['auto', 'default', 'pointer', 'text', 'move', 'not-allowed', 'grab']} />
        </div>
      </Section>
    </>
  );
}

/** One field for the four border widths (the usual case); per-side widths stay possible in code. */
function BorderWidth({ editor }: { editor: Editor }) {
  const { value, here } = editor.read('border-top-width');
  return (
    <TextField
      label="Border width"
      value={value}
      emphasis={here}
      placeholder="0"
      className={`style-field${here ? '' : ' inherited'}`}
      onCommit={(v) => {
        const w = v === '' ? null : v;
        editor.write({ 'border-top-width': w, 'border-right-width': w, 'border-bottom-width': w, 'border-left-width': w });
      }}
    />
  );
}

export function PropertiesPanel() {
  const first = useProjectStore((s) => s.selection[0]);
  const count = useProjectStore((s) => s.selection.length);
  const breakpoint = useProjectStore((s) => s.breakpoint);
  const el = useElement(first ?? '');
  const api = useProjectStoreApi();
  const editing = useProjectStore((s) => s.editingComponent);
  const arrange = el !== undefined && el.kind !== 'body' && (count > 1 || isFree(api, el.id));
  return (
    <aside className="panel properties-panel" aria-label="Properties">
      <header className="panel-header">
        <h2>Properties</h2>
        <span className={`bp-pill bp-${breakpoint}`} title="Style edits apply at this breakpoint and below">
          {BP_LABEL[breakpoint]}
        </span>
      </header>
      {el === undefined ? (
        <div className="panel-empty">
          <p>Select an element on the canvas or in Layers to edit its properties.</p>
          <p className="panel-hint">Press ? for keyboard shortcuts.</p>
        </div>
      ) : (
        <div className="panel-body">
          {count > 1 && <p className="panel-hint">{count} elements selected — edits apply to all.</p>}
          <OverridesProvider el={el}>
            {arrange && <ArrangeSection count={count} />}
            {isStoredInstance(el) && <InstanceSection el={el} />}
            {isShownId(el.id) && <ShownSection el={el} />}
            {editing !== null && el.page === editing && <MasterSection el={el} component={editing} />}
            {el.kind !== 'instance' && <ElementSettings el={el} />}
            <StylesFor el={el} />
          </OverridesProvider>
        </div>
      )}
    </aside>
  );
}
