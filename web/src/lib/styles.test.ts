import { describe, expect, it } from 'vitest';
import { declarations, px, pxValue } from './styles';

describe('styles', () => {
  it('writes declarations and reads px', () => {
    expect(declarations({ width: '1px', 'background-color': '#fff' })).toBe('width: 1px; background-color: #fff;');
    expect(pxValue('12px')).toBe(12);
    expect(pxValue('-3.5')).toBe(-3.5);
    expect(pxValue('auto')).toBeNull();
    expect(pxValue('50%')).toBeNull();
    expect(px(10.004)).toBe('10px');
    expect(px(-0.001)).toBe('0px');
    expect(px(3.456)).toBe('3.46px');
  });
});
