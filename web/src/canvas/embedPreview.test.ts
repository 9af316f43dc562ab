// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { inertEmbedMarkup } from './embedPreview';

describe('inertEmbedMarkup', () => {
  it('keeps plain content markup as the export writes it', () => {
    expect(inertEmbedMarkup('<p class="o-a1_2">Embedded HTML, inserted as written</p>')).toBe(
      '<p class="o-a1_2">Embedded HTML, inserted as written</p>',
    );
    expect(inertEmbedMarkup('<ul><li><a href="https://example.com/x" title="t">x</a></li></ul>')).toBe(
      '<ul><li><a href="https://example.com/x" title="t">x</a></li></ul>',
    );
  });

  it('drops scripts, handlers, script URLs and anything that loads', () => {
    const out = inertEmbedMarkup(
      '<script>alert(1)</script><img src=x onerror=alert(1)><p onclick="alert(1)" style="color: red">a' +
        '<a href="javascript:alert(1)">b</a><a href=" JaVa\tscript:alert(1)">c</a>' +
        '<span style="background: url(https://t.example/p.gif)">d</span><iframe></iframe><form><input value="v"></form></p>',
    );
    expect(out).toBe('<p style="color: red">a<a>b</a><a>c</a><span>d</span></p>');
  });

  it("keeps only element classes: the editor's own classes never reach embedded content", () => {
    // `toolbar`, `recovery-banner`, `viewport` are the editor's chrome; the export has no rule for them.
    expect(inertEmbedMarkup('<div class="toolbar o-a1 recovery-banner\tox-7b viewport">x</div><p class="cheat-sheet">y</p>')).toBe(
      '<div class="o-a1 ox-7b">x</div><p>y</p>',
    );
  });

  it('keeps the children of unknown tags and leaves text as text', () => {
    expect(inertEmbedMarkup('<custom-widget><b>bold</b> &lt;i&gt;</custom-widget>')).toBe('<b>bold</b> &lt;i&gt;');
  });
});
