// Encodes a command as a RESP multibulk: `*N\r\n` then `$len\r\n<arg>\r\n`
// per argument. This is the byte format of the AOF and of the replication
// stream (Redis catAppendOnlyGenericCommand()), so it must be byte-exact.
//
// The exact output size is computed first so the result is a single
// allocation written in one pass.

import { decimalDigits, writeLatin1, writeUint } from './fast-buffer.js';

/** Encodes `args` (latin1 binary strings or Buffers) as one RESP multibulk. */
export function encodeCommand(args: readonly (string | Buffer)[]): Buffer {
  const argc = args.length;
  let size = decimalDigits(argc) + 3;
  for (let i = 0; i < argc; i++) {
    const n = args[i]!.length;
    size += decimalDigits(n) + n + 5;
  }
  // allocUnsafe may hand out a slice of Node's shared pool for small sizes;
  // every byte is written below, so no stale memory leaks out.
  const out = Buffer.allocUnsafe(size);
  out[0] = 42; // '*'
  let p = writeUint(out, argc, 1);
  out[p++] = 13;
  out[p++] = 10;
  for (let i = 0; i < argc; i++) {
    const arg = args[i]!;
    out[p++] = 36; // '$'
    p = writeUint(out, arg.length, p);
    out[p++] = 13;
    out[p++] = 10;
    if (typeof arg === 'string') p = writeLatin1(out, arg, p);
    else p += arg.copy(out, p);
    out[p++] = 13;
    out[p++] = 10;
  }
  return out;
}
