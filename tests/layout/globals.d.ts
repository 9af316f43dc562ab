// What web/layout.html publishes (web/src/layout-fidelity/main.ts is the source of truth) and
// what harness/describe.js adds to a fixture page.
interface OmniosLayoutBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

interface OmniosLayoutRunner {
  version: string;
  run(fixtureCase: unknown): { breakpoint: string; boxes: Record<string, OmniosLayoutBox> }[];
}

interface Window {
  omniosLayout?: OmniosLayoutRunner;
  omniosLayoutError?: string;
}
