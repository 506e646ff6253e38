import { describe, expect, it } from 'vitest';
import { ReplyParser, ReplyWriter } from '../src/index.js';
import type { RespValue } from '../src/index.js';

const B = (s: string): Buffer => Buffer.from(s, 'latin1');

function parseAll(chunks: Buffer[]): RespValue[] {
  const p = new ReplyParser();
  const out: RespValue[] = [];
  for (const c of chunks) {
    p.feed(c);
    for (let v = p.next(); v !== undefined; v = p.next()) out.push(v);
  }
  return out;
}

const parse = (s: string): RespValue[] => parseAll([B(s)]);

/**
 * Replaces Buffers by latin1 strings: deep equality on big Buffers is slow
 * (element by element), on strings it is a single comparison.
 */
function plain(v: unknown): unknown {
  if (Buffer.isBuffer(v)) return `<buffer ${v.toString('latin1')}>`;
  if (Array.isArray(v)) return v.map(plain);
  if (v !== null && typeof v === 'object') {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
  }
  return v;
}
const bulk = (s: string): RespValue => ({ type: 'bulk', value: B(s) });

describe('ReplyParser: types', () => {
  it.each<[string, string, RespValue]>([
    ['simple', '+OK\r\n', { type: 'simple', value: 'OK' }],
    ['error', '-ERR bad\r\n', { type: 'error', value: 'ERR bad' }],
    ['blob error', '!8\r\nERR a\r\nb\r\n', { type: 'error', value: 'ERR a\r\nb' }],
    ['integer', ':-42\r\n', { type: 'integer', value: -42 }],
    ['big integer', ':9223372036854775807\r\n', { type: 'integer', value: 9223372036854775807n }],
    ['bulk', '$3\r\na\r\n\r\n', bulk('a\r\n')],
    ['empty bulk', '$0\r\n\r\n', bulk('')],
    ['RESP2 null bulk', '$-1\r\n', { type: 'null' }],
    ['RESP2 null array', '*-1\r\n', { type: 'null' }],
    ['RESP3 null', '_\r\n', { type: 'null' }],
    ['double', ',1.1000000000000001\r\n', { type: 'double', value: 1.1 }],
    ['double exp', ',1e+21\r\n', { type: 'double', value: 1e21 }],
    ['double inf', ',inf\r\n', { type: 'double', value: Infinity }],
    ['double -inf', ',-inf\r\n', { type: 'double', value: -Infinity }],
    ['double nan', ',nan\r\n', { type: 'double', value: NaN }],
    ['boolean', '#t\r\n', { type: 'boolean', value: true }],
    ['boolean false', '#f\r\n', { type: 'boolean', value: false }],
    ['bignum', '(3492890328409238509324850943850943825024385\r\n', { type: 'bignum', value: '3492890328409238509324850943850943825024385' }],
    ['verbatim', '=15\r\ntxt:Some string\r\n', { type: 'verbatim', format: 'txt', value: B('Some string') }],
    ['array', '*2\r\n:1\r\n$1\r\nx\r\n', { type: 'array', items: [{ type: 'integer', value: 1 }, bulk('x')] }],
    ['empty array', '*0\r\n', { type: 'array', items: [] }],
    ['set', '~2\r\n+a\r\n+b\r\n', { type: 'set', items: [{ type: 'simple', value: 'a' }, { type: 'simple', value: 'b' }] }],
    ['push', '>2\r\n$7\r\nmessage\r\n_\r\n', { type: 'push', items: [bulk('message'), { type: 'null' }] }],
    ['map', '%1\r\n+k\r\n:1\r\n', { type: 'map', entries: [[{ type: 'simple', value: 'k' }, { type: 'integer', value: 1 }]] }],
    ['empty map', '%0\r\n', { type: 'map', entries: [] }],
    ['attribute', '|1\r\n+ttl\r\n:3\r\n', { type: 'attribute', entries: [[{ type: 'simple', value: 'ttl' }, { type: 'integer', value: 3 }]] }],
    [
      'nested',
      '*3\r\n*2\r\n%1\r\n$1\r\nk\r\n*0\r\n_\r\n*-1\r\n~1\r\n*1\r\n$-1\r\n',
      {
        type: 'array',
        items: [
          { type: 'array', items: [{ type: 'map', entries: [[bulk('k'), { type: 'array', items: [] }]] }, { type: 'null' }] },
          { type: 'null' },
          { type: 'set', items: [{ type: 'array', items: [{ type: 'null' }] }] },
        ],
      },
    ],
  ])('%s', (_name, wire, expected) => {
    expect(parse(wire)).toEqual([expected]);
  });

  it('returns undefined until a reply is complete', () => {
    const p = new ReplyParser();
    p.feed(B('*2\r\n$3\r\nab'));
    expect(p.next()).toBeUndefined();
    p.feed(B('c\r\n:7\r'));
    expect(p.next()).toBeUndefined();
    p.feed(B('\n+next\r\n'));
    expect(p.next()).toEqual({ type: 'array', items: [bulk('abc'), { type: 'integer', value: 7 }] });
    expect(p.next()).toEqual({ type: 'simple', value: 'next' });
    expect(p.next()).toBeUndefined();
  });

  it('returns bulk values that stay valid after more input', () => {
    const p = new ReplyParser();
    p.feed(B('$3\r\nabc\r\n$3\r\nd'));
    const first = p.next();
    p.feed(B('ef\r\n'));
    expect(p.next()).toEqual(bulk('def'));
    expect(first).toEqual(bulk('abc'));
  });

  it('throws on an unknown type byte', () => {
    expect(() => parse('?x\r\n')).toThrow();
    expect(() => parse('#x\r\n')).toThrow();
    expect(() => parse('$x\r\n')).toThrow();
  });
});

