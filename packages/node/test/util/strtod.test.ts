import { describe, expect, it } from 'vitest';
import { strtod } from '../../src/util/strtod.js';

describe('strtod', () => {
  it('reads what glibc reads, over the whole text', () => {
    expect(strtod('1.5')).toEqual({ value: 1.5, erange: false });
    expect(strtod('-2e3')).toEqual({ value: -2000, erange: false });
    expect(strtod('.5')).toEqual({ value: 0.5, erange: false });
    expect(strtod('0x1.8p3')).toEqual({ value: 12, erange: false });
    expect(strtod('-Infinity')).toEqual({ value: -Infinity, erange: false });
    expect(strtod('nan(abc)')!.value).toBeNaN();
    for (const bad of ['', ' 1', '1 ', '1e', 'abc', '0x', '1.2.3']) expect(strtod(bad), bad).toBeNull();
  });

  it('reports ERANGE for overflow and for underflow below the smallest normal double', () => {
    expect(strtod('1e400')).toEqual({ value: Infinity, erange: true });
    expect(strtod('1e-400')).toEqual({ value: 0, erange: true });
    expect(strtod('1e-310')!.erange).toBe(true);
    expect(strtod('0e-400')).toEqual({ value: 0, erange: false });
    expect(strtod('2.2250738585072014e-308')!.erange).toBe(false);
  });
});
