/**
 * C-compatible string and number helpers used by the configuration code.
 *
 * Redis parses configuration with a handful of libc / sds primitives whose
 * quirks are visible to users (what `CONFIG SET maxmemory ""` does, ...). The
 * functions here reproduce those primitives on JavaScript strings; the ones
 * every server process shares (sdssplitargs, sdscatrepr, string2ll) are in
 * @understudy/resp.
 *
 * "Byte strings": the config-file / command-line pipeline works on strings
 * whose code units are bytes (latin1), exactly like Redis works on `char*`.
 * `toByteString` / `fromByteString` convert from / to ordinary UTF-8 text.
 */

export const INT_MIN = -2147483648n;
export const INT_MAX = 2147483647n;
export const UINT_MAX = 4294967295n;
export const LLONG_MIN = -9223372036854775808n;
export const LLONG_MAX = 9223372036854775807n;
export const LONG_MAX = LLONG_MAX; /* LP64 */
export const SSIZE_MAX = LLONG_MAX;
export const ULLONG_MAX = 18446744073709551615n;

const NON_ASCII = /[^\x00-\x7f]/;

/** UTF-8 text -> byte string (one code unit per byte). */
export function toByteString(text: string): string {
  if (!NON_ASCII.test(text)) return text;
  return Buffer.from(text, 'utf8').toString('latin1');
}

/** Byte string -> UTF-8 text. */
export function fromByteString(bytes: string): string {
  if (!NON_ASCII.test(bytes)) return bytes;
  return Buffer.from(bytes, 'latin1').toString('utf8');
}

/** C isspace() in the "C" locale. */
export function isSpaceCode(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d);
}

function isDigitCode(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** C strings stop at the first NUL. */
export function cString(s: string): string {
  const nul = s.indexOf('\0');
  return nul === -1 ? s : s.slice(0, nul);
}

export interface StrtolResult {
  /** The converted value (clamped on overflow, as libc does). */
  value: bigint;
  /** Index of the first unparsed character (0 when nothing was converted). */
  end: number;
  /** errno == ERANGE */
  overflow: boolean;
}

/** libc strtoll() for base 8 or 10 (glibc semantics; EINVAL is never set). */
export function strtoll(s: string, base: 8 | 10 = 10): StrtolResult {
  let i = 0;
  const len = s.length;
  while (i < len && isSpaceCode(s.charCodeAt(i))) i++;
  let negative = false;
  const sign = s.charCodeAt(i);
  if (sign === 0x2b /* + */ || sign === 0x2d /* - */) {
    negative = sign === 0x2d;
    i++;
  }
  const start = i;
  const maxDigit = base === 8 ? 0x37 : 0x39;
  while (i < len) {
    const c = s.charCodeAt(i);
    if (c < 0x30 || c > maxDigit) break;
    i++;
  }
  if (i === start) return { value: 0n, end: 0, overflow: false };
  const digits = s.slice(start, i);
  let v = base === 8 ? BigInt('0o' + digits) : BigInt(digits);
  if (negative) v = -v;
  if (v > LLONG_MAX) return { value: LLONG_MAX, end: i, overflow: true };
  if (v < LLONG_MIN) return { value: LLONG_MIN, end: i, overflow: true };
  return { value: v, end: i, overflow: false };
}

/** strtoll() then the implicit C conversion to `int` (two's complement truncation). */
export function toCInt(v: bigint): bigint {
  return BigInt.asIntN(32, v);
}

/**
 * Redis util.c memtoull(): "<digits>[b|k|kb|m|mb|g|gb]" (unit case-insensitive,
 * k = 1000, kb = 1024). Returns null on error. Quirks kept: an empty digit part
 * is 0 (so "" and "kb" are 0), digit overflow saturates and the multiplication
 * wraps modulo 2^64, a leading '-' is an error.
 */
export function memtoull(p: string): bigint | null {
  if (p.charCodeAt(0) === 0x2d) return null;
  let u = 0;
  while (u < p.length && isDigitCode(p.charCodeAt(u))) u++;
  const unit = p.slice(u).toLowerCase();
  let mul: bigint;
  switch (unit) {
    case '':
    case 'b':
      mul = 1n;
      break;
    case 'k':
      mul = 1000n;
      break;
    case 'kb':
      mul = 1024n;
      break;
    case 'm':
      mul = 1000n * 1000n;
      break;
    case 'mb':
      mul = 1024n * 1024n;
      break;
    case 'g':
      mul = 1000n * 1000n * 1000n;
      break;
    case 'gb':
      mul = 1024n * 1024n * 1024n;
      break;
    default:
      return null;
  }
  if (u >= 128) return null;
  let val = u === 0 ? 0n : BigInt(p.slice(0, u));
  if (val > ULLONG_MAX) val = ULLONG_MAX;
  return BigInt.asUintN(64, val * mul);
}

/**
 * sds.c sdssplitlen() with a one-character separator: every separator splits,
 * so consecutive separators produce empty tokens; an empty input gives [].
 */
export function splitLen(s: string, sep: string): string[] {
  if (s.length === 0) return [];
  return s.split(sep);
}

/** sds.c sdstrim(): strip any of `chars` from both ends. */
export function trimChars(s: string, chars: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && chars.includes(s[a]!)) a++;
  while (b > a && chars.includes(s[b - 1]!)) b--;
  return s.slice(a, b);
}

