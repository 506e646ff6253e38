import { describe, expect, it } from 'vitest';
import { string2ll } from '../src/string2ll.js';

describe('string2ll', () => {
  it('accepts canonical integers only', () => {
    expect(string2ll('0')).toBe(0n);
    expect(string2ll('-1')).toBe(-1n);
    expect(string2ll('9223372036854775807')).toBe(9223372036854775807n);
    expect(string2ll('-9223372036854775808')).toBe(-9223372036854775808n);
    for (const bad of ['', '-', '+1', '01', '-0', ' 1', '1 ', '9223372036854775808', '1e3', '0x10']) {
      expect(string2ll(bad)).toBeNull();
    }
  });
});
