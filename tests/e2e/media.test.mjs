// @ts-check
// The media worker in Chromium: a real JPEG (Chromium's own encoder) goes through
// `window.omnios.media()` — the client the upload UI uses — and comes back as WebP variants
// the browser can show; a file lying about its type comes back as the pipeline's refusal.
import assert from 'node:assert/strict';
import { describe } from 'node:test';
import { openEditor } from './editorPage.mjs';
import { errorsIn, pageTest, useSession } from './harness.mjs';

describe('media worker', () => {
  const session = useSession();

  pageTest(session, 'optimises a real photo off the main thread into WebP variants the browser shows', async ({ page, server, log }) => {
    await openEditor(page, server.url);
    const workersBefore = page.workers().length;
    const result = await page.evaluate(async () => {
      const canvas = new OffscreenCanvas(1500, 1000);
      const context = /** @type {OffscreenCanvasRenderingContext2D} */ (canvas.getContext('2d'));
      context.fillStyle = '#c83232';
      context.fillRect(0, 0, 750, 1000);
      context.fillStyle = '#3232c8';
      context.fillRect(750, 0, 750, 1000);
      const jpeg = await (await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.9 })).arrayBuffer();
      const hooks = /** @type {any} */ (window).omnios;
      const client = await hooks.media();
      const optimised = await client.optimise(jpeg, 'photo.jpg');
      /** @param {{ bytes: ArrayBuffer, mime: string }} picture */
      const shown = async (picture) => {
        const bitmap = await createImageBitmap(new Blob([picture.bytes], { type: picture.mime }));
        const probe = new OffscreenCanvas(bitmap.width, bitmap.height);
        const probeContext = /** @type {OffscreenCanvasRenderingContext2D} */ (probe.getContext('2d'));
        probeContext.drawImage(bitmap, 0, 0);
        const left = [...probeContext.getImageData(2, Math.floor(bitmap.height / 2), 1, 1).data];
        const right = [...probeContext.getImageData(bitmap.width - 3, Math.floor(bitmap.height / 2), 1, 1).data];
        return { width: bitmap.width, height: bitmap.height, left, right };
      };
      const blank = new OffscreenCanvas(4, 4);
      blank.getContext('2d'); // a canvas encodes only once it has a context
      const pngNamedJpeg = await (await blank.convertToBlob({ type: 'image/png' })).arrayBuffer();
      const refusal = await client.optimise(pngNamedJpeg, 'holiday.jpg').then(
        () => null,
        (/** @type {{ name: string, code: string, message: string }} */ error) => ({ name: error.name, code: error.code, message: error.message }),
      );
      return {
        source: optimised.source,
        jpegDetached: jpeg.byteLength === 0,
        variants: await Promise.all(optimised.variants.map(shown)),
        variantMeta: optimised.variants.map((/** @type {any} */ v) => ({ width: v.width, mime: v.mime, hash: v.sha256.length })),
        placeholder: { ...(await shown(optimised.placeholder)), bytes: optimised.placeholder.bytes.byteLength },
        refusal,
      };
    });

    assert.equal(result.source.kind, 'jpeg');
    assert.deepEqual([result.source.width, result.source.height], [1500, 1000]);
    assert.equal(result.jpegDetached, true, 'the file was transferred to the worker, not copied');
    assert.deepEqual(result.variantMeta, [
      { width: 640, mime: 'image/webp', hash: 64 },
      { width: 1280, mime: 'image/webp', hash: 64 },
      { width: 1500, mime: 'image/webp', hash: 64 },
    ]);
    assert.deepEqual(result.variants.map((v) => [v.width, v.height]), [[640, 427], [1280, 853], [1500, 1000]]);
    for (const variant of result.variants) {
      assert.ok(variant.left[0] > 150 && variant.left[2] < 100, `left stays red: ${variant.left}`);
      assert.ok(variant.right[2] > 150 && variant.right[0] < 100, `right stays blue: ${variant.right}`);
    }
    assert.deepEqual([result.placeholder.width, result.placeholder.height], [16, 11]);
    assert.ok(result.placeholder.bytes < 1024, `placeholder is ${result.placeholder.bytes} bytes`);
    assert.ok(page.workers().length > workersBefore, 'the work ran in a worker');
    assert.deepEqual(result.refusal, {
      name: 'MediaError',
      code: 'name-mismatch',
      message: '“holiday.jpg” is named like a JPEG image, but its contents are a PNG image. Rename or re-export the file so its name matches what it is.',
    });
    assert.deepEqual(errorsIn(log), []);
  });
});
