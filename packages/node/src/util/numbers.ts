/**
 * Number parsing with Redis's rules (util.c string2ll / string2ld): no spaces, no '+', no leading zeros,
 * the full int64 range. JS numbers are exact only to 2^53, so arithmetic that can pass it uses bigint.
 */
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
export const LLONG_MAX = INT64_MAX;
export const LLONG_MIN = INT64_MIN;

function isCanonicalInteger(s: string): boolean {
  const n = s.length;
  if (n === 0 || n > 20) return false;
  let i = 0;
  if (s.charCodeAt(0) === 45 /* - */) {
    if (n === 1) return false;
    i = 1;
  }
  const first = s.charCodeAt(i);
  if (first === 48 /* 0 */) return n === i + 1 && i === 0; // "0" is fine, "-0" and "01" are not
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** An int64 as a bigint, or null if `s` is not one. */
export function parseInt64(s: string): bigint | null {
  if (!isCanonicalInteger(s)) return null;
  const v = BigInt(s);
  return v < INT64_MIN || v > INT64_MAX ? null : v;
}

/**
 * An int64 as a number (exact up to 2^53, rounded beyond: fine for indexes, counts and times that are
 * clamped anyway), or null if `s` is not an int64.
 */
export function parseInteger(s: string): number | null {
  if (s.length <= 15) return isCanonicalInteger(s) ? Number(s) : null;
  const v = parseInt64(s);
  return v === null ? null : Number(v);
}

/** Redis's strtold-based float parsing: accepts what C accepts ("1e3", " inf"? no spaces), rejects NaN. */
export function parseFloatStrict(s: string): number | null {
  if (s.length === 0 || s.length > 5120) return null;
  const c0 = s.charCodeAt(0);
  if (c0 === 32 || c0 === 9 || c0 === 10 || c0 === 13) return null; // no leading space
  const last = s.charCodeAt(s.length - 1);
  if (last === 32 || last === 9 || last === 10 || last === 13) return null;
  const lower = s.toLowerCase();
  if (lower === 'inf' || lower === '+inf' || lower === 'infinity' || lower === '+infinity') return Infinity;
  if (lower === '-inf' || lower === '-infinity') return -Infinity;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(s)) {
    if (/^[+-]?0x[0-9a-f]+$/i.test(s)) return Number.parseInt(s, 16); // strtold reads hex
    return null;
  }
  const v = Number(s);
  return Number.isNaN(v) ? null : v;
}

/**
 * The text Redis writes for a float in human form (INCRBYFLOAT, HINCRBYFLOAT: ld2string LD_STR_HUMAN):
 * plain decimal, no exponent, no trailing zeros. JS's shortest round-trip digits stand in for %.17Lf.
 */
export function formatHumanFloat(v: number): string {
  if (Object.is(v, -0)) return '0';
  if (Number.isInteger(v) && Math.abs(v) < 1e21) return v.toFixed(0);
  const s = String(v);
  if (!s.includes('e')) return s;
  // Expand exponent notation into plain decimal digits.
  const [mantissa, expText] = s.split('e') as [string, string];
  const exp = Number(expText);
  const negative = mantissa.startsWith('-');
  const digits = mantissa.replace('-', '').replace('.', '');
  const pointAt = (mantissa.replace('-', '').indexOf('.') === -1 ? mantissa.replace('-', '').length : mantissa.replace('-', '').indexOf('.')) + exp;
  let out: string;
  if (pointAt <= 0) out = '0.' + '0'.repeat(-pointAt) + digits;
  else if (pointAt >= digits.length) out = digits + '0'.repeat(pointAt - digits.length);
  else out = digits.slice(0, pointAt) + '.' + digits.slice(pointAt);
  return (negative ? '-' : '') + out;
}
