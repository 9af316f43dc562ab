import { describe, expect, it } from 'vitest';
import { assetIdOf, chooseBlob } from './assetUrls';

const sha = (c: string): string => c.repeat(64);
const photo = {
  id: sha('0'),
  width: 3000,
  variants: [
    { width: 640, hash: sha('1') },
    { width: 1280, hash: sha('2') },
    { width: 1920, hash: sha('3') },
  ],
};

describe('chooseBlob', () => {
  it('picks the narrowest variant covering the rendered width in device pixels', () => {
    expect(chooseBlob(photo, 480)).toBe(sha('1'));
    expect(chooseBlob(photo, 480, 2)).toBe(sha('2'));
    expect(chooseBlob(photo, 480, 1, 3)).toBe(sha('3'));
  });

  it('falls back to the original when no variant is wide enough and the original is wider', () => {
    expect(chooseBlob(photo, 2500)).toBe(sha('0'));
  });

  it('uses the widest variant when it is the full size (variants capped at the original)', () => {
    const small = { id: sha('0'), width: 900, variants: [{ width: 640, hash: sha('1') }, { width: 900, hash: sha('2') }] };
    expect(chooseBlob(small, 2000)).toBe(sha('2'));
  });

  it('shows the original of an asset without variants (SVG, GIF)', () => {
    expect(chooseBlob({ id: sha('a'), variants: [] }, 300)).toBe(sha('a'));
  });
});

describe('assetIdOf', () => {
  it('reads asset sources and nothing else', () => {
    expect(assetIdOf(`asset:${sha('b')}`)).toBe(sha('b'));
    expect(assetIdOf('https://example.com/a.png')).toBeUndefined();
    expect(assetIdOf(`asset:${sha('B')}`)).toBeUndefined();
    expect(assetIdOf(42)).toBeUndefined();
  });
});
