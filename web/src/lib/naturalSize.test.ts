import { afterEach, describe, expect, it, vi } from 'vitest';
import { naturalSize } from './naturalSize';

describe('naturalSize', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('never loads a source the engine would refuse', async () => {
    const loaded: string[] = [];
    vi.stubGlobal(
      'Image',
      class {
        onload: (() => void) | null = null;
        onerror: (() => void) | null = null;
        set src(value: string) {
          loaded.push(value);
          this.onerror?.();
        }
      },
    );
    for (const hostile of ['javascript:alert(1)', 'vbscript:x', 'file:///etc/passwd', '//evil.example/x.png']) {
      expect(await naturalSize(hostile)).toBeUndefined();
    }
    expect(loaded).toEqual([]);
    await naturalSize('https://example.com/a.png');
    await naturalSize('/images/a.png');
    expect(loaded).toEqual(['https://example.com/a.png', '/images/a.png']);
  });
});
