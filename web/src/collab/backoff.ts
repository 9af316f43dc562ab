// How long a dropped live connection waits before its next try: exponential backoff with
// "equal jitter" (half the delay fixed, half random), so a room's clients that lost the server
// together do not all come back in the same millisecond.

export interface BackoffOptions {
  /** The first retry's delay before jitter (ms). */
  readonly baseMs: number;
  /** No delay grows beyond this (ms). */
  readonly maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 500, maxMs: 30_000 };

/**
 * The delay before retry number `attempt` (0 for the first retry after a drop): between half
 * and all of `min(maxMs, baseMs · 2^attempt)`. `random` is a number in [0, 1).
 */
export function backoffDelay(attempt: number, random: number, options: BackoffOptions = DEFAULT_BACKOFF): number {
  const exponent = Math.max(0, Math.min(attempt, 30));
  const ceiling = Math.min(options.maxMs, options.baseMs * 2 ** exponent);
  const jitter = Math.max(0, Math.min(random, 1));
  return Math.round(ceiling / 2 + (ceiling / 2) * jitter);
}
