import { describe, expect, it } from 'vitest';
import {
  formatTrimmedDouble,
  fromByteString,
  memtoull,
  splitLen,
  string2d,
  strtoll,
  toByteString,
  trimChars,
} from '../../src/config/cstr.js';

describe('memtoull (Redis memory units)', () => {
  it.each([
    ['0', 0n],
    ['100', 100n],
    ['1b', 1n],
    ['1B', 1n],
    ['1k', 1000n],
    ['1K', 1000n],
    ['1kb', 1024n],
    ['1KB', 1024n],
    ['1Kb', 1024n],
    ['2m', 2000000n],
    ['2mb', 2097152n],
    ['700mb', 734003200n],
    ['1g', 1000000000n],
    ['1gb', 1073741824n],
    ['1GB', 1073741824n],
    ['', 0n], // no digits: strtoull("") is 0 without EINVAL on glibc
    ['kb', 0n],
    ['18446744073709551615', 18446744073709551615n],
    ['99999999999999999999999', 18446744073709551615n], // saturates
    ['18446744073709551615kb', 18446744073709550592n], // wraps modulo 2^64
  ])('%j -> %s', (input, expected) => {
    expect(memtoull(input)).toBe(expected);
  });

  it.each(['-1', '1 gb', '1tb', '1.5gb', ' 1', '+1', 'abc', '1gbx'])('%j is an error', (input) => {
    expect(memtoull(input)).toBeNull();
  });
});

describe('strtoll', () => {
  it('behaves like glibc', () => {
    expect(strtoll('42')).toEqual({ value: 42n, end: 2, overflow: false });
    expect(strtoll('  -7x')).toEqual({ value: -7n, end: 4, overflow: false });
    expect(strtoll('+5')).toEqual({ value: 5n, end: 2, overflow: false });
    expect(strtoll('')).toEqual({ value: 0n, end: 0, overflow: false });
    expect(strtoll(' ')).toEqual({ value: 0n, end: 0, overflow: false });
    expect(strtoll('-')).toEqual({ value: 0n, end: 0, overflow: false });
    expect(strtoll('99999999999999999999')).toEqual({ value: 9223372036854775807n, end: 20, overflow: true });
    expect(strtoll('777', 8)).toEqual({ value: 511n, end: 3, overflow: false });
    expect(strtoll('78', 8)).toEqual({ value: 7n, end: 1, overflow: false });
  });
});

describe('splitLen / trimChars / byte strings', () => {
  it('splitLen keeps empty tokens', () => {
    expect(splitLen('', ' ')).toEqual([]);
    expect(splitLen('a  b ', ' ')).toEqual(['a', '', 'b', '']);
  });
  it('trimChars trims both ends', () => {
    expect(trimChars(' \t a b \r\n', ' \t\r\n')).toBe('a b');
  });
  it('byte strings round trip UTF-8', () => {
    const s = 'pässwörd €';
    expect(toByteString(s)).toBe(Buffer.from(s, 'utf8').toString('latin1'));
    expect(fromByteString(toByteString(s))).toBe(s);
    expect(toByteString('ascii')).toBe('ascii');
  });
});

describe('string2d / formatTrimmedDouble', () => {
  it('string2d is strict', () => {
    expect(string2d('99.9')).toBe(99.9);
    expect(string2d('1e2')).toBe(100);
    expect(string2d('.5')).toBe(0.5);
    expect(string2d('5.')).toBe(5);
    expect(string2d('+5')).toBe(5);
    expect(string2d('0x10')).toBe(16);
    expect(string2d('0x1p3')).toBe(8);
    expect(string2d('inf')).toBe(Infinity);
    expect(string2d('-Infinity')).toBe(-Infinity);
    for (const bad of ['', ' 1', '1 ', 'nan', 'abc', '1e', '1e400', '1e-400', '0x', '1,5']) expect(string2d(bad)).toBeNull();
  });
  it('formats like %f + trimDoubleString', () => {
    expect(formatTrimmedDouble(50)).toBe('50');
    expect(formatTrimmedDouble(99)).toBe('99');
    expect(formatTrimmedDouble(99.9)).toBe('99.9');
    expect(formatTrimmedDouble(99.99)).toBe('99.99');
    expect(formatTrimmedDouble(0)).toBe('0');
    expect(formatTrimmedDouble(0.0000001)).toBe('0');
    expect(formatTrimmedDouble(12.3456789)).toBe('12.345679');
    expect(formatTrimmedDouble(1 / 128)).toBe('0.007812'); // exact tie: round half to even
    expect(formatTrimmedDouble(3 / 128)).toBe('0.023438');
  });
});
