// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { offsetOf, positionOf, readRuns, replaceRange, runsToHtml, setLink, toggleMark } from './richText';
import { isLinkAddress } from './textEditing';

describe('runs', () => {
  it('render as the export writes them, escaped', () => {
    expect(
      runsToHtml([
        { text: 'a <b> & ' },
        { text: 'bold', bold: true },
        { text: '\nline' },
        { text: 'go', link: 'https://x.test/?a=1&b="2"', italic: true },
      ]),
    ).toBe('a &lt;b&gt; &amp; <strong>bold</strong><br>line<a href="https://x.test/?a=1&amp;b=&quot;2&quot;"><em>go</em></a>');
  });

  it('toggle a mark on a range: on when any character lacks it, off when all have it', () => {
    const runs = [{ text: 'Hello world' }];
    const bold = toggleMark(runs, 6, 11, 'bold');
    expect(bold).toEqual([{ text: 'Hello ' }, { text: 'world', bold: true }]);
    expect(toggleMark(bold, 0, 11, 'bold')).toEqual([{ text: 'Hello world', bold: true }]);
    expect(toggleMark(bold, 6, 11, 'bold')).toEqual([{ text: 'Hello world' }]);
  });

  it('link and unlink a range, insert a line break with the marks before it', () => {
    const linked = setLink([{ text: 'see docs' }], 4, 8, '/docs');
    expect(linked).toEqual([{ text: 'see ' }, { text: 'docs', link: '/docs' }]);
    expect(setLink(linked, 0, 8, null)).toEqual([{ text: 'see docs' }]);
    expect(replaceRange([{ text: 'ab', bold: true }], 1, 1, 'x')).toEqual([{ text: 'axb', bold: true }]);
    expect(replaceRange([{ text: 'ab', bold: true }], 1, 1, '\n')).toEqual([
      { text: 'a', bold: true },
      { text: '\n' },
      { text: 'b', bold: true },
    ]);
  });

  it('read back from the markup they render, with offsets that count a break as one', () => {
    const runs = [{ text: 'Hi ' }, { text: 'you', bold: true, underline: true }, { text: '\nthere\n' }];
    const node = document.createElement('p');
    node.innerHTML = runsToHtml(runs, true);
    expect(readRuns(node)).toEqual(runs);
    for (const at of [0, 2, 3, 5, 6, 7, 12, 13]) {
      const p = positionOf(node, at);
      expect(offsetOf(node, p.node, p.offset)).toBe(at);
    }
  });

  it('read pasted or foreign markup for its text only', () => {
    const node = document.createElement('p');
    node.innerHTML = '<b>x</b><span style="color:red" onclick="alert(1)">y</span><i>z</i><a href="/a">w</a>';
    expect(readRuns(node)).toEqual([
      { text: 'x', bold: true },
      { text: 'y' },
      { text: 'z', italic: true },
      { text: 'w', link: '/a' },
    ]);
  });
});

describe('isLinkAddress', () => {
  it('takes what a link element takes and nothing else', () => {
    for (const ok of ['https://example.com', '/about', '#top', 'mailto:a@b.test', 'tel:+1']) expect(isLinkAddress(ok)).toBe(true);
    for (const bad of ['javascript:alert(1)', '//evil.test', 'data:text/html,x', 'about us', 'ftp://x', '']) {
      expect(isLinkAddress(bad)).toBe(false);
    }
  });
});
