import type { BenchCase } from '../runner';
import { DEFAULT_OPTIMISE_SETTINGS, MediaClient } from '../../assets/mediaClient';
import { longestFrameDuring } from './frames';
import type { SquooshReport, SquooshRequest } from './squooshWorker';

/**
 * The media pipeline on a 12-megapixel photo: omnios-media in its worker (mediaClient) against
 * Squoosh's codecs in a worker doing the same decode–resize–encode at the same quality. Three
 * figures per run, each compared with the peer: wall time from posting the bytes to having
 * every variant back, the longest main-thread frame meanwhile (requestAnimationFrame intervals;
 * target under 16.7 ms), and the bytes of all outputs (variants plus placeholder).
 */

const WIDTH = 4000;
const HEIGHT = 3000;

let photoPromise: Promise<ArrayBuffer> | undefined;
/** A 4000 × 3000 JPEG (quality 0.9) from Chromium's encoder: gradients, shapes and fine noise. */
function photo(): Promise<ArrayBuffer> {
  photoPromise ??= (async () => {
    const canvas = new OffscreenCanvas(WIDTH, HEIGHT);
    const context = canvas.getContext('2d');
    if (context === null) throw new Error('no 2d context');
    const gradient = context.createLinearGradient(0, 0, WIDTH, HEIGHT);
    gradient.addColorStop(0, '#1d4e89');
    gradient.addColorStop(0.5, '#f2a65a');
    gradient.addColorStop(1, '#3c6e47');
    context.fillStyle = gradient;
    context.fillRect(0, 0, WIDTH, HEIGHT);
    let seed = 7;
    const random = (): number => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    for (let i = 0; i < 400; i++) {
      context.fillStyle = `hsla(${Math.floor(random() * 360)}, 60%, 55%, 0.5)`;
      context.beginPath();
      context.arc(random() * WIDTH, random() * HEIGHT, 20 + random() * 300, 0, Math.PI * 2);
      context.fill();
    }
    const noise = context.getImageData(0, 0, WIDTH, HEIGHT);
    for (let i = 0; i < noise.data.length; i += 4) {
      const n = (random() - 0.5) * 24;
      noise.data[i] = (noise.data[i] ?? 0) + n;
      noise.data[i + 1] = (noise.data[i + 1] ?? 0) + n;
      noise.data[i + 2] = (noise.data[i + 2] ?? 0) + n;
    }
    context.putImageData(noise, 0, 0);
    const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.9 });
    return blob.arrayBuffer();
  })();
  return photoPromise;
}

interface Run {
  readonly ms: number;
  readonly longestFrame: number;
  readonly outputBytes: number;
}

const client = new MediaClient();
async function ours(): Promise<Run> {
  const bytes = (await photo()).slice(0);
  const { result, ms, longestFrame } = await longestFrameDuring(() =>
    client.optimise(bytes, 'photo.jpg', DEFAULT_OPTIMISE_SETTINGS),
  );
  const outputBytes = [...result.variants, result.placeholder].reduce((sum, v) => sum + v.bytes.byteLength, 0);
  return { ms, longestFrame, outputBytes };
}

let squoosh: Worker | undefined;
async function theirs(): Promise<Run> {
  const bytes = (await photo()).slice(0);
  squoosh ??= new Worker(new URL('./squooshWorker.ts', import.meta.url), { type: 'module' });
  const worker = squoosh;
  const request: SquooshRequest = { bytes, ...DEFAULT_OPTIMISE_SETTINGS };
  const { result, ms, longestFrame } = await longestFrameDuring(
    () =>
      new Promise<SquooshReport>((resolve, reject) => {
        worker.onmessage = (event: MessageEvent<SquooshReport>) => resolve(event.data);
        worker.onerror = (event) => reject(new Error(`squoosh worker failed: ${event.message}`));
        worker.postMessage(request, [bytes]);
      }),
  );
  if (!result.ok) throw new Error(`squoosh: ${result.error}`);
  return { ms, longestFrame, outputBytes: result.outputBytes };
}

/**
 * The first case does the work (one warm-up run, then its samples, each ours then the peer's);
 * the other two read the same measured runs again, so the three figures of a sample belong
 * together. Run alone (`--case`), a reading case does the work itself.
 */
const runs: { ours: Run; theirs: Run }[] = [];
const WARMUP = 1;
async function measure(): Promise<{ ours: Run; theirs: Run }> {
  const both = { ours: await ours(), theirs: await theirs() };
  runs.push(both);
  return both;
}
let read = 0;
async function measured(): Promise<{ ours: Run; theirs: Run }> {
  const kept = runs.slice(WARMUP);
  if (kept.length === 0) return measure();
  return kept[read++ % kept.length] ?? measure();
}

const PEER = '@jsquash/jpeg 1.6.0 + @jsquash/resize 2.1.1 (lanczos3) + @jsquash/webp 1.5.0';
const SETTINGS = `WebP quality ${DEFAULT_OPTIMISE_SETTINGS.quality}, widths ${DEFAULT_OPTIMISE_SETTINGS.widths.join('/')} + 16 px placeholder at 40, in a module worker`;

function mediaCase(name: string, unit: string, pick: (run: Run) => number, works: boolean): BenchCase {
  let peerValue = 0;
  return {
    suite: 'media',
    name,
    unit,
    warmup: works ? WARMUP : 0,
    iterations: 5,
    async sample() {
      const both = works ? await measure() : await measured();
      peerValue = pick(both.theirs);
      return pick(both.ours);
    },
    peer: { name: PEER, settings: SETTINGS, sample: async () => peerValue },
  };
}

export const mediaCases: readonly BenchCase[] = [
  mediaCase('optimise 12 MP JPEG to WebP variants in a worker', 'ms', (run) => run.ms, true),
  mediaCase('longest main-thread frame while optimising 12 MP JPEG', 'ms', (run) => run.longestFrame, false),
  mediaCase('output bytes of 12 MP JPEG variants and placeholder', 'bytes', (run) => run.outputBytes, false),
];
