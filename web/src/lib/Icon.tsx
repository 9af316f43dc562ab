// Small line icons drawn as SVG (the UI fonts carry no emoji).
const PATHS = {
  eye: 'M1.5 8s2.5-4.5 6.5-4.5S14.5 8 14.5 8s-2.5 4.5-6.5 4.5S1.5 8 1.5 8z M8 10a2 2 0 1 0 0-4 2 2 0 0 0 0 4z',
  eyeOff: 'M2 2l12 12 M6.2 4A7 7 0 0 1 8 3.5C12 3.5 14.5 8 14.5 8a12 12 0 0 1-1.8 2.3 M4.2 5.3A12 12 0 0 0 1.5 8S4 12.5 8 12.5a6.5 6.5 0 0 0 2.6-.5',
  lock: 'M4 7h8v6.5H4z M5.5 7V5a2.5 2.5 0 0 1 5 0v2',
  unlock: 'M4 7h8v6.5H4z M5.5 7V5a2.5 2.5 0 0 1 4.8-1',
  trash: 'M3 4.5h10 M6 4.5V3h4v1.5 M4.5 4.5l.7 9h5.6l.7-9',
  desktop: 'M2 3h12v8H2z M6 14h4 M8 11v3',
  tablet: 'M4 1.5h8v13H4z M7 12.5h2',
  mobile: 'M5 2h6v12H5z M7.5 12h1',
  image: 'M2 3h12v10H2z M2 11l3.5-3.5 3 3 2-2L14 12 M10.5 6.5a1 1 0 1 0 0-.01',
  link: 'M7 9a3 3 0 0 0 4.2 0l2-2a3 3 0 0 0-4.2-4.2l-.8.8 M9 7a3 3 0 0 0-4.2 0l-2 2a3 3 0 0 0 4.2 4.2l.8-.8',
  button: 'M1.5 5h13v6h-13z M5 8h6',
  video: 'M2 3.5h12v9H2z M6.5 6v4l3.5-2z',
  input: 'M1.5 5h13v6h-13z M4 6.5v3',
  page: 'M4 1.5h5.5L12 4v10.5H4z M9.5 1.5V4H12',
  plus: 'M8 3v10 M3 8h10',
  comment: 'M2 2.5h12v8.5H7l-3 3V11H2z',
  layers: 'M8 2l6 3-6 3-6-3z M2 8l6 3 6-3 M2 11l6 3 6-3',
  keyboard: 'M1.5 4h13v8h-13z M4 6.5h1 M7 6.5h1 M10 6.5h1 M5 9.5h6',
  undo: 'M5 4L2 7l3 3 M2 7h7.5a3.5 3.5 0 0 1 0 7H7',
  redo: 'M11 4l3 3-3 3 M14 7H6.5a3.5 3.5 0 0 0 0 7H9',
  pencil: 'M10.5 2.5l3 3-8 8H2.5v-3z',
  copy: 'M5.5 5.5h8v8h-8z M10.5 5.5v-3h-8v8h3',
  up: 'M8 13V3 M4 7l4-4 4 4',
  down: 'M8 3v10 M4 9l4 4 4-4',
  section: 'M1.5 3.5h13v9h-13z',
  container: 'M2.5 2.5h11v11h-11z',
  row: 'M1.5 4.5h4v7h-4z M6 4.5h4v7H6z M10.5 4.5h4v7h-4z',
  column: 'M3 1.5h10v4H3z M3 6h10v4H3z M3 10.5h10v4H3z',
  grid: 'M2 2h5v5H2z M9 2h5v5H9z M2 9h5v5H2z M9 9h5v5H9z',
  heading: 'M3.5 2.5v11 M12.5 2.5v11 M3.5 8h9',
  paragraph: 'M2 4h12 M2 7h12 M2 10h12 M2 13h7',
  text: 'M3 3h10 M8 3v10',
  body: 'M2 2h12v12H2z M2 5h12',
  tokens: 'M2 2.5h5v5H2z M9 2.5h5v5H9z M2 9.5h5v5H2z M11.5 9.5a2.5 2.5 0 1 0 0 5 2.5 2.5 0 0 0 0-5z',
  component: 'M8 1.5l3 3-3 3-3-3z M4.5 5l3 3-3 3-3-3z M11.5 5l3 3-3 3-3-3z M8 8.5l3 3-3 3-3-3z',
  clock: 'M8 14.5a6.5 6.5 0 1 0 0-13 6.5 6.5 0 0 0 0 13z M8 4.5V8l2.5 1.5',
} as const;

export type IconName = keyof typeof PATHS;

export function Icon({ name, size = 14 }: { readonly name: IconName; readonly size?: number }) {
  return (
    <svg className="icon" width={size} height={size} viewBox="0 0 16 16" fill="none" stroke="currentColor" strokeWidth="1.3" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
      <path d={PATHS[name]} />
    </svg>
  );
}
