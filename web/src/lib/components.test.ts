import { describe, expect, it } from 'vitest';
import type { ElementRecord } from '../bridge/types';
import {
  componentNameProblem,
  declarationsOf,
  enumOptions,
  fieldLabel,
  instanceShowing,
  isMasterRoot,
  isShownSlot,
  listComponents,
  optionNameProblem,
  overridesOf,
  parseDeclaration,
  parseTarget,
  parseVariantKey,
  propNameProblem,
  propSuggestions,
  slotsOf,
  suggestPropName,
  variantAxesOf,
  variantKey,
} from './components';

const record = (over: Partial<ElementRecord> & Pick<ElementRecord, 'id'>): ElementRecord => ({
  children: [],
  kind: 'container',
  page: 'home',
  parent: 'body',
  order: 'a',
  ...over,
});

const card = record({
  id: 'card',
  page: 'card',
  parent: null,
  name: 'Card',
  props: {
    'prop:title': 'text|title|content|Hello',
    'prop:count': 'number|badge|style|base|width|12',
    'prop:shown': 'boolean|badge|hidden|false',
    'prop:broken': 'colour|title|content|x',
    'v:size=lg|card|style|base|padding-top': '32px',
    'v:size=sm|card|style|base|padding-top': '4px',
    'v:tone=dark|title|style|base|color': '#fff',
    'slot:body': true,
    'slot:off': false,
  },
});

