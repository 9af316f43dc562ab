// What web/bench.html publishes (web/src/bench/runner.ts is the source of truth).
interface OmniosBenchResult {
  suite: string;
  name: string;
  unit: string;
  samples: number[];
  vs?: { peer: string; settings: string; samples: number[] };
}

type OmniosBenchStatus =
  | { state: 'running'; current: string; results: OmniosBenchResult[] }
  | { state: 'done'; results: OmniosBenchResult[] }
  | { state: 'failed'; error: string; results: OmniosBenchResult[] };

interface Window {
  omniosBench?: OmniosBenchStatus;
}