const DEC_FLOAT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const HEX_FLOAT = /^([+-]?)0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?(?:[pP]([+-]?\d+))?$/;
const INF_NAN = /^([+-]?)(inf|infinity|nan(?:\([0-9a-zA-Z_]*\))?)$/i;

/**
 * Redis util.c string2d(): strtod() that must consume the whole string, with
 * no leading space, and rejects NaN and over/underflow. Returns null when
 * invalid.
 */
export function string2d(s: string): number | null {
  if (s.length === 0 || isSpaceCode(s.charCodeAt(0))) return null;
  let v: number;
  let nonZeroMantissa: boolean;
  let m: RegExpExecArray | null;
  if (DEC_FLOAT.test(s)) {
    v = Number(s);
    nonZeroMantissa = /[1-9]/.test(s.replace(/[eE].*$/, ''));
  } else if ((m = HEX_FLOAT.exec(s)) !== null) {
    const intPart = m[2] ?? '';
    const fracPart = m[3] ?? '';
    if (intPart.length === 0 && fracPart.length === 0) return null;
    const exp = m[4] === undefined ? 0 : Number(m[4]);
    const mantissa = BigInt('0x' + (intPart + fracPart || '0'));
    v = Number(mantissa) * Math.pow(2, exp - 4 * fracPart.length);
    if (m[1] === '-') v = -v;
    nonZeroMantissa = mantissa !== 0n;
  } else if ((m = INF_NAN.exec(s)) !== null) {
    if (m[2]!.toLowerCase().startsWith('nan')) return null;
    /* A literal infinity is not an overflow: strtod() does not set ERANGE. */
    return m[1] === '-' ? -Infinity : Infinity;
  } else {
    return null;
  }
  if (Number.isNaN(v)) return null;
  if (!Number.isFinite(v)) return null; /* overflow: ERANGE + HUGE_VAL */
  if (v === 0 && nonZeroMantissa) return null; /* underflow to zero: ERANGE + FP_ZERO */
  return v;
}

/**
 * `sprintf("%f", x)` followed by Redis trimDoubleString(): six decimals,
 * round-half-even on the exact binary value, trailing zeros (and a trailing
 * '.') removed.
 */
export function formatTrimmedDouble(x: number): string {
  let s: string;
  if (!Number.isFinite(x)) {
    s = Number.isNaN(x) ? 'nan' : x > 0 ? 'inf' : '-inf';
    return s;
  }
  const negative = x < 0 || Object.is(x, -0);
  const ax = Math.abs(x);
  /* exact rational value of the double: num / den */
  const [num, den] = exactRational(ax);
  const scaled = num * 1000000n;
  let q = scaled / den;
  const r = scaled % den;
  const twice = r * 2n;
  if (twice > den || (twice === den && (q & 1n) === 1n)) q += 1n;
  const intPart = q / 1000000n;
  const frac = (q % 1000000n).toString().padStart(6, '0');
  s = `${negative ? '-' : ''}${intPart}.${frac}`;
  s = s.replace(/0+$/, '');
  if (s.endsWith('.')) s = s.slice(0, -1);
  return s;
}

function exactRational(x: number): [bigint, bigint] {
  if (x === 0) return [0n, 1n];
  const buf = new DataView(new ArrayBuffer(8));
  buf.setFloat64(0, x);
  const hi = buf.getUint32(0);
  const lo = buf.getUint32(4);
  const expBits = (hi >>> 20) & 0x7ff;
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let exp: number;
  if (expBits === 0) {
    exp = -1074;
  } else {
    mant |= 1n << 52n;
    exp = expBits - 1075;
  }
  if (exp >= 0) return [mant << BigInt(exp), 1n];
  return [mant, 1n << BigInt(-exp)];
}
