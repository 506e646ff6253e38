const LLONG_MIN = -9223372036854775808n;
const LLONG_MAX = 9223372036854775807n;
/** Redis LONG_STR_SIZE: string2ll rejects inputs this long or longer. */
const LONG_STR_SIZE = 21;

/**
 * Redis util.c string2ll(): strict base-10 long long, how every server reads an integer argument. No spaces,
 * no '+', no leading zeros (except "0"), no overflow. Returns null when invalid.
 */
export function string2ll(s: string): bigint | null {
  const len = s.length;
  if (len === 0 || len >= LONG_STR_SIZE) return null;
  if (len === 1 && s === '0') return 0n;
  let i = 0;
  let negative = false;
  if (s.charCodeAt(0) === 0x2d /* - */) {
    negative = true;
    i++;
    if (i === len) return null;
  }
  const first = s.charCodeAt(i);
  if (first < 0x31 || first > 0x39) return null;
  for (let j = i + 1; j < len; j++) {
    const c = s.charCodeAt(j);
    if (c < 0x30 || c > 0x39) return null;
  }
  const v = BigInt(s.slice(i));
  if (negative) {
    if (v > -LLONG_MIN) return null;
    return -v;
  }
  if (v > LLONG_MAX) return null;
  return v;
}
