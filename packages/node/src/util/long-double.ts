/**
 * The x87 80-bit `long double` that Redis computes INCRBYFLOAT (and HINCRBYFLOAT) in on x86-64, emulated
 * exactly with bigints: a 64-bit significand, round-half-even, subnormals and overflow to infinity as the
 * FPU does. JS doubles carry 53 bits and would answer `INCRBYFLOAT k -1.1` on "1" with
 * -0.10000000000000009 where Redis answers -0.1: the extra 11 bits are what make Redis's "%.17Lf" output
 * look decimal. Not a hot path: a few small bigint operations per call.
 */
export interface LongDouble {
  readonly negative: boolean;
  /** Significand: below 2^64 (at least 2^63 unless subnormal); 0n for zero. */
  readonly m: bigint;
  /** Binary exponent: the value is m * 2^e. */
  readonly e: number;
  readonly infinite: boolean;
}

const PRECISION = 64;
const TWO_64 = 1n << 64n;
const TWO_63 = 1n << 63n;
/** Exponent of the smallest subnormal (2^-16445): the significand's unit there. */
const MIN_EXPONENT = -16445;
/** Largest exponent with a finite value: (2^64 - 1) * 2^16320 is the largest long double. */
const MAX_EXPONENT = 16320;
/** string2ld refuses strings this long (MAX_LONG_DOUBLE_CHARS). */
const MAX_CHARS = 5 * 1024;

const ZERO: LongDouble = { negative: false, m: 0n, e: 0, infinite: false };
const INFINITY: LongDouble = { negative: false, m: 0n, e: 0, infinite: true };
const NEG_INFINITY: LongDouble = { negative: true, m: 0n, e: 0, infinite: true };

const DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;
const HEX = /^([+-]?)0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?(?:[pP]([+-]?\d+))?$/;
const INFINITY_TEXT = /^([+-]?)inf(?:inity)?$/i;

/** A rounding outcome: the value, or the range error strtold reports (overflow, or underflow to zero). */
type Rounded = LongDouble | 'overflow' | 'underflow';

function bitLength(n: bigint): number {
  const hex = n.toString(16);
  return hex.length * 4 - (Math.clz32(Number.parseInt(hex[0]!, 16)) - 28);
}

/** Rounds num/den (both > 0) to the nearest long double, ties to even. */
function roundQuotient(negative: boolean, num: bigint, den: bigint): Rounded {
  let e = Math.max(bitLength(num) - bitLength(den) - PRECISION, MIN_EXPONENT);
  for (;;) {
    const scaledNum = e < 0 ? num << BigInt(-e) : num;
    const scaledDen = e > 0 ? den << BigInt(e) : den;
    let q = scaledNum / scaledDen;
    if (q >= TWO_64) {
      e++;
      continue;
    }
    const twiceRest = (scaledNum - q * scaledDen) * 2n;
    if (twiceRest > scaledDen || (twiceRest === scaledDen && (q & 1n) === 1n)) q++;
    if (q === TWO_64) {
      q = TWO_63;
      e++;
    }
    if (q === 0n) return 'underflow';
    if (e > MAX_EXPONENT) return 'overflow';
    return { negative, m: q, e, infinite: false };
  }
}

/** Rounds ±n * 2^exp (n > 0) to a long double. */
function roundBinary(negative: boolean, n: bigint, exp: number): Rounded {
  return exp >= 0 ? roundQuotient(negative, n << BigInt(exp), 1n) : roundQuotient(negative, n, 1n << BigInt(-exp));
}

function parseDecimal(sign: string, whole: string, fraction: string, exponentText: string | undefined): Rounded {
  const digits = (whole + fraction).replace(/^0+/, '');
  const negative = sign === '-';
  if (digits === '') return negative ? { ...ZERO, negative } : ZERO;
  // Exponent texts can be absurdly long: past these bounds the result is infinite or zero anyway.
  const exponent = Number(exponentText ?? '0') - fraction.length;
  const magnitude = exponent + digits.length; // the value is below 10^magnitude, at least 10^(magnitude-1)
  if (magnitude > 4934) return 'overflow';
  if (magnitude < -4952) return 'underflow';
  const n = BigInt(digits);
  return exponent >= 0 ? roundQuotient(negative, n * 10n ** BigInt(exponent), 1n) : roundQuotient(negative, n, 10n ** BigInt(-exponent));
}

