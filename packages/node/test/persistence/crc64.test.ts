import { describe, expect, it } from 'vitest';
import { crc64 } from '../../src/persistence/crc64.js';

describe('crc64 (Jones, reflected, as Redis crc64.c)', () => {
  it('matches the check value Redis tests: crc64("123456789") = 0xe9c6d914c4b8d9ca', () => {
    expect(crc64(Buffer.from('123456789'))).toBe(0xe9c6d914c4b8d9can);
  });

  it('agrees with a bit-at-a-time reference on every byte value', () => {
    const data = Buffer.alloc(512);
    for (let i = 0; i < data.length; i++) data[i] = (i * 131 + 7) & 0xff;
    expect(crc64(data)).toBe(bitwiseCrc64(data));
  });

  it('continues a running checksum across chunks', () => {
    const data = Buffer.from('REDIS0010 some bytes \x00\xff\x80 more bytes', 'latin1');
    const whole = crc64(data);
    for (let cut = 0; cut <= data.length; cut++) {
      expect(crc64(data.subarray(cut), crc64(data.subarray(0, cut)))).toBe(whole);
    }
  });

  it('is 0 for no bytes', () => {
    expect(crc64(Buffer.alloc(0))).toBe(0n);
  });
});

/** A slow, obviously correct reference: one bit at a time with BigInt, reflected polynomial. */
function bitwiseCrc64(bytes: Uint8Array): bigint {
  const poly = 0x95ac9329ac4bc9b5n;
  let crc = 0n;
  for (const byte of bytes) {
    crc ^= BigInt(byte);
    for (let bit = 0; bit < 8; bit++) crc = crc & 1n ? (crc >> 1n) ^ poly : crc >> 1n;
  }
  return crc;
}
