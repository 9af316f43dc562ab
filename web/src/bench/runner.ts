// Runs named benchmark cases in the browser and reports raw samples; tests/bench/run.mjs
// (Node) turns them into medians and p95s and writes target/bench/<suite>.json.

/** The benchmark suites; each becomes target/bench/<suite>.json when it has results. */
export const SUITES = ['engine', 'layout', 'editor', 'persistence', 'media', 'export', 'collab', 'logic', 'physics'] as const;
export type Suite = (typeof SUITES)[number];

export interface BenchCase {
  readonly suite: Suite;
  /** Unique within its suite; the name written to the results file. */
  readonly name: string;
  /** The unit `sample()` measures in, e.g. `ms`. */
  readonly unit: string;
  /** Measured runs (default 30) after `warmup` unmeasured ones (default 3). */
  readonly iterations?: number;
  readonly warmup?: number;
  /** Performs the operation once and returns what it measured, in `unit`. */
  sample(): Promise<number>;
  /** The same operation in a peer (e.g. yoga-layout), sampled alternately with ours. */
  readonly peer?: PeerCase;
}

export interface PeerCase {
  /** Name and version, e.g. `yoga-layout 3.2.1`. */
  readonly name: string;
  /** How the peer was configured, printed beside its figures. */
  readonly settings: string;
  sample(): Promise<number>;
}

export interface CaseResult {
  readonly suite: Suite;
  readonly name: string;
  readonly unit: string;
  readonly samples: readonly number[];
  readonly vs?: { readonly peer: string; readonly settings: string; readonly samples: readonly number[] };
}

/** What the page publishes on `window.omniosBench` for the Node runner to poll. */
export type BenchStatus =
  | { readonly state: 'running'; readonly current: string; readonly results: readonly CaseResult[] }
  | { readonly state: 'done'; readonly results: readonly CaseResult[] }
  | { readonly state: 'failed'; readonly error: string; readonly results: readonly CaseResult[] };

export interface CaseFilter {
  readonly suite?: string | null;
  readonly name?: string | null;
}

export function selectCases(cases: readonly BenchCase[], filter: CaseFilter): BenchCase[] {
  return cases.filter(
    (c) => (filter.suite == null || c.suite === filter.suite) && (filter.name == null || c.name === filter.name),
  );
}

/** Runs each case in turn, reporting progress; a case that throws fails the whole run. */
export async function runCases(
  cases: readonly BenchCase[],
  report: (status: BenchStatus) => void,
): Promise<BenchStatus> {
  const results: CaseResult[] = [];
  let status: BenchStatus;
  try {
    for (const c of cases) {
      report({ state: 'running', current: `${c.suite}/${c.name}`, results: [...results] });
      for (let i = 0; i < (c.warmup ?? 3); i++) {
        await c.sample();
        if (c.peer) await c.peer.sample();
      }
      const samples: number[] = [];
      const peerSamples: number[] = [];
      for (let i = 0; i < (c.iterations ?? 30); i++) {
        const value = await c.sample();
        if (!Number.isFinite(value)) throw new Error(`${c.suite}/${c.name}: sample ${i} is ${value}`);
        samples.push(value);
        if (c.peer) {
          const theirs = await c.peer.sample();
          if (!Number.isFinite(theirs)) throw new Error(`${c.suite}/${c.name} (${c.peer.name}): sample ${i} is ${theirs}`);
          peerSamples.push(theirs);
        }
      }
      const vs = c.peer ? { peer: c.peer.name, settings: c.peer.settings, samples: peerSamples } : undefined;
      results.push({ suite: c.suite, name: c.name, unit: c.unit, samples, ...(vs ? { vs } : {}) });
    }
    status = { state: 'done', results };
  } catch (error) {
    status = { state: 'failed', error: error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : String(error), results };
  }
  report(status);
  return status;
}
