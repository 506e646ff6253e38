import { describe, expect, it } from 'vitest';
import { ReplyWriter, formatDouble } from '../src/index.js';

/** Everything pending in `w`, as a latin1 string (and takes it). */
function out(w: ReplyWriter): string {
  return Buffer.concat(w.take()).toString('latin1');
}

/** The bytes `write` produces in RESP2 and in RESP3. */
function both(write: (w: ReplyWriter) => void): [string, string] {
  const w2 = new ReplyWriter(2);
  const w3 = new ReplyWriter(3);
  write(w2);
  write(w3);
  return [out(w2), out(w3)];
}

const ALL_BYTES = Array.from({ length: 256 }, (_, i) => String.fromCharCode(i)).join('');

describe('ReplyWriter: encodings', () => {
  it('defaults to RESP2', () => {
    expect(new ReplyWriter().protocol).toBe(2);
  });

  it.each<[string, (w: ReplyWriter) => void, string, string]>([
    ['simple', (w) => w.simple('OK'), '+OK\r\n', '+OK\r\n'],
    ['simple empty', (w) => w.simple(''), '+\r\n', '+\r\n'],
    ['error', (w) => w.error('ERR unknown command'), '-ERR unknown command\r\n', '-ERR unknown command\r\n'],
    ['error CR/LF inside', (w) => w.error("ERR bad 'a\r\nb'"), "-ERR bad 'a  b'\r\n", "-ERR bad 'a  b'\r\n"],
    ['error CR/LF at the ends', (w) => w.error('\nERR x\r\n'), '-ERR x\r\n', '-ERR x\r\n'],
    ['integer 0', (w) => w.integer(0), ':0\r\n', ':0\r\n'],
    ['integer 1', (w) => w.integer(1), ':1\r\n', ':1\r\n'],
    ['integer 42', (w) => w.integer(42), ':42\r\n', ':42\r\n'],
    ['integer -1', (w) => w.integer(-1), ':-1\r\n', ':-1\r\n'],
    ['integer 1234567890', (w) => w.integer(1234567890), ':1234567890\r\n', ':1234567890\r\n'],
    ['integer 2^53', (w) => w.integer(2 ** 53), ':9007199254740992\r\n', ':9007199254740992\r\n'],
    ['integer -(2^53-1)', (w) => w.integer(-(2 ** 53 - 1)), ':-9007199254740991\r\n', ':-9007199254740991\r\n'],
    ['integer 1e21 (number)', (w) => w.integer(1e21), ':1000000000000000000000\r\n', ':1000000000000000000000\r\n'],
    ['integer LLONG_MAX', (w) => w.integer(9223372036854775807n), ':9223372036854775807\r\n', ':9223372036854775807\r\n'],
    ['integer LLONG_MIN', (w) => w.integer(-9223372036854775808n), ':-9223372036854775808\r\n', ':-9223372036854775808\r\n'],
    ['bulk', (w) => w.bulk('hello'), '$5\r\nhello\r\n', '$5\r\nhello\r\n'],
    ['bulk empty', (w) => w.bulk(''), '$0\r\n\r\n', '$0\r\n\r\n'],
    ['bulk binary', (w) => w.bulk(ALL_BYTES), `$256\r\n${ALL_BYTES}\r\n`, `$256\r\n${ALL_BYTES}\r\n`],
    ['bulk Buffer', (w) => w.bulk(Buffer.from([0, 255, 13, 10])), '$4\r\n\0\xff\r\n\r\n', '$4\r\n\0\xff\r\n\r\n'],
    ['nullBulk', (w) => w.nullBulk(), '$-1\r\n', '_\r\n'],
    ['nullArray', (w) => w.nullArray(), '*-1\r\n', '_\r\n'],
    ['arrayHeader', (w) => w.arrayHeader(3), '*3\r\n', '*3\r\n'],
    ['arrayHeader 0', (w) => w.arrayHeader(0), '*0\r\n', '*0\r\n'],
    ['arrayHeader 12345', (w) => w.arrayHeader(12345), '*12345\r\n', '*12345\r\n'],
    ['mapHeader', (w) => w.mapHeader(2), '*4\r\n', '%2\r\n'],
    ['mapHeader 0', (w) => w.mapHeader(0), '*0\r\n', '%0\r\n'],
    ['setHeader', (w) => w.setHeader(3), '*3\r\n', '~3\r\n'],
    ['pushHeader', (w) => w.pushHeader(3), '*3\r\n', '>3\r\n'],
    ['double', (w) => w.double(1.5), '$3\r\n1.5\r\n', ',1.5\r\n'],
    ['double 1.1', (w) => w.double(1.1), '$18\r\n1.1000000000000001\r\n', ',1.1000000000000001\r\n'],
    ['double 3', (w) => w.double(3), '$1\r\n3\r\n', ',3\r\n'],
    ['double inf', (w) => w.double(Infinity), '$3\r\ninf\r\n', ',inf\r\n'],
    ['double -inf', (w) => w.double(-Infinity), '$4\r\n-inf\r\n', ',-inf\r\n'],
    ['double nan', (w) => w.double(NaN), '$3\r\nnan\r\n', ',nan\r\n'],
    ['boolean true', (w) => w.boolean(true), ':1\r\n', '#t\r\n'],
    ['boolean false', (w) => w.boolean(false), ':0\r\n', '#f\r\n'],
    ['bigNumber', (w) => w.bigNumber('1234567890123456789012'), '$22\r\n1234567890123456789012\r\n', '(1234567890123456789012\r\n'],
    ['verbatim', (w) => w.verbatim('Some text'), '$9\r\nSome text\r\n', '=13\r\ntxt:Some text\r\n'],
    ['verbatim md', (w) => w.verbatim('# hi', 'md'), '$4\r\n# hi\r\n', '=8\r\nmd :# hi\r\n'],
    ['verbatim long format', (w) => w.verbatim('x', 'markdown'), '$1\r\nx\r\n', '=5\r\nmar:x\r\n'],
    ['verbatim Buffer', (w) => w.verbatim(Buffer.from('a\r\nb')), '$4\r\na\r\nb\r\n', '=8\r\ntxt:a\r\nb\r\n'],
    ['bulkArray', (w) => w.bulkArray(['a', Buffer.from('bc'), '']), '*3\r\n$1\r\na\r\n$2\r\nbc\r\n$0\r\n\r\n', '*3\r\n$1\r\na\r\n$2\r\nbc\r\n$0\r\n\r\n'],
    ['bulkArray empty', (w) => w.bulkArray([]), '*0\r\n', '*0\r\n'],
    ['raw string', (w) => w.raw('+PONG\r\n'), '+PONG\r\n', '+PONG\r\n'],
    ['raw Buffer', (w) => w.raw(Buffer.from(':1\r\n')), ':1\r\n', ':1\r\n'],
  ])('%s', (_name, write, resp2, resp3) => {
    expect(both(write)).toEqual([resp2, resp3]);
  });

  it('follows protocol switches (HELLO)', () => {
    const w = new ReplyWriter();
    w.nullBulk();
    w.protocol = 3;
    w.nullBulk();
    w.mapHeader(1);
    w.protocol = 2;
    w.mapHeader(1);
    expect(out(w)).toBe('$-1\r\n_\r\n%1\r\n*2\r\n');
  });

  it('rejects non-integer numbers and invalid lengths', () => {
    const w = new ReplyWriter();
    expect(() => w.integer(1.5)).toThrow(RangeError);
    expect(() => w.integer(NaN)).toThrow(RangeError);
    expect(() => w.arrayHeader(-1)).toThrow(RangeError);
    expect(w.pending).toBe(0);
  });

  it('encodes lengths of every digit count', () => {
    for (let n = 1; n <= 1e15; n *= 10) {
      for (const v of [n - 1, n, n + 1, 2 * n + 3]) {
        const w = new ReplyWriter();
        w.arrayHeader(v);
        w.integer(v);
        w.integer(-v);
        expect(out(w)).toBe(`*${v}\r\n:${v}\r\n:${v === 0 ? 0 : -v}\r\n`);
      }
    }
  });
});

