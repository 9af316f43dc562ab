import { describe, expect, it } from 'vitest';
import { backoffDelay, DEFAULT_BACKOFF } from './backoff';

describe('backoffDelay', () => {
  it('doubles the ceiling with each attempt and keeps at least half of it', () => {
    expect(backoffDelay(0, 0)).toBe(250);
    expect(backoffDelay(0, 0.999999)).toBe(500);
    expect(backoffDelay(1, 0)).toBe(500);
    expect(backoffDelay(3, 0.5)).toBe(3000);
  });

  it('never waits longer than the maximum, however many attempts failed', () => {
    for (const attempt of [10, 30, 1000]) {
      expect(backoffDelay(attempt, 0.999999)).toBeLessThanOrEqual(DEFAULT_BACKOFF.maxMs);
      expect(backoffDelay(attempt, 0)).toBe(DEFAULT_BACKOFF.maxMs / 2);
    }
  });

  it('spreads clients that dropped together', () => {
    const delays = new Set([0.1, 0.4, 0.7, 0.9].map((r) => backoffDelay(4, r)));
    expect(delays.size).toBe(4);
  });

  it('treats out-of-range input as its nearest valid value', () => {
    expect(backoffDelay(-3, -1)).toBe(250);
    expect(backoffDelay(0, 7)).toBe(500);
  });
});
