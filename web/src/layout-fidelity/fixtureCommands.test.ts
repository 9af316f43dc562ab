import { describe, expect, it } from 'vitest';
import { fixtureCommands, kindOf, type FixtureElement } from './fixtureCommands';

const leaf = (id: string, tag: string, extra: Partial<FixtureElement> = {}): FixtureElement => ({
  id,
  tag,
  styles: { base: {} },
  children: [],
  ...extra,
});

describe('fixtureCommands', () => {
  it('styles the body, then creates every element under its parent with its slots, text and props', () => {
    const root: FixtureElement = {
      id: 'root',
      tag: 'div',
      styles: { base: { 'font-size': '18px' }, mobile: { 'font-size': '14px' } },
      children: [
        {
          id: 'row',
          tag: 'section',
          styles: { base: { display: 'flex' }, tablet: { display: 'block' }, mobile: {} },
          children: [
            leaf('title', 'h2', { text: 'Hello' }),
            leaf('pic', 'img', { attributes: { width: '200', height: '100' } }),
            leaf('go', 'button', { text: 'Go', styles: { base: { 'padding-top': '4px' } } }),
          ],
        },
      ],
    };
    expect(fixtureCommands(root, 'body1')).toEqual([
      { type: 'update_styles', ids: ['body1'], slot: 'base', set: { 'font-size': '18px' } },
      { type: 'update_styles', ids: ['body1'], slot: 'mobile', set: { 'font-size': '14px' } },
      {
        type: 'create_element',
        kind: 'section',
        parent: 'body1',
        id: 'row',
        styles: { base: { display: 'flex' }, tablet: { display: 'block' } },
      },
      { type: 'create_element', kind: 'text', parent: 'row', id: 'title', tag: 'h2', content: 'Hello' },
      { type: 'create_element', kind: 'image', parent: 'row', id: 'pic', props: { width: 200, height: 100 } },
      {
        type: 'create_element',
        kind: 'button',
        parent: 'row',
        id: 'go',
        content: 'Go',
        styles: { base: { 'padding-top': '4px' } },
      },
    ]);
  });

  it('maps every tag the harness allows and refuses others', () => {
    expect(kindOf('div')).toEqual({ kind: 'container' });
    expect(kindOf('a')).toEqual({ kind: 'link' });
    expect(kindOf('span')).toEqual({ kind: 'text', tag: 'span' });
    expect(kindOf('ul')).toEqual({ kind: 'container', tag: 'ul' });
    expect(() => kindOf('table')).toThrow(/no element kind/);
  });

  it('refuses a non-numeric natural size', () => {
    const root = { ...leaf('root', 'div'), children: [leaf('pic', 'img', { attributes: { width: 'wide' } })] };
    expect(() => fixtureCommands(root, 'b')).toThrow(/not a number/);
  });
});
