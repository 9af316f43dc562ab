import { describe, expect, it } from 'vitest';
import { cascaded, declarations, px, pxValue, sourceOf } from './styles';

const styles = {
  base: { width: '100px', color: 'red' },
  tablet: { width: '80px' },
  mobile: { color: 'blue' },
};

describe('styles', () => {
  it('cascades desktop-first: tablet inherits base, mobile inherits tablet', () => {
    expect(cascaded(styles, 'base')).toEqual({ width: '100px', color: 'red' });
    expect(cascaded(styles, 'tablet')).toEqual({ width: '80px', color: 'red' });
    expect(cascaded(styles, 'mobile')).toEqual({ width: '80px', color: 'blue' });
    expect(cascaded(undefined, 'mobile')).toEqual({});
  });

  it('names where a value comes from', () => {
    expect(sourceOf(styles, 'mobile', 'width')).toEqual({ value: '80px', from: 'tablet' });
    expect(sourceOf(styles, 'base', 'width')).toEqual({ value: '100px', from: 'base' });
    expect(sourceOf(styles, 'tablet', 'height')).toEqual({ value: undefined, from: null });
  });

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
