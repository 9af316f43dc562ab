import { describe, expect, it } from 'vitest';
import type { Asset } from '../bridge/types';
import { assetCommands, refusalMessage } from './uploads';

const photo: Asset = {
  id: 'a'.repeat(64),
  name: 'beach photo.jpg',
  mime: 'image/jpeg',
  size: 1234,
  width: 1600,
  height: 1000,
  alt: '',
  variants: [{ width: 640, hash: 'b'.repeat(64) }],
};

describe('assetCommands', () => {
  it('adds the asset and places an image using it, at most 480 px wide with its proportions, as one batch', () => {
    const commands = assetCommands(photo, false, { kind: 'page', parent: 'body', index: 2 });
    expect(commands).toEqual([
      { type: 'add_asset', asset: photo },
      {
        type: 'create_element',
        kind: 'image',
        parent: 'body',
        index: 2,
        name: 'beach photo',
        props: { src: `asset:${photo.id}`, alt: '', width: 1600, height: 1000 },
        styles: { base: { width: '480px', height: '300px', 'object-fit': 'cover' } },
      },
    ]);
  });

  it('places a small picture at its own size', () => {
    const small = { ...photo, width: 64, height: 36 };
    const [, create] = assetCommands(small, false, { kind: 'page', parent: 'body' });
    expect(create).toMatchObject({ styles: { base: { width: '64px', height: '36px' } } });
  });

  it('does not add an asset the library already has, only places it', () => {
    expect(assetCommands(photo, true, { kind: 'page', parent: 'body' }).map((c) => c.type)).toEqual(['create_element']);
  });

  it('puts fonts and videos in the library only, even when dropped on the page', () => {
    const { width: _w, height: _h, ...rest } = photo;
    const font: Asset = { ...rest, mime: 'font/woff2', name: 'Inter.woff2' };
    expect(assetCommands(font, false, { kind: 'page', parent: 'body' }).map((c) => c.type)).toEqual(['add_asset']);
    expect(assetCommands(photo, false, { kind: 'library' }).map((c) => c.type)).toEqual(['add_asset']);
  });
});

describe('refusalMessage', () => {
  it('passes the media pipeline’s own words through', () => {
    const refusal = Object.assign(new Error('“a.jpg” is named like a JPEG image, but its contents are a PNG image.'), { name: 'MediaError' });
    expect(refusalMessage(refusal)).toBe('“a.jpg” is named like a JPEG image, but its contents are a PNG image.');
  });

  it('says when the browser has no room left', () => {
    expect(refusalMessage(new DOMException('full', 'QuotaExceededError'))).toMatch(/no room left/);
  });
});
