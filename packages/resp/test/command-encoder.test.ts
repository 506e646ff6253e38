import { describe, expect, it } from 'vitest';
import { ReplyWriter, RequestParser, encodeCommand } from '../src/index.js';

const ALL_BYTES = Array.from({ length: 256 }, (_, i) => String.fromCharCode(i)).join('');

describe('encodeCommand', () => {
  it('produces the AOF / replication multibulk format', () => {
    expect(encodeCommand(['SET', 'key', 'value']).toString('latin1')).toBe(
      '*3\r\n$3\r\nSET\r\n$3\r\nkey\r\n$5\r\nvalue\r\n',
    );
    expect(encodeCommand(['PING']).toString('latin1')).toBe('*1\r\n$4\r\nPING\r\n');
  });

  it('handles no arguments and empty arguments', () => {
    expect(encodeCommand([]).toString('latin1')).toBe('*0\r\n');
    expect(encodeCommand(['SET', 'k', '']).toString('latin1')).toBe('*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$0\r\n\r\n');
  });

  it('is binary safe for strings and Buffers', () => {
    const buf = Buffer.from([0, 1, 13, 10, 255]);
    const encoded = encodeCommand(['SET', ALL_BYTES, buf]);
    expect(encoded).toEqual(
      Buffer.concat([Buffer.from(`*3\r\n$3\r\nSET\r\n$256\r\n${ALL_BYTES}\r\n$5\r\n`, 'latin1'), buf, Buffer.from('\r\n')]),
    );
  });

  it('writes multi-digit counts and lengths exactly', () => {
    const args = Array.from({ length: 1234 }, (_, i) => 'v'.repeat(i % 13) + String(i));
    let expected = `*${args.length}\r\n`;
    for (const a of args) expected += `$${a.length}\r\n${a}\r\n`;
    expect(encodeCommand(args).toString('latin1')).toBe(expected);
    const big = 'x'.repeat(1_000_003);
    expect(encodeCommand(['SET', 'k', big]).toString('latin1')).toBe(`*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1000003\r\n${big}\r\n`);
  });

  it('matches ReplyWriter.bulkArray byte for byte', () => {
    const args = ['MSET', 'a', ALL_BYTES, Buffer.from('xyz'), ''];
    const w = new ReplyWriter();
    w.bulkArray(args);
    expect(encodeCommand(args)).toEqual(Buffer.concat(w.take()));
  });

  it('round-trips through RequestParser', () => {
    const args = ['SET', ALL_BYTES, '', 'a b "c"', '\r\n'];
    const p = new RequestParser();
    p.feed(encodeCommand(args));
    expect(p.next()).toEqual(args);
  });
});
