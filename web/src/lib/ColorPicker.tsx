// The colour picker behind a colour field's swatch: a saturation/value square and hue and alpha
// sliders (each drag previewed live and written once, one undo step), the value as hex, RGB or
// HSL, the document's colours and the designer's recent ones, and an eyedropper where the
// browser has one. Escape or a click outside closes it.
import { useEffect, useMemo, useRef, useState } from 'react';
import { formatColor, formatOf, hsvToRgb, parseColor, rgbToHsv, type ColorFormat, type Hsva } from './color';
import { useProjectStore, useProjectStoreApi } from '../store/projectStore';

const RECENT_KEY = 'omnios:recent-colors';
const COLOR_PROPERTIES = new Set(['color', 'background-color', 'border-color']);

function readRecent(): string[] {
  try {
    const list: unknown = JSON.parse(localStorage.getItem(RECENT_KEY) ?? '[]');
    return Array.isArray(list) ? list.filter((c): c is string => typeof c === 'string' && parseColor(c) !== null).slice(0, 8) : [];
  } catch {
    return [];
  }
}

function remember(color: string): void {
  try {
    localStorage.setItem(RECENT_KEY, JSON.stringify([color, ...readRecent().filter((c) => c !== color)].slice(0, 8)));
  } catch {
    // recent colours are a convenience
  }
}

/** The colours used anywhere in the document, most used first. */
function useDocumentColors(): string[] {
  const elements = useProjectStore((s) => s.elements);
  return useMemo(() => {
    const counts = new Map<string, number>();
    for (const el of elements.values()) {
      for (const slot of Object.values(el.styles ?? {})) {
        for (const [property, value] of Object.entries(slot ?? {})) {
          if (COLOR_PROPERTIES.has(property) && typeof value === 'string' && parseColor(value) !== null) counts.set(value, (counts.get(value) ?? 0) + 1);
        }
      }
    }
    return [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([c]) => c).slice(0, 16);
  }, [elements]);
}

interface EyeDropperResult {
  readonly sRGBHex: string;
}
type EyeDropperCtor = new () => { open(): Promise<EyeDropperResult> };

