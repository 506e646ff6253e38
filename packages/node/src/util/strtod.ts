/**
 * C's strtod over a whole text, as glibc reads it: decimal, hex floats ("0x1.8p3"), "inf"/"infinity",
 * "nan"/"nan(...)". Callers decide what to accept: Redis checks strtod's ERANGE differently per command
 * (a score may be subnormal, a SORT weight may not), so the raw ERANGE is reported, not judged.
 */
export interface StrtodResult {
  value: number;
  /** errno == ERANGE: an overflow to infinity, or an underflow below the smallest normal double. */
  erange: boolean;
}

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i;
const HEX = /^([+-]?)0x([0-9a-f]*)(?:\.([0-9a-f]*))?(?:p([+-]?\d+))?$/i;
const INFINITY = /^[+-]?inf(?:inity)?$/i;
const NAN = /^[+-]?nan(?:\([0-9a-z_]*\))?$/i;
const MIN_NORMAL = 2.2250738585072014e-308;

/** C's isspace in the "C" locale. */
export function isCSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

/** The number `text` spells from its first to its last byte, or null when strtod would stop before the end. */
export function strtod(text: string): StrtodResult | null {
  let value: number;
  let mantissa: string;
  if (DECIMAL.test(text)) {
    value = Number(text);
    mantissa = text.replace(/e.*$/i, '');
  } else if (INFINITY.test(text)) {
    return { value: text.charCodeAt(0) === 45 ? -Infinity : Infinity, erange: false };
  } else if (NAN.test(text)) {
    return { value: NaN, erange: false };
  } else {
    const hex = HEX.exec(text);
    if (hex === null) return null;
    const [, sign, whole = '', fraction = '', exponent = '0'] = hex;
    if (whole.length + fraction.length === 0) return null;
    value = 0;
    for (const digit of whole + fraction) value = value * 16 + Number.parseInt(digit, 16);
    value *= 2 ** (Number(exponent) - 4 * fraction.length);
    if (sign === '-') value = -value;
    mantissa = whole + fraction;
  }
  if (!Number.isFinite(value)) return { value, erange: true };
  const underflow = Math.abs(value) < MIN_NORMAL && /[1-9a-f]/i.test(mantissa);
  return { value, erange: underflow };
}
