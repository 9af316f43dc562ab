// The 10,000-element benchmark page for the in-browser cases: made by the one generator
// (tests/fixtures/benchmark_page.rs), written as JSON by `make bench-fixture`, loaded once.
import { HyperBridge, type StandaloneEngine } from '../../bridge/HyperBridge';
import type { Snapshot } from '../../bridge/types';

let bridge: Promise<HyperBridge> | undefined;

export async function benchBridge(): Promise<HyperBridge> {
  bridge ??= HyperBridge.load();
  return bridge;
}

/** The page's snapshot JSON (`flexOnly`: block boxes as flex columns, for yoga-layout). */
export async function benchPageJson(flexOnly = false): Promise<string> {
  const page = flexOnly
    ? await import('../__generated__/benchmark_page_flex.json?raw')
    : await import('../__generated__/benchmark_page.json?raw');
  return page.default;
}

export async function benchSnapshot(flexOnly = false): Promise<Snapshot> {
  return JSON.parse(await benchPageJson(flexOnly)) as Snapshot;
}

/** A fresh engine holding the page; free it when done. */
export async function benchEngine(flexOnly = false): Promise<StandaloneEngine> {
  return (await benchBridge()).standaloneEngine(await benchPageJson(flexOnly), 1);
}

/** Ids of the page's elements of one kind, in tree order. */
export async function idsOfKind(kind: string): Promise<string[]> {
  return (await benchSnapshot()).elements.filter((e) => e.kind === kind).map((e) => e.id);
}

/** Milliseconds `run` takes, repeated `times` (performance.now() is coarse outside isolation). */
export function timeEach(times: number, run: (i: number) => void): number {
  const start = performance.now();
  for (let i = 0; i < times; i++) run(i);
  return (performance.now() - start) / times;
}