export function ColorPicker({
  label,
  value,
  write,
  onClose,
}: {
  readonly label: string;
  readonly value: string;
  /** Writes the colour (null removes it). */
  readonly write: (color: string | null) => void;
  readonly onClose: () => void;
}) {
  const api = useProjectStoreApi();
  const parsed = parseColor(value);
  const [hsva, setHsva] = useState<Hsva>(() => rgbToHsv(parsed ?? { r: 255, g: 255, b: 255, a: 1 }));
  const [format, setFormat] = useState<ColorFormat>(() => formatOf(value));
  const [text, setText] = useState(value);
  const dragging = useRef(false);
  const root = useRef<HTMLDivElement>(null);
  const documentColors = useDocumentColors();
  const [recent] = useState(readRecent);
  const EyeDropper = (window as unknown as { EyeDropper?: EyeDropperCtor }).EyeDropper;

  // Follow the document while not dragging (undo, a peer's edit).
  useEffect(() => {
    if (dragging.current) return;
    const c = parseColor(value);
    if (c !== null) setHsva((h) => (formatColor(hsvToRgb(h), 'hex') === formatColor(c, 'hex') ? h : rgbToHsv(c)));
    setText(value);
  }, [value]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.key !== 'Escape') return;
      e.stopPropagation();
      onClose();
    };
    const onDown = (e: PointerEvent): void => {
      if (root.current !== null && !root.current.contains(e.target as Node)) onClose();
    };
    window.addEventListener('keydown', onKey, true);
    window.addEventListener('pointerdown', onDown, true);
    return () => {
      window.removeEventListener('keydown', onKey, true);
      window.removeEventListener('pointerdown', onDown, true);
    };
  }, [onClose]);

  const apply = (next: Hsva): void => {
    setHsva(next);
    const css = formatColor(hsvToRgb(next), format);
    setText(css);
    write(css);
  };
  const choose = (css: string): void => {
    const c = parseColor(css);
    if (c === null) {
      api.getState().showMessage('invalid_color', `“${css}” is not a colour: use hex (#2563eb), rgb() or hsl().`);
      setText(value);
      return;
    }
    setHsva(rgbToHsv(c));
    setText(css);
    write(css);
    remember(css);
  };
  /** A drag on a square or slider: one engine gesture, written once at the end. */
  const drag = (e: React.PointerEvent<HTMLElement>, at: (x: number, y: number, rect: DOMRect) => Hsva): void => {
    if (e.button !== 0) return;
    const target = e.currentTarget;
    target.setPointerCapture(e.pointerId);
    const bridge = api.getState().bridge;
    bridge.beginGesture();
    dragging.current = true;
    let last = hsva;
    const move = (m: PointerEvent): void => {
      last = at(m.clientX, m.clientY, target.getBoundingClientRect());
      apply(last);
    };
    const up = (): void => {
      target.removeEventListener('pointermove', move);
      target.removeEventListener('pointerup', up);
      target.removeEventListener('lostpointercapture', up);
      dragging.current = false;
      bridge.endGesture();
      remember(formatColor(hsvToRgb(last), format));
    };
    target.addEventListener('pointermove', move);
    target.addEventListener('pointerup', up);
    target.addEventListener('lostpointercapture', up);
    move(e.nativeEvent);
  };
  const fraction = (x: number, from: number, size: number): number => Math.min(1, Math.max(0, (x - from) / size));
  const opaque = formatColor({ ...hsvToRgb(hsva), a: 1 }, 'hex');
  const swatches = (title: string, colors: readonly string[]) =>
    colors.length === 0 ? null : (
      <div className="cp-swatches" role="group" aria-label={title}>
        <span className="cp-caption">{title}</span>
        {colors.map((c) => (
          <button key={c} type="button" className="cp-swatch" style={{ background: c }} aria-label={`Use ${c}`} title={c} onClick={() => choose(c)} />
        ))}
      </div>
    );

  return (
    <div className="color-picker" ref={root} role="dialog" aria-label={`${label} colour`}>
      <div
        className="cp-square"
        role="slider"
        aria-label="Saturation and brightness"
        aria-valuetext={`saturation ${Math.round(hsva.s * 100)}%, brightness ${Math.round(hsva.v * 100)}%`}
        style={{ background: `hsl(${hsva.h} 100% 50%)` }}
        onPointerDown={(e) => drag(e, (x, y, r) => ({ ...hsva, s: fraction(x, r.left, r.width), v: 1 - fraction(y, r.top, r.height) }))}
      >
        <span className="cp-thumb" style={{ left: `${hsva.s * 100}%`, top: `${(1 - hsva.v) * 100}%`, background: opaque }} />
      </div>
      <div
        className="cp-bar cp-hue"
        role="slider"
        aria-label="Hue"
        aria-valuemin={0}
        aria-valuemax={360}
        aria-valuenow={Math.round(hsva.h)}
        onPointerDown={(e) => drag(e, (x, _y, r) => ({ ...hsva, h: fraction(x, r.left, r.width) * 359.9 }))}
      >
        <span className="cp-bar-thumb" style={{ left: `${(hsva.h / 360) * 100}%` }} />
      </div>
      <div
        className="cp-bar cp-alpha"
        role="slider"
        aria-label="Opacity"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(hsva.a * 100)}
        style={{ backgroundImage: `linear-gradient(to right, transparent, ${opaque})` }}
        onPointerDown={(e) => drag(e, (x, _y, r) => ({ ...hsva, a: Math.round(fraction(x, r.left, r.width) * 100) / 100 }))}
      >
        <span className="cp-bar-thumb" style={{ left: `${hsva.a * 100}%` }} />
      </div>
      <div className="cp-value">
        <select
          aria-label="Colour format"
          className="field-input"
          value={format}
          onChange={(e) => {
            const f = e.target.value as ColorFormat;
            setFormat(f);
            if (parsed !== null) choose(formatColor(parsed, f));
          }}
        >
          <option value="hex">HEX</option>
          <option value="rgb">RGB</option>
          <option value="hsl">HSL</option>
        </select>
        <input
          className="field-input"
          aria-label={`${label} value`}
          value={text}
          spellCheck={false}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && text.trim() !== value) choose(text.trim());
          }}
          onBlur={() => text.trim() !== value && text.trim() !== '' && choose(text.trim())}
        />
        {EyeDropper !== undefined && (
          <button
            type="button"
            className="icon-button"
            aria-label="Pick a colour from the screen"
            onClick={async () => {
              try {
                choose((await new EyeDropper().open()).sRGBHex);
              } catch {
                // the designer cancelled
              }
            }}
          >
            ⌖
          </button>
        )}
        <button type="button" className="icon-button" aria-label={`Remove ${label}`} title="None" onClick={() => write(null)}>
          ⊘
        </button>
      </div>
      {swatches('Document colours', documentColors)}
      {swatches('Recent', recent)}
    </div>
  );
}
