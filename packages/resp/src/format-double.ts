// Redis 7.0 addReplyDouble() text: C printf("%.17g") (glibc), with infinities
// spelled "inf"/"-inf" and NaN as "nan".
//
// %.17g = the value correctly rounded to 17 significant digits (ties to
// even, glibc's default rounding mode), shown in fixed notation when the
// decimal exponent X satisfies -4 <= X < 17 and as d.ddde±XX otherwise, with
// trailing zeros (and a trailing '.') removed. JS toExponential(16) gives the
// correctly rounded 17 digits too, except that ECMAScript resolves exact ties
// upwards; those ties are detected and fixed below.

/** 2^25: any double that can sit exactly halfway at 17 digits is a multiple of 2^-25. */
const TWO_POW_25 = 33554432;

export function formatDouble(d: number): string {
  if (d !== d) return 'nan';
  if (d === Infinity) return 'inf';
  if (d === -Infinity) return '-inf';
  // Safe integers have at most 16 digits: %.17g prints them exactly, and so
  // does String() (larger ones would get String()'s shortest round-trip form).
  if (Number.isInteger(d) && d <= 9007199254740992 && d >= -9007199254740992) {
    return d === 0 && 1 / d < 0 ? '-0' : String(d);
  }
  const negative = d < 0;
  const a = negative ? -d : d;

  const e16 = a.toExponential(16); // "d.dddddddddddddddde±X"
  let digits = e16.charAt(0) + e16.slice(2, 18);
  let exp = Number(e16.slice(19));

  // A tie needs an exact decimal expansion of exactly 18 significant digits
  // ending in 5. Integers >= 1e17 cannot (odd integers are < 2^53), and a
  // non-integer m*2^-k (m odd) has k fractional digits with m*5^k of at
  // least 18 digits when k > 25; so only multiples of 2^-25 need a look.
  if (!Number.isInteger(a) && Number.isInteger(a * TWO_POW_25)) {
    const e17 = a.toExponential(17);
    if (e17.charCodeAt(18) === 53 /* '5' */) {
      const exp17 = Number(e17.slice(20));
      const d18 = BigInt(e17.charAt(0) + e17.slice(2, 19));
      const scaled = BigInt(a * TWO_POW_25); // exact: a is a multiple of 2^-25
      // Is a == d18 * 10^(exp17-17) exactly?  (both sides times 2^25)
      const q = exp17 - 17;
      const exact =
        q >= 0
          ? d18 * 10n ** BigInt(q) * BigInt(TWO_POW_25) === scaled
          : d18 * BigInt(TWO_POW_25) === scaled * 10n ** BigInt(-q);
      // Exact tie: JS rounded away from zero; round half to even instead.
      if (exact && (e17.charCodeAt(17) - 48) % 2 === 0) {
        digits = e17.charAt(0) + e17.slice(2, 18);
        exp = exp17;
      }
    }
  }

  return (negative ? '-' : '') + gNotation(digits, exp);
}

/** Lays out 17 significant `digits` with decimal exponent `exp` the way %g does. */
function gNotation(digits: string, exp: number): string {
  let last = digits.length;
  while (last > 1 && digits.charCodeAt(last - 1) === 48) last--;
  if (exp < -4 || exp >= 17) {
    const mantissa = last > 1 ? digits.charAt(0) + '.' + digits.slice(1, last) : digits.charAt(0);
    const ax = exp < 0 ? -exp : exp;
    return mantissa + (exp < 0 ? 'e-' : 'e+') + (ax < 10 ? '0' + ax : String(ax));
  }
  if (exp >= 0) {
    const intPart = digits.slice(0, exp + 1);
    return last > exp + 1 ? intPart + '.' + digits.slice(exp + 1, last) : intPart;
  }
  return '0.' + '0'.repeat(-exp - 1) + digits.slice(0, last);
}
