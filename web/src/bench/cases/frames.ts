// Main-thread smoothness while something runs: the longest interval between animation frames.

export interface Timed<T> {
  readonly result: T;
  /** Wall time of `work`, ms. */
  readonly ms: number;
  /** The longest interval between two animation frames meanwhile, ms. */
  readonly longestFrame: number;
}

/**
 * Runs `work` from the start of a frame while timing animation frames, and counts one more
 * frame after it ends, so a frame the work delayed is counted.
 */
export async function longestFrameDuring<T>(work: () => Promise<T>): Promise<Timed<T>> {
  let last = performance.now();
  let longest = 0;
  let running = true;
  const tick = (now: number): void => {
    longest = Math.max(longest, now - last);
    last = now;
    if (running) requestAnimationFrame(tick);
  };
  await new Promise<void>((resolve) => requestAnimationFrame((now) => { last = now; resolve(); }));
  requestAnimationFrame(tick);
  const start = performance.now();
  const result = await work();
  const ms = performance.now() - start;
  await new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));
  running = false;
  return { result, ms, longestFrame: Math.max(longest, performance.now() - last) };
}
