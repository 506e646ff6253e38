/**
 * Integer parsing with Redis's rules (util.c string2ll): no spaces, no '+', no leading zeros,
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
