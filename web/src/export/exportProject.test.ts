import { readFileSync } from 'node:fs';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { HyperBridge } from '../bridge/HyperBridge';
import { loadCompiler } from './compilerModule';
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
    const result = await exportProject({ snapshotJson: json, projectName: 'My Site', target: 'nextjs' }, (s) => steps.push(s), load);
    expect(steps).toEqual(['loading', 'compiling', 'zipping']);
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
    const request = { snapshotJson: json, projectName: 'p', target: 'static' } as const;
    const first = await exportProject(request, undefined, load);
    const second = await exportProject(request, undefined, load);
    expect(second.zip).toEqual(first.zip);
  });

  it('exports only the chosen pages', async () => {
    const { json, about } = await projectWithTwoPages();
    const result = await exportProject({ snapshotJson: json, projectName: 'p', target: 'static', pages: [about] }, undefined, load);
    expect(Object.keys(unzipSync(result.zip)).sort()).toEqual(['about/index.html', 'manifest.json', 'styles.css']);
  });

  it('says why the compiler refused the project, naming the element and the asset', async () => {
    const { bridge } = await projectWithTwoPages();
    const body = bridge.fullDeltas().pages[0]?.root ?? '';
    bridge.commit({ type: 'create_element', kind: 'image', parent: body, props: { src: 'assets/hero.png', alt: 'Hero' } });
    const failure = exportProject({ snapshotJson: bridge.toJSON(), projectName: 'p', target: 'nextjs' }, undefined, load);
    await expect(failure).rejects.toBeInstanceOf(ExportError);
    await expect(failure).rejects.toThrow(/could not be exported: element \S+ shows the image "assets\/hero.png"/);
  });

  it('says when the compiler module cannot be loaded (a failed download stands in for the network)', async () => {
    const failure = exportProject({ snapshotJson: '{}', projectName: 'p', target: 'nextjs' }, undefined, () =>
      Promise.reject(new TypeError('Failed to fetch')),
    );
    await expect(failure).rejects.toMatchObject({ step: 'loading', message: 'The export compiler could not be loaded: Failed to fetch' });
  });
});