describe('ReplyWriter: buffers', () => {
  it('take() returns exactly the pending bytes, then [] when empty', () => {
    const w = new ReplyWriter();
    expect(w.take()).toEqual([]);
    expect(w.pending).toBe(0);
    w.simple('OK');
    w.integer(7);
    expect(w.pending).toBe(9);
    const chunks = w.take();
    expect(chunks.length).toBe(1);
    expect(Buffer.concat(chunks).toString('latin1')).toBe('+OK\r\n:7\r\n');
    expect(w.pending).toBe(0);
    expect(w.take()).toEqual([]);
  });

  it('never writes into a buffer handed out by take()', () => {
    const w = new ReplyWriter();
    const taken: [Buffer, string][] = [];
    for (let i = 0; i < 5000; i++) {
      w.bulk(`value-${i}-${'z'.repeat(i % 97)}`);
      if (i % 7 === 0) {
        for (const b of w.take()) taken.push([b, b.toString('latin1')]);
      }
      if (i % 11 === 0) {
        const m = w.mark();
        w.simple('discarded');
        w.discardSince(m);
      }
    }
    for (const b of w.take()) taken.push([b, b.toString('latin1')]);
    for (const [b, text] of taken) expect(b.toString('latin1')).toBe(text);
  });

  it('grows for large replies and keeps everything in order', () => {
    const w = new ReplyWriter();
    let expected = '';
    w.arrayHeader(100000);
    expected += '*100000\r\n';
    for (let i = 0; i < 100000; i++) {
      const v = `member:${i}`;
      w.bulk(v);
      expected += `$${v.length}\r\n${v}\r\n`;
    }
    const big = 'q'.repeat(3_000_000);
    w.bulk(big);
    expected += `$${big.length}\r\n${big}\r\n`;
    expect(w.pending).toBe(expected.length);
    expect(out(w)).toBe(expected);
  });

  it('queues big Buffer bulks by reference, without copying', () => {
    const w = new ReplyWriter();
    const big = Buffer.alloc(100_000, 0x41);
    w.simple('a');
    w.bulk(big);
    w.simple('b');
    const chunks = w.take();
    expect(chunks.length).toBe(3);
    expect(chunks[1]).toBe(big);
    expect(Buffer.concat(chunks).toString('latin1')).toBe(`+a\r\n$100000\r\n${'A'.repeat(100_000)}\r\n+b\r\n`);
  });

  it('copies small Buffer bulks (the caller may reuse them)', () => {
    const w = new ReplyWriter();
    const b = Buffer.from('abc');
    w.bulk(b);
    b.fill(0x7a);
    expect(out(w)).toBe('$3\r\nabc\r\n');
  });
});

