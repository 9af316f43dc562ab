import { describe, expect, it } from 'vitest';
import type { TokenDelta } from '../bridge/types';
import { declarations } from './styles';
import { cssValue, freeName, inlineMissingTokens, shownValue, groupTokens, newTokenCommand, referencedToken, tokenDeclarations, tokenKindFor, tokenName, tokensFor, tokenVariable } from './tokens';

const token = (id: string, name: string, kind: TokenDelta['kind'], value: string): TokenDelta => ({ id, name, kind, value, used_by: [] });

describe('design tokens in the editor', () => {
  const tokens = [
    token('t2', 'brand', 'color', '#ff0000'),
    token('t1', 'accent', 'color', 'blue'),
    token('t3', 'space-m', 'spacing', '16px'),
    token('t4', 'corner', 'radius', '4px'),
  ];

  it('groups tokens by kind, each group by name, every kind present', () => {
    const groups = groupTokens(tokens);
    expect(groups.color.map((t) => t.name)).toEqual(['accent', 'brand']);
    expect(groups.spacing.map((t) => t.id)).toEqual(['t3']);
    expect(groups.font_size).toEqual([]);
  });

  it('offers a property only the tokens of the kind it takes', () => {
    expect(tokenKindFor('background-color')).toBe('color');
    expect(tokenKindFor('padding-left')).toBe('spacing');
    expect(tokenKindFor('border-radius')).toBe('radius');
    expect(tokenKindFor('width')).toBeNull();
    expect(tokensFor(tokens, 'border-color').map((t) => t.name)).toEqual(['accent', 'brand']);
    expect(tokensFor(tokens, 'gap').map((t) => t.name)).toEqual(['space-m']);
    expect(tokensFor(tokens, 'width')).toEqual([]);
  });

  it('draws a reference as the token’s variable, which the canvas defines', () => {
    expect(referencedToken('token:t2')).toBe('t2');
    expect(referencedToken('#ff0000')).toBeNull();
    expect(cssValue('token:t2')).toBe('var(--omnios-token-t2)');
    expect(cssValue('12px')).toBe('12px');
    expect(declarations({ color: 'token:t2', width: '1px' })).toBe('color: var(--omnios-token-t2); width: 1px;');
    const byId = new Map(tokens.map((t) => [t.id, t]));
    expect(shownValue('token:t3', byId)).toBe('16px');
    expect(shownValue('token:gone', byId)).toBe('');
    expect(shownValue('2rem', byId)).toBe('2rem');
    expect(tokenDeclarations(tokens.slice(0, 1))).toBe('--omnios-token-t2: #ff0000;');
    // An id that slipped past the engine never reaches CSS as written.
    expect(tokenVariable('a;b}')).toBe('--omnios-token-x613b627d');
  });

  it('names new tokens as the engine accepts them, never twice', () => {
    expect(tokenName('Brand Blue')).toBe('brand-blue');
    expect(tokenName('  2XL  ')).toBe('token-2xl');
    expect(tokenName('***')).toBe('token');
    expect(tokenName('a'.repeat(80))).toHaveLength(64);
    expect(freeName('brand', tokens)).toBe('brand-2');
    expect(freeName('primary', tokens)).toBe('primary');
    expect(newTokenCommand('color', '', tokens)).toEqual({ type: 'create_token', kind: 'color', name: 'color', value: '#3366ff' });
    expect(newTokenCommand('spacing', 'Space M', [...tokens, token('t5', 'space-m-2', 'spacing', '1px')])).toMatchObject({ name: 'space-m-3' });
  });

  it('pastes a reference to a token the project lacks as the value it had when copied', () => {
    const have = new Map([['t1', tokens[1] as TokenDelta]]);
    const copied = new Map(tokens.map((t) => [t.id, t]));
    expect(inlineMissingTokens({ color: 'token:t1', 'background-color': 'token:t2', 'padding-top': 'token:gone', width: 10 }, have, copied)).toEqual({
      color: 'token:t1',
      'background-color': '#ff0000',
      width: 10,
    });
  });
});