describe('ReplyParser: round trip with ReplyWriter', () => {
  const ALL_BYTES = Array.from({ length: 256 }, (_, i) => String.fromCharCode(i)).join('');

  function script(w: ReplyWriter): void {
    w.simple('OK');
    w.error('ERR something\r\nwrong');
    w.integer(0);
    w.integer(-123456789);
    w.integer(12345678901234567890n);
    w.bulk(ALL_BYTES);
    w.bulk('');
    w.nullBulk();
    w.nullArray();
    w.arrayHeader(2);
    w.bulk('a');
    w.mapHeader(1);
    w.bulk('k');
    w.double(1.1);
    w.mapHeader(2);
    w.simple('x');
    w.boolean(true);
    w.simple('y');
    w.setHeader(2);
    w.double(-Infinity);
    w.double(NaN);
    w.pushHeader(3);
    w.bulk('message');
    w.bulk('chan');
    w.bigNumber('123456789012345678901234567890');
    w.verbatim('line1\r\nline2', 'txt');
    w.bulkArray(['x', Buffer.from([0, 1, 2])]);
    w.bulk(Buffer.alloc(70_000, 0x61));
    w.arrayHeader(0);
    w.mapHeader(0);
  }

  const expected3: RespValue[] = [
    { type: 'simple', value: 'OK' },
    { type: 'error', value: 'ERR something  wrong' },
    { type: 'integer', value: 0 },
    { type: 'integer', value: -123456789 },
    { type: 'integer', value: 12345678901234567890n },
    bulk(ALL_BYTES),
    bulk(''),
    { type: 'null' },
    { type: 'null' },
    {
      type: 'array',
      items: [
        bulk('a'),
        {
          type: 'map',
          entries: [
            [
              bulk('k'),
              { type: 'double', value: 1.1 },
            ],
          ],
        },
      ],
    },
    {
      type: 'map',
      entries: [
        [{ type: 'simple', value: 'x' }, { type: 'boolean', value: true }],
        [
          { type: 'simple', value: 'y' },
          { type: 'set', items: [{ type: 'double', value: -Infinity }, { type: 'double', value: NaN }] },
        ],
      ],
    },
    {
      type: 'push',
      items: [bulk('message'), bulk('chan'), { type: 'bignum', value: '123456789012345678901234567890' }],
    },
    { type: 'verbatim', format: 'txt', value: B('line1\r\nline2') },
    { type: 'array', items: [bulk('x'), { type: 'bulk', value: Buffer.from([0, 1, 2]) }] },
    bulk('a'.repeat(70_000)),
    { type: 'array', items: [] },
    { type: 'map', entries: [] },
  ];

  const expected2: RespValue[] = [
    { type: 'simple', value: 'OK' },
    { type: 'error', value: 'ERR something  wrong' },
    { type: 'integer', value: 0 },
    { type: 'integer', value: -123456789 },
    { type: 'integer', value: 12345678901234567890n },
    bulk(ALL_BYTES),
    bulk(''),
    { type: 'null' },
    { type: 'null' },
    { type: 'array', items: [bulk('a'), { type: 'array', items: [bulk('k'), bulk('1.1000000000000001')] }] },
    {
      type: 'array',
      items: [
        { type: 'simple', value: 'x' },
        { type: 'integer', value: 1 },
        { type: 'simple', value: 'y' },
        { type: 'array', items: [bulk('-inf'), bulk('nan')] },
      ],
    },
    { type: 'array', items: [bulk('message'), bulk('chan'), bulk('123456789012345678901234567890')] },
    bulk('line1\r\nline2'),
    { type: 'array', items: [bulk('x'), { type: 'bulk', value: Buffer.from([0, 1, 2]) }] },
    bulk('a'.repeat(70_000)),
    { type: 'array', items: [] },
    { type: 'array', items: [] },
  ];

  it.each<[2 | 3, RespValue[]]>([
    [3, expected3],
    [2, expected2],
  ])('RESP%s: whole, split at every byte, and byte by byte', (protocol, expected) => {
    const w = new ReplyWriter(protocol);
    script(w);
    const bytes = Buffer.concat(w.take());
    const want = plain(expected);
    expect(plain(parseAll([bytes]))).toEqual(want);
    // Splitting inside the 70 KB bulk is sampled; everywhere else every position.
    const bigStart = bytes.indexOf('$70000\r\n');
    for (let i = 1; i < bytes.length; i++) {
      if (i > bigStart + 20 && i < bytes.length - 40 && i % 997 !== 0) continue;
      expect(plain(parseAll([bytes.subarray(0, i), bytes.subarray(i)])), `split at ${i}`).toEqual(want);
    }
    const single: Buffer[] = [];
    for (let i = 0; i < bytes.length; i++) single.push(bytes.subarray(i, i + 1));
    expect(plain(parseAll(single))).toEqual(want);
  });
});
