// @ts-check
// The gzipped size of the media worker's WASM module as the built editor serves it
// (web/dist/assets/omnios_media_wasm_bg-*.wasm): what a designer downloads the first time
// they add an image. One sample; unit KiB.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/**
 * @param {{ dist: string }} options the built editor's folder (web/dist)
 * @returns {Promise<import('./results.mjs').Measured[]>}
 */
export async function measureMediaModule({ dist }) {
  const assets = join(dist, 'assets');
  const file = (await readdir(assets)).find((name) => /^omnios_media_wasm_bg-.*\.wasm$/.test(name));
  if (file === undefined) throw new Error(`no omnios_media_wasm_bg-*.wasm in ${assets}: run \`make web\``);
  const bytes = await readFile(join(assets, file));
  const gzipped = gzipSync(bytes, { level: 9 }).byteLength;
  console.log(`media module: ${(bytes.byteLength / 1024).toFixed(0)} KiB, gzipped ${(gzipped / 1024).toFixed(0)} KiB`);
  return [{ suite: 'media', name: 'media module size, gzipped', unit: 'KiB', samples: [gzipped / 1024] }];
}
