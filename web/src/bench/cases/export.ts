// Export benchmarks in the browser, on the 100-page project (tests/fixtures/hundred_pages.rs,
// 10,000 elements, written as JSON by `make bench-fixture`): the compiler's WASM module compiling
// it to Next.js (target < 3 s), the whole Export dialog pipeline with the ZIP, the ZIP's size and
// the compiler module's gzipped size (target < 300 KB).
import type { BenchCase } from '../runner';
import { noBlobStore } from '../../export/blobReader';
import { loadCompiler } from '../../export/compilerModule';
import { exportProject } from '../../export/exportProject';

const PROJECT = '100 pages';

let json: Promise<string> | undefined;
const projectJson = async (): Promise<string> => {
  json ??= import('../__generated__/hundred_pages.json?raw').then((m) => m.default);
  return json;
};

/** Bytes of `data` gzipped by the browser's own CompressionStream (what a server would send). */
async function gzippedSize(data: Uint8Array): Promise<number> {
  const stream = new Blob([data.slice().buffer]).stream().pipeThrough(new CompressionStream('gzip'));
  return (await new Response(stream).arrayBuffer()).byteLength;
}

export const exportCases: readonly BenchCase[] = [
  {
    suite: 'export',
    name: `wasm compile, ${PROJECT}, Next.js`,
    unit: 'ms',
    iterations: 10,
    warmup: 2,
    async sample() {
      const [compiler, project] = await Promise.all([loadCompiler(), projectJson()]);
      const start = performance.now();
      const job = compiler.prepare(project);
      job.compile('nextjs');
      job.free();
      return performance.now() - start;
    },
  },
  {
    suite: 'export',
    name: `export dialog pipeline (compile + zip), ${PROJECT}, Next.js`,
    unit: 'ms',
    iterations: 10,
    warmup: 2,
    async sample() {
      const snapshotJson = await projectJson();
      const start = performance.now();
      await exportProject({ snapshotJson, projectName: 'bench', target: 'nextjs', readBlob: noBlobStore });
      return performance.now() - start;
    },
  },
  {
    suite: 'export',
    name: `zip size, ${PROJECT}, Next.js`,
    unit: 'KB',
    iterations: 1,
    warmup: 0,
    async sample() {
      const result = await exportProject({ snapshotJson: await projectJson(), projectName: 'bench', target: 'nextjs', readBlob: noBlobStore });
      return result.zip.byteLength / 1024;
    },
  },
  {
    suite: 'export',
    name: 'compiler module size, gzipped',
    unit: 'KB',
    iterations: 1,
    warmup: 0,
    async sample() {
      const url = (await import('../../export/__generated__/omnios_compiler_wasm_bg.wasm?url')).default;
      const bytes = new Uint8Array(await (await fetch(url)).arrayBuffer());
      return (await gzippedSize(bytes)) / 1024;
    },
  },
];