function parseHex(sign: string, whole: string, fraction: string, exponentText: string | undefined): Rounded {
  const digits = (whole + fraction).replace(/^0+/, '');
  const negative = sign === '-';
  if (digits === '') return negative ? { ...ZERO, negative } : ZERO;
  const exponent = Number(exponentText ?? '0') - 4 * fraction.length;
  const magnitude = exponent + 4 * digits.length;
  if (magnitude > 16385) return 'overflow';
  if (magnitude < -16446) return 'underflow';
  return roundBinary(negative, BigInt('0x' + digits), exponent);
}

/**
 * Redis's string2ld: the whole string must be a number strtold reads (decimal, hex, inf/infinity), no
 * leading space, not NaN, no overflow and no underflow to zero. Null when it is not.
 */
export function parseLongDouble(text: string): LongDouble | null {
  if (text.length === 0 || text.length >= MAX_CHARS) return null;
  let rounded: Rounded;
  let match = DECIMAL.exec(text);
  if (match !== null) {
    const whole = match[2]!;
    const fraction = match[3] ?? '';
    if (whole === '' && fraction === '') return null;
    rounded = parseDecimal(match[1]!, whole, fraction, match[4]);
  } else if ((match = HEX.exec(text)) !== null) {
    const whole = match[2]!;
    const fraction = match[3] ?? '';
    if (whole === '' && fraction === '') return null;
    rounded = parseHex(match[1]!, whole, fraction, match[4]);
  } else if ((match = INFINITY_TEXT.exec(text)) !== null) {
    return match[1] === '-' ? NEG_INFINITY : INFINITY;
  } else {
    return null;
  }
  return typeof rounded === 'string' ? null : rounded;
}

/** a + b rounded as the FPU does; null for NaN (inf + -inf). Overflow gives an infinity. */
export function addLongDouble(a: LongDouble, b: LongDouble): LongDouble | null {
  if (a.infinite || b.infinite) {
    if (a.infinite && b.infinite && a.negative !== b.negative) return null;
    return a.infinite ? a : b;
  }
  if (a.m === 0n) return b.m === 0n ? { ...ZERO, negative: a.negative && b.negative } : b;
  if (b.m === 0n) return a;
  const e = Math.min(a.e, b.e);
  const left = a.m << BigInt(a.e - e);
  const right = b.m << BigInt(b.e - e);
  const sum = (a.negative ? -left : left) + (b.negative ? -right : right);
  if (sum === 0n) return ZERO; // an exact zero sum is +0 when rounding to nearest
  const negative = sum < 0n;
  const rounded = roundBinary(negative, negative ? -sum : sum, e);
  if (rounded === 'overflow') return negative ? NEG_INFINITY : INFINITY;
  // Sums of long doubles are multiples of the smallest subnormal: they never underflow to zero.
  return rounded === 'underflow' ? ZERO : rounded;
}

const FRACTION_DIGITS = 17n;
const SCALE = 10n ** FRACTION_DIGITS;

/**
 * Redis's ld2string LD_STR_HUMAN: printf "%.17Lf" of the exact binary value (ties to even), trailing zeros
 * and a trailing point removed, "-0" written as "0". Infinities as "inf"/"-inf".
 */
export function formatLongDoubleHuman(x: LongDouble): string {
  if (x.infinite) return x.negative ? '-inf' : 'inf';
  let scaled: bigint;
  if (x.e >= 0) {
    scaled = (x.m << BigInt(x.e)) * SCALE;
  } else {
    const num = x.m * SCALE;
    const den = 1n << BigInt(-x.e);
    scaled = num / den;
    const twiceRest = (num - scaled * den) * 2n;
    if (twiceRest > den || (twiceRest === den && (scaled & 1n) === 1n)) scaled++;
  }
  const digits = scaled.toString().padStart(Number(FRACTION_DIGITS) + 1, '0');
  const point = digits.length - Number(FRACTION_DIGITS);
  const fraction = digits.slice(point).replace(/0+$/, '');
  const text = digits.slice(0, point) + (fraction === '' ? '' : '.' + fraction);
  return x.negative && text !== '0' ? '-' + text : text;
}
