// The fonts a designer picks from: the open fonts the editor and the export's checks render with
// (DejaVu and Liberation, Debian's fonts-dejavu-core and fonts-liberation2), then the project's
// uploaded fonts under the family the canvas registers them as (assets/fontFaces.ts) and the
// export declares with `@font-face` (engine/compiler/src/fonts.rs). Each is a whole stack with a
// generic fallback, so a machine without the face still gets the right kind of letter.
import { fontFamilyOf } from '../../assets/fontFaces';

export interface FontChoice {
  /** What the picker shows (in the face itself). */
  readonly label: string;
  /** The `font-family` value written. */
  readonly stack: string;
  /** An uploaded font of this project (else an open font that comes with the editor). */
  readonly uploaded: boolean;
}

const open = (family: string, generic: string): FontChoice => ({ label: family, stack: `"${family}", ${generic}`, uploaded: false });

export const OPEN_FONTS: readonly FontChoice[] = [
  open('DejaVu Sans', 'sans-serif'),
  open('DejaVu Serif', 'serif'),
  open('DejaVu Sans Mono', 'monospace'),
  open('Liberation Sans', 'sans-serif'),
  open('Liberation Serif', 'serif'),
  open('Liberation Mono', 'monospace'),
];

/** The open fonts, then every font asset of the library by family name (each family once). */
export function fontChoices(assets: Iterable<{ readonly name: string; readonly mime: string }>): FontChoice[] {
  const uploaded = new Map<string, FontChoice>();
  for (const a of assets) {
    if (!a.mime.startsWith('font/')) continue;
    const family = fontFamilyOf(a.name);
    uploaded.set(family, { label: family, stack: `"${family}", sans-serif`, uploaded: true });
  }
  return [...OPEN_FONTS, ...[...uploaded.values()].sort((a, b) => a.label.localeCompare(b.label))];
}

/** The choice a stored `font-family` value is, or undefined for a custom stack. */
export function choiceOf(value: string, choices: readonly FontChoice[]): FontChoice | undefined {
  const normal = (s: string): string => s.replace(/\s*,\s*/g, ', ').replace(/'/g, '"').trim().toLowerCase();
  return choices.find((c) => normal(c.stack) === normal(value));
}
