import { describe, expect, it } from 'vitest';
import { runCases, selectCases, type BenchCase, type BenchStatus } from './runner';

const counting = (name: string, values: number[]): BenchCase & { calls: number } => {
  const c = {
    suite: 'engine' as const,
    name,
    unit: 'ms',
    iterations: 3,
    warmup: 2,
    calls: 0,
    sample: async () => values[c.calls++] ?? 0,
  };
  return c;
};

describe('runCases', () => {
  it('runs warmups unmeasured, then records one sample per iteration', async () => {
    const c = counting('a', [100, 100, 1, 2, 3]);
    const seen: BenchStatus['state'][] = [];
    const status = await runCases([c], (s) => seen.push(s.state));
    expect(c.calls).toBe(5);
    expect(status).toEqual({ state: 'done', results: [{ suite: 'engine', name: 'a', unit: 'ms', samples: [1, 2, 3] }] });
    expect(seen).toEqual(['running', 'done']);
  });

  it('fails the run when a case throws or measures a non-number', async () => {
    const broken: BenchCase = { suite: 'engine', name: 'nan', unit: 'ms', warmup: 0, sample: async () => NaN };
    const status = await runCases([counting('ok', [1, 1, 1, 1, 1]), broken], () => {});
    expect(status.state).toBe('failed');
    expect(status.results.map((r) => r.name)).toEqual(['ok']);
    if (status.state === 'failed') expect(status.error).toMatch(/engine\/nan: sample 0 is NaN/);
  });
});

describe('selectCases', () => {
  it('filters by suite and by name', () => {
    const cases = [counting('a', []), { ...counting('b', []), suite: 'layout' as const }];
    expect(selectCases(cases, {}).map((c) => c.name)).toEqual(['a', 'b']);
    expect(selectCases(cases, { suite: 'layout' }).map((c) => c.name)).toEqual(['b']);
    expect(selectCases(cases, { name: 'a', suite: null }).map((c) => c.name)).toEqual(['a']);
  });
});