describe('components as the editor reads them', () => {
  it('lists master roots by name, never pages or their elements', () => {
    const list = listComponents([
      record({ id: 'body', kind: 'body', page: 'home', parent: null }),
      record({ id: 'nav', page: 'nav', parent: null, name: 'Nav' }),
      card,
      record({ id: 'title', page: 'card', parent: 'card' }),
    ]);
    expect(list).toEqual([
      { id: 'card', name: 'Card' },
      { id: 'nav', name: 'Nav' },
    ]);
    expect(isMasterRoot(card)).toBe(true);
  });

  it('refuses blank, over-long and taken component names, not the component’s own', () => {
    const all = [{ id: 'card', name: 'Card' }];
    expect(componentNameProblem('  ', all)).toMatch(/needs a name/);
    expect(componentNameProblem('x'.repeat(257), all)).toMatch(/256/);
    expect(componentNameProblem('Card', all)).toMatch(/exists already/);
    expect(componentNameProblem('Card', all, 'card')).toBeNull();
    expect(componentNameProblem('Nav', all)).toBeNull();
  });

  it('reads declarations with their kind, target and typed default; skips malformed ones', () => {
    expect(declarationsOf(card)).toEqual([
      { name: 'count', kind: 'number', target: 'badge|style|base|width', default: 12 },
      { name: 'shown', kind: 'boolean', target: 'badge|hidden', default: false },
      { name: 'title', kind: 'text', target: 'title|content', default: 'Hello' },
    ]);
    expect(parseDeclaration('x', 'text|title|content|')).toEqual({ name: 'x', kind: 'text', target: 'title|content', default: null });
    expect(parseDeclaration('x', 'text|title|colour|a')).toBeNull();
    expect(parseTarget('outer.inner|prop|src')).toEqual({ path: ['outer', 'inner'], field: 'prop|src' });
  });

  it('reads variant axes with their options, adding options that hold no value yet', () => {
    expect(variantAxesOf(card)).toEqual([
      { axis: 'size', options: ['lg', 'sm'] },
      { axis: 'tone', options: ['dark'] },
    ]);
    expect(variantAxesOf(card, [{ axis: 'size', option: 'md' }, { axis: 'shape', option: 'round' }]).map((a) => [a.axis, a.options])).toEqual([
      ['shape', ['round']],
      ['size', ['lg', 'md', 'sm']],
      ['tone', ['dark']],
    ]);
    const key = variantKey('size', 'lg', 'card|style|base|padding-top');
    expect(key).toBe('v:size=lg|card|style|base|padding-top');
    expect(parseVariantKey(key, '32px')).toEqual({ axis: 'size', option: 'lg', target: 'card|style|base|padding-top', value: '32px' });
    expect(parseVariantKey('v:size|card|content', 'x')).toBeNull();
  });

  it('reads slots (only those marked true) and an instance’s overrides', () => {
    expect(slotsOf(card)).toEqual(['body']);
    const instance = record({ id: 'i1', kind: 'instance', props: { component: 'card', title: 'Hi', 'o:title|content': 'Mine', 'o:card|style|base|color': 'red' } });
    expect([...overridesOf(instance)]).toEqual([
      ['title|content', 'Mine'],
      ['card|style|base|color', 'red'],
    ]);
  });

  it('finds the stored instance showing an element: its origin, else the nearest stored instance above', () => {
    const elements = new Map<string, ElementRecord>([
      ['i1', record({ id: 'i1', kind: 'instance', props: { component: 'card' } })],
      ['__a', record({ id: '__a', parent: 'i1' })],
      ['__b', record({ id: '__b', parent: '__a', kind: 'text' })],
      ['__c', { ...record({ id: '__c', parent: 'elsewhere', kind: 'text' }), origin: { instance: 'i9', path: ['title'], overridden: [] } } as ElementRecord],
    ]);
    const get = (id: string) => elements.get(id);
    expect(instanceShowing('__b', get)).toBe('i1');
    expect(instanceShowing('__c', get)).toBe('i9');
    expect(instanceShowing('i1', get)).toBeNull();
    elements.set('card', card);
    elements.set('i9', record({ id: 'i9', kind: 'instance', props: { component: 'card' } }));
    const shownSlot = { ...record({ id: '__s', parent: '__a' }), origin: { instance: 'i9', path: ['body'], overridden: [] } } as ElementRecord;
    expect(isShownSlot(shownSlot, get)).toBe(true);
    expect(isShownSlot({ ...shownSlot, origin: { instance: 'i9', path: ['title'], overridden: [] } } as ElementRecord, get)).toBe(false);
  });

  it('suggests props for the fields an element has, and names them uniquely', () => {
    const link = record({ id: 'l', kind: 'link', content: 'Docs', props: { href: '/docs' } });
    expect(propSuggestions(link).map((s) => [s.kind, s.field, s.default])).toEqual([
      ['text', 'content', 'Docs'],
      ['link', 'prop|href', '/docs'],
      ['boolean', 'hidden', false],
    ]);
    expect(propSuggestions(record({ id: 'img', kind: 'image' }))[0]).toMatchObject({ kind: 'image', field: 'prop|src' });
    expect(suggestPropName('Card title', [])).toBe('cardTitle');
    expect(suggestPropName('Card title', ['cardTitle'])).toBe('cardTitle2');
    expect(suggestPropName('2 col', [])).toBe('prop2Col');
  });

  it('checks prop, axis and option names as the engine does', () => {
    expect(propNameProblem('title')).toBeNull();
    expect(propNameProblem('component')).toMatch(/reserved/);
    expect(propNameProblem('1st')).toMatch(/not a prop name/);
    expect(optionNameProblem('x-large')).toBeNull();
    expect(optionNameProblem('-x')).toMatch(/not an option name/);
  });

  it('offers an enum prop the values of the style it sets', () => {
    expect(enumOptions('card|style|base|text-align')).toEqual(['left', 'center', 'right', 'justify']);
    expect(enumOptions('card|content')).toEqual([]);
  });

  it('names override fields in words', () => {
    expect(fieldLabel('content')).toBe('text');
    expect(fieldLabel('prop|src')).toBe('src');
    expect(fieldLabel('style|base|background-color')).toBe('background-color');
    expect(fieldLabel('style|mobile|color')).toBe('color (mobile)');
  });
});
