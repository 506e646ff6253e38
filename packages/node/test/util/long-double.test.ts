import { describe, expect, it } from 'vitest';
import { addLongDouble, formatLongDoubleHuman, parseLongDouble } from '../../src/util/long-double.js';

/** INCRBYFLOAT's arithmetic: parse both, add, print in human form (null where Redis answers an error). */
function incr(value: string, increment: string): string | null {
  const a = parseLongDouble(value);
  const b = parseLongDouble(increment);
  if (a === null || b === null) return null;
  const sum = addLongDouble(a, b);
  return sum === null || sum.infinite ? null : formatLongDoubleHuman(sum);
}

// Expected values were produced by redis-server 7.0.15 on x86-64 (INCRBYFLOAT), i.e. by glibc's strtold,
// x87 addition and printf("%.17Lf").
describe('long double emulation', () => {
  it('gives the decimal-looking results Redis gives where doubles would not', () => {
    expect(incr('1', '-1.1')).toBe('-0.1');
    expect(incr('0.1', '0.2')).toBe('0.3');
    expect(incr('10.5', '0.1')).toBe('10.6');
    expect(incr('17179869184', '1.5')).toBe('17179869185.5');
    expect(incr('0', '1e10')).toBe('10000000000');
    expect(incr('0', '1e-10')).toBe('0.0000000001');
    expect(incr('0', '1e-18')).toBe('0');
    expect(incr('0', '3.0e3')).toBe('3000');
    expect(incr('0', '0.1')).toBe('0.1');
    expect(incr('1e20', '1')).toBe('100000000000000000000'); // past the 64-bit significand
    expect(incr('0', '1e30')).toBe('1000000000000000000024696061952'); // the exact binary value
  });

  it('prints the exact binary value with 17 decimals, ties to even', () => {
    expect(incr('0', '0x1p-60')).toBe('0');
    expect(incr('0', '0x1p-56')).toBe('0.00000000000000001');
    expect(incr('0', '0.000000000000000015')).toBe('0.00000000000000002');
    expect(incr('0', '-0.000000000000000001')).toBe('0');
  });

  it('reads what strtold reads and refuses the rest', () => {
    for (const good of ['1', '-1', '+1', '.5', '5.', '1e5', '1E+5', '1e-5', '0x10', '0x1.8p1', 'inf', '-Infinity', '00012']) {
      expect(parseLongDouble(good), good).not.toBeNull();
    }
    for (const bad of ['', ' 1', '1 ', 'abc', 'nan', 'NaN', '1e', '0x', '.', 'e5', '1.2.3', '1\u00002', 'infinit', '--1']) {
      expect(parseLongDouble(bad), JSON.stringify(bad)).toBeNull();
    }
    // Range errors: overflow, and underflow to zero; a subnormal result is accepted.
    expect(parseLongDouble('1e5000')).toBeNull();
    expect(parseLongDouble('1e-5000')).toBeNull();
    expect(parseLongDouble('1e-4940')).not.toBeNull();
    expect(parseLongDouble('0e99999')).not.toBeNull();
    expect(parseLongDouble('1'.repeat(5120))).toBeNull();
  });

  it('overflows to infinity, and inf + -inf is NaN', () => {
    expect(incr('1e4932', '1e4932')).toBeNull();
    expect(addLongDouble(parseLongDouble('inf')!, parseLongDouble('-inf')!)).toBeNull();
    expect(addLongDouble(parseLongDouble('inf')!, parseLongDouble('1')!)?.infinite).toBe(true);
  });

  it('never prints a negative zero', () => {
    expect(incr('-0', '-0')).toBe('0');
    expect(incr(String(1 / 41), String(-1 / 41))).toBe('0');
  });
});
