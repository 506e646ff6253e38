/**
 * CRC-64 as Redis computes it for RDB files and DUMP payloads (crc64.c): the Jones polynomial
 * 0xad93d23594c935a9, reflected input and output, initial value 0, no final xor.
 * crc64(Buffer.from('123456789')) === 0xe9c6d914c4b8d9can.
 *
 * The 64-bit state is kept as two uint32 halves so the per-byte loop runs on plain numbers (a BigInt per
 * byte would make checksumming a large snapshot slow); only the result crosses into a BigInt.
 */

/** The Jones polynomial with its bits reversed, as the reflected (LSB-first) algorithm uses it. */
const POLY_REFLECTED_HI = 0x95ac9329;
const POLY_REFLECTED_LO = 0xac4bc9b5;

/** For each byte value, the CRC of that byte alone: the usual one-byte-at-a-time table, split in halves. */
const TABLE_LO = new Uint32Array(256);
const TABLE_HI = new Uint32Array(256);

for (let n = 0; n < 256; n++) {
  let lo = n;
  let hi = 0;
  for (let bit = 0; bit < 8; bit++) {
    const carry = lo & 1;
    lo = ((lo >>> 1) | ((hi & 1) << 31)) >>> 0;
    hi >>>= 1;
    if (carry) {
      lo = (lo ^ POLY_REFLECTED_LO) >>> 0;
      hi = (hi ^ POLY_REFLECTED_HI) >>> 0;
    }
  }
  TABLE_LO[n] = lo;
  TABLE_HI[n] = hi;
}

/** Continues the checksum `crc` over `bytes` (start with 0n), like Redis's crc64(crc, s, l). */
export function crc64(bytes: Uint8Array, crc = 0n): bigint {
  let lo = Number(crc & 0xffffffffn);
  let hi = Number(crc >> 32n);
  for (let i = 0; i < bytes.length; i++) {
    const index = (lo ^ bytes[i]!) & 0xff;
    lo = (((lo >>> 8) | ((hi & 0xff) << 24)) ^ TABLE_LO[index]!) >>> 0;
    hi = ((hi >>> 8) ^ TABLE_HI[index]!) >>> 0;
  }
  return (BigInt(hi) << 32n) | BigInt(lo);
}
