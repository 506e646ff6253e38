// Thin typed access to Node's latin1 Buffer fast paths.
//
// `Buffer.prototype.latin1Slice` / `latin1Write` are the bindings that
// `toString('latin1', …)` / `write(…, 'latin1')` end up calling, minus the
// encoding-name dispatch and argument normalisation. They exist on every Node
// version we support but are not part of @types/node, hence these helpers.
// The whole server represents binary-safe data as latin1 "binary strings"
// (one char code 0..255 per byte), so these two calls are on every hot path.

interface Latin1Buffer extends Buffer {
  latin1Slice(start: number, end: number): string;
  latin1Write(s: string, offset: number, length: number): number;
}

const proto = Buffer.prototype as Partial<Latin1Buffer>;
const hasFastSlice = typeof proto.latin1Slice === 'function';
const hasFastWrite = typeof proto.latin1Write === 'function';

/** Bytes [start, end) of `buf` as a latin1 binary string. */
export const latin1Slice: (buf: Buffer, start: number, end: number) => string = hasFastSlice
  ? (buf, start, end) => (buf as Latin1Buffer).latin1Slice(start, end)
  : (buf, start, end) => buf.toString('latin1', start, end);

/**
 * Below this many chars a JS loop beats the C++ call into latin1Write
 * (measured on Node 20: the binding's fixed cost dominates short strings,
 * and most RESP arguments/replies are short).
 */
const SHORT_STRING = 16;

/**
 * Writes the latin1 binary string `s` at `offset` (caller guarantees room)
 * and returns the offset just past it. Char codes above 255 keep their low
 * byte, exactly like Buffer's own latin1 encoder.
 */
export function writeLatin1(buf: Buffer, s: string, offset: number): number {
  const n = s.length;
  if (n < SHORT_STRING) {
    for (let i = 0; i < n; i++) buf[offset + i] = s.charCodeAt(i);
    return offset + n;
  }
  if (hasFastWrite) (buf as Latin1Buffer).latin1Write(s, offset, n);
  else buf.write(s, offset, n, 'latin1');
  return offset + n;
}

/** Number of decimal digits of a non-negative safe integer. */
export function decimalDigits(n: number): number {
  if (n < 10) return 1;
  if (n < 100) return 2;
  if (n < 1000) return 3;
  if (n < 10000) return 4;
  if (n < 100000) return 5;
  if (n < 1000000) return 6;
  if (n < 10000000) return 7;
  if (n < 100000000) return 8;
  if (n < 1000000000) return 9;
  let d = 10;
  let p = 10000000000;
  while (n >= p) {
    d++;
    p *= 10;
  }
  return d;
}

/**
 * Writes the non-negative safe integer `n` in decimal at `offset` (caller
 * guarantees `decimalDigits(n)` bytes of room) and returns the offset past
 * it. Digits are produced straight into the buffer: no string is built.
 */
export function writeUint(buf: Buffer, n: number, offset: number): number {
  if (n < 10) {
    buf[offset] = 48 + n;
    return offset + 1;
  }
  const end = offset + decimalDigits(n);
  let p = end;
  while (n >= 10) {
    const q = Math.floor(n / 10);
    buf[--p] = 48 + (n - q * 10);
    n = q;
  }
  buf[--p] = 48 + n;
  return end;
}