describe('ReplyWriter: mark / discardSince', () => {
  it('marks count every byte written since construction', () => {
    const w = new ReplyWriter();
    expect(w.mark()).toBe(0);
    w.simple('OK');
    expect(w.mark()).toBe(5);
    w.take();
    expect(w.mark()).toBe(5);
    w.integer(10);
    expect(w.mark()).toBe(10);
  });

  it('drops what was written after the mark', () => {
    const w = new ReplyWriter();
    w.simple('keep');
    const m = w.mark();
    w.simple('drop');
    w.bulk('drop too');
    w.discardSince(m);
    expect(w.pending).toBe(7);
    w.integer(1);
    expect(out(w)).toBe('+keep\r\n:1\r\n');
  });

  it('works with marks taken after a take()', () => {
    const w = new ReplyWriter();
    w.simple('one');
    expect(out(w)).toBe('+one\r\n');
    const m = w.mark();
    w.simple('two');
    w.discardSince(m);
    expect(w.take()).toEqual([]);
    w.simple('three');
    expect(out(w)).toBe('+three\r\n');
  });

  it('discards across big chunks and buffer growth', () => {
    const big = Buffer.alloc(70_000, 0x42);
    const w = new ReplyWriter();
    w.simple('start');
    const m1 = w.mark();
    w.bulk(big);
    const m2 = w.mark();
    for (let i = 0; i < 3000; i++) w.bulk('x'.repeat(20));
    w.bulk(big);
    w.discardSince(m2);
    expect(w.mark()).toBe(m2);
    w.simple('after');
    expect(out(w)).toBe(`+start\r\n$70000\r\n${'B'.repeat(70_000)}\r\n+after\r\n`);

    w.simple('again');
    const m3 = w.mark();
    w.bulk(big);
    w.simple('tail');
    w.discardSince(m3 + 3); // in the middle of the "$70000\r\n" header
    expect(out(w)).toBe('+again\r\n$70');
    void m1;
  });

  it('rejects stale and future marks', () => {
    const w = new ReplyWriter();
    w.simple('x');
    const m = w.mark();
    w.take();
    w.simple('y');
    expect(() => w.discardSince(m - 1)).toThrow(RangeError);
    expect(() => w.discardSince(w.mark() + 1)).toThrow(RangeError);
    w.discardSince(m);
    expect(w.pending).toBe(0);
  });
});

describe('formatDouble (C printf "%.17g")', () => {
  // Expected strings produced by glibc printf("%.17g").
  it.each<[number, string]>([
    [0, '0'],
    [-0, '-0'],
    [1.1, '1.1000000000000001'],
    [0.1, '0.10000000000000001'],
    [1 / 3, '0.33333333333333331'],
    [1e21, '1e+21'],
    [1e-5, '1.0000000000000001e-05'],
    [123456789012345680000, '1.2345678901234568e+20'],
    [5e-324, '4.9406564584124654e-324'],
    [1.7976931348623157e308, '1.7976931348623157e+308'],
    [2.2250738585072014e-308, '2.2250738585072014e-308'],
    [3, '3'],
    [-3, '-3'],
    [100, '100'],
    [1.5, '1.5'],
    [-2.5, '-2.5'],
    [0.5, '0.5'],
    [0.3, '0.29999999999999999'],
    [4.35, '4.3499999999999996'],
    [3.14159, '3.1415899999999999'],
    [123.456, '123.456'],
    [-1e-7, '-9.9999999999999995e-08'],
    [0.0001, '0.0001'],
    [0.00001234, '1.234e-05'],
    [1e-300, '1e-300'],
    [1e15, '1000000000000000'],
    [1e16, '10000000000000000'],
    [1e17, '1e+17'],
    [1e22, '1e+22'],
    [1e100, '1e+100'],
    [12345678901234567, '12345678901234568'],
    [9007199254740993, '9007199254740992'],
    [99999999999999999, '1e+17'],
    // Exact ties at the 17th digit round half to even, like glibc.
    [1234567890123456.25, '1234567890123456.2'],
    [-1234567890123456.25, '-1234567890123456.2'],
    [1234567890123456.75, '1234567890123456.8'],
    [Infinity, 'inf'],
    [-Infinity, '-inf'],
    [NaN, 'nan'],
  ])('%s -> %s', (d, expected) => {
    expect(formatDouble(d)).toBe(expected);
  });
});
