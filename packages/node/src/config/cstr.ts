/**
 * C-compatible string and number helpers used by the configuration code.
 *
 * Redis parses configuration with a handful of libc / sds primitives whose
 * quirks are visible to users (what `CONFIG SET maxmemory ""` does, how a
 * quoted config-file argument is split, ...). The functions here reproduce
 * those primitives on JavaScript strings.
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

/** Redis LONG_STR_SIZE: string2ll rejects inputs this long or longer. */
const LONG_STR_SIZE = 21;

/**
 * Redis util.c string2ll(): strict base-10 long long. No spaces, no '+', no
 * leading zeros (except "0"), no overflow. Returns null when invalid.
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
  for (let j = i + 1; j < len; j++) if (!isDigitCode(s.charCodeAt(j))) return null;
  const v = BigInt(s.slice(i));
  if (negative) {
    if (v > -LLONG_MIN) return null;
    return -v;
  }
  if (v > LLONG_MAX) return null;
  return v;
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

function hexVal(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x61 + 10;
  if (c >= 0x41 && c <= 0x46) return c - 0x41 + 10;
  return -1;
}

/**
 * sds.c sdssplitargs(): split a line into arguments the way redis-cli and the
 * config file parser do. Double quotes support \n \r \t \b \a \xHH and
 * backslash-anything escapes; single quotes only support \'. A closing quote
 * must be followed by a space or the end of the line. Returns null on
 * unbalanced quotes. Operates on byte strings (\xHH yields one code unit).
 */
export function splitArgs(input: string): string[] | null {
  const line = cString(input);
  const len = line.length;
  const out: string[] = [];
  let p = 0;
  const at = (i: number): number => (i < len ? line.charCodeAt(i) : 0);
  for (;;) {
    while (p < len && isSpaceCode(at(p))) p++;
    if (p >= len) return out;
    let inq = false;
    let insq = false;
    let done = false;
    let cur = '';
    while (!done) {
      const c = at(p);
      if (inq) {
        if (c === 0x5c /* \ */ && at(p + 1) === 0x78 /* x */ && hexVal(at(p + 2)) >= 0 && hexVal(at(p + 3)) >= 0) {
          cur += String.fromCharCode(hexVal(at(p + 2)) * 16 + hexVal(at(p + 3)));
          p += 3;
        } else if (c === 0x5c && at(p + 1) !== 0) {
          p++;
          const e = at(p);
          switch (e) {
            case 0x6e:
              cur += '\n';
              break;
            case 0x72:
              cur += '\r';
              break;
            case 0x74:
              cur += '\t';
              break;
            case 0x62:
              cur += '\b';
              break;
            case 0x61:
              cur += '\x07';
              break;
            default:
              cur += String.fromCharCode(e);
          }
        } else if (c === 0x22 /* " */) {
          if (at(p + 1) !== 0 && !isSpaceCode(at(p + 1))) return null;
          done = true;
        } else if (c === 0) {
          return null;
        } else {
          cur += String.fromCharCode(c);
        }
      } else if (insq) {
        if (c === 0x5c && at(p + 1) === 0x27 /* ' */) {
          p++;
          cur += "'";
        } else if (c === 0x27) {
          if (at(p + 1) !== 0 && !isSpaceCode(at(p + 1))) return null;
          done = true;
        } else if (c === 0) {
          return null;
        } else {
          cur += String.fromCharCode(c);
        }
      } else {
        switch (c) {
          case 0x20:
          case 0x0a:
          case 0x0d:
          case 0x09:
          case 0:
            done = true;
            break;
          case 0x22:
            inq = true;
            break;
          case 0x27:
            insq = true;
            break;
          default:
            cur += String.fromCharCode(c);
        }
      }
      if (p < len) p++;
    }
    out.push(cur);
  }
}

/** sds.c sdscatrepr(): quoted, escaped representation of a byte string. */
export function catRepr(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    switch (c) {
      case 0x5c:
        out += '\\\\';
        break;
      case 0x22:
        out += '\\"';
        break;
      case 0x0a:
        out += '\\n';
        break;
      case 0x0d:
        out += '\\r';
        break;
      case 0x09:
        out += '\\t';
        break;
      case 0x07:
        out += '\\a';
        break;
      case 0x08:
        out += '\\b';
        break;
      default:
        if (c >= 0x20 && c <= 0x7e) out += String.fromCharCode(c);
        else out += '\\x' + (c & 0xff).toString(16).padStart(2, '0');
    }
  }
  return out + '"';
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
