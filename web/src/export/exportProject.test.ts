import { readFileSync } from 'node:fs';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { HyperBridge } from '../bridge/HyperBridge';
import { loadCompiler } from './compilerModule';
import { createHash } from 'node:crypto';
import type { BlobReader } from './blobReader';
import { noBlobStore } from './blobReader';
import { exportProject, ExportError, type ExportStep } from './exportProject';

const compilerWasm = readFileSync(new URL('./__generated__/omnios_compiler_wasm_bg.wasm', import.meta.url));
const load = () => loadCompiler(compilerWasm);

async function projectWithTwoPages(): Promise<{ json: string; about: string; bridge: HyperBridge }> {
  const wasm = readFileSync(new URL('../bridge/__generated__/omnios_wasm_bg.wasm', import.meta.url));
  const bridge = await HyperBridge.load({ wasm });
  bridge.newProject(3);
  const body = bridge.fullDeltas().pages[0]?.root ?? '';
  bridge.commit({ type: 'create_element', kind: 'text', parent: body, tag: 'h1', content: 'Hello </script>' });
  bridge.commit({ type: 'create_page', name: 'About', slug: 'about' });
  const about = bridge.pageOrder()[1] ?? '';
  return { json: bridge.toJSON(), about, bridge };
}

describe('exportProject', () => {
  it('zips every compiled file, reports each step and names the ZIP after the project', async () => {
    const { json } = await projectWithTwoPages();
    const steps: ExportStep[] = [];
    const result = await exportProject({ snapshotJson: json, projectName: 'My Site', target: 'nextjs', readBlob: noBlobStore }, (s) => steps.push(s), load);
    expect(steps).toEqual(['loading', 'reading', 'compiling', 'zipping']);
    expect(result.fileName).toBe('My-Site-nextjs.zip');
    const files = unzipSync(result.zip);
    expect(Object.keys(files).length).toBe(result.fileCount);
    expect(Object.keys(files)).toEqual(expect.arrayContaining(['app/page.tsx', 'app/about/page.tsx', 'manifest.json', 'package.json']));
    const manifest = JSON.parse(new TextDecoder().decode(files['manifest.json'])) as { files: { path: string; size: number }[] };
    for (const entry of manifest.files) expect(files[entry.path]?.length, entry.path).toBe(entry.size);
    expect(new TextDecoder().decode(files['app/page.tsx'])).toContain('Hello </script>');
  });

  it('gives the same bytes for the same project', async () => {
    const { json } = await projectWithTwoPages();
    const request = { snapshotJson: json, projectName: 'p', target: 'static', readBlob: noBlobStore } as const;
    const first = await exportProject(request, undefined, load);
    const second = await exportProject(request, undefined, load);
    expect(second.zip).toEqual(first.zip);
  });

  it('exports only the chosen pages', async () => {
    const { json, about } = await projectWithTwoPages();
    const result = await exportProject({ snapshotJson: json, projectName: 'p', target: 'static', pages: [about], readBlob: noBlobStore }, undefined, load);
    expect(Object.keys(unzipSync(result.zip)).sort()).toEqual(['about/index.html', 'manifest.json', 'styles.css']);
  });

  it('says why the compiler refused the project, naming the element and the asset', async () => {
    const { bridge } = await projectWithTwoPages();
    const body = bridge.fullDeltas().pages[0]?.root ?? '';
    bridge.commit({ type: 'create_element', kind: 'image', parent: body, props: { src: 'assets/hero.png', alt: 'Hero' } });
    const failure = exportProject({ snapshotJson: bridge.toJSON(), projectName: 'p', target: 'nextjs', readBlob: noBlobStore }, undefined, load);
    await expect(failure).rejects.toBeInstanceOf(ExportError);
    await expect(failure).rejects.toThrow(/could not be exported: element \S+ shows the image "assets\/hero.png"/);
  });

  it('says when the compiler module cannot be loaded (a failed download stands in for the network)', async () => {
    const failure = exportProject({ snapshotJson: '{}', projectName: 'p', target: 'nextjs', readBlob: noBlobStore }, undefined, () =>
      Promise.reject(new TypeError('Failed to fetch')),
    );
    await expect(failure).rejects.toMatchObject({ step: 'loading', message: 'The export compiler could not be loaded: Failed to fetch' });
  });

  describe('with an image of the asset library', () => {
    const hero = new Uint8Array(readFileSync(new URL('../../../tests/fixtures/assets/hero.png', import.meta.url)));
    const sha = createHash('sha256').update(hero).digest('hex');

    async function projectWithLibraryImage(): Promise<string> {
      const { bridge } = await projectWithTwoPages();
      const body = bridge.fullDeltas().pages[0]?.root ?? '';
      bridge.commit({
        type: 'add_asset',
        asset: { id: sha, name: 'hero.png', mime: 'image/png', size: hero.length, width: 64, height: 36, alt: 'A blue gradient' },
      });
      bridge.commit({ type: 'create_element', kind: 'image', parent: body, props: { src: `asset:${sha}`, alt: '' } });
      return bridge.toJSON();
    }

    it('reads the file from the blob store and ships it under assets/ with the asset’s alt text', async () => {
      const asked: string[] = [];
      const readBlob: BlobReader = (id) => {
        asked.push(id);
        return Promise.resolve(id === sha ? hero : undefined);
      };
      const result = await exportProject({ snapshotJson: await projectWithLibraryImage(), projectName: 'p', target: 'static', readBlob }, undefined, load);
      expect(asked).toEqual([sha]);
      const files = unzipSync(result.zip);
      expect(files[`assets/${sha}.png`]).toEqual(hero);
      expect(new TextDecoder().decode(files['index.html'])).toContain(`src="assets/${sha}.png" alt="A blue gradient" width="64" height="36"`);
      const manifest = new TextDecoder().decode(files['manifest.json']);
      expect(manifest).toContain(`assets/${sha}.png`);
    });

    it('names the asset when the store does not hold its file', async () => {
      const failure = exportProject({ snapshotJson: await projectWithLibraryImage(), projectName: 'p', target: 'nextjs', readBlob: noBlobStore }, undefined, load);
      await expect(failure).rejects.toMatchObject({ step: 'compiling' });
      await expect(failure).rejects.toThrow(new RegExp(`shows the asset "hero.png" \\(${sha}\\), whose file this browser does not hold`));
    });

    it('refuses bytes that are not the asset’s file, and a store that fails', async () => {
      const json = await projectWithLibraryImage();
      const wrong = exportProject({ snapshotJson: json, projectName: 'p', target: 'static', readBlob: () => Promise.resolve(new Uint8Array([1, 2, 3])) }, undefined, load);
      await expect(wrong).rejects.toMatchObject({ step: 'reading', message: expect.stringContaining(`The file of asset ${sha} is damaged`) });
      const broken = exportProject({ snapshotJson: json, projectName: 'p', target: 'static', readBlob: () => Promise.reject(new Error('disk gone')) }, undefined, load);
      await expect(broken).rejects.toMatchObject({ step: 'reading', message: `The file of asset ${sha} could not be read: disk gone` });
    });
  });
});
