import { describe, expect, it } from 'vitest';
import { MAX_ARGUMENT_BYTES, ProtocolError, RequestParser } from '../src/index.js';
import type { ParserLimits } from '../src/index.js';

const B = (s: string): Buffer => Buffer.from(s, 'latin1');

/** A RESP multibulk for `args` (latin1 strings). */
function mb(...args: string[]): string {
  let s = `*${args.length}\r\n`;
  for (const a of args) s += `$${a.length}\r\n${a}\r\n`;
  return s;
}

/** Feeds `chunks` one by one, collecting every command available after each. */
function parseChunks(chunks: Buffer[], setup?: (p: RequestParser) => void): string[][] {
  const p = new RequestParser();
  setup?.(p);
  const out: string[][] = [];
  for (const c of chunks) {
    p.feed(c);
    for (let cmd = p.next(); cmd !== null; cmd = p.next()) out.push(cmd);
  }
  return out;
}

const parse = (s: string, setup?: (p: RequestParser) => void): string[][] => parseChunks([B(s)], setup);

/** The ProtocolError message raised while parsing `s`, or null. */
function errorOf(s: string | Buffer, setup?: (p: RequestParser) => void): string | null {
  try {
    parseChunks([typeof s === 'string' ? B(s) : s], setup);
    return null;
  } catch (e) {
    expect(e).toBeInstanceOf(ProtocolError);
    return (e as ProtocolError).message;
  }
}

const auth = (p: RequestParser): void => {
  p.authRequired = true;
};

const ALL_BYTES = Array.from({ length: 256 }, (_, i) => String.fromCharCode(i)).join('');

describe('RequestParser: multibulk', () => {
  it('parses a command and pipelined commands', () => {
    expect(parse(mb('SET', 'key', 'value'))).toEqual([['SET', 'key', 'value']]);
    expect(parse(mb('PING') + mb('GET', 'k') + mb('ECHO', ''))).toEqual([['PING'], ['GET', 'k'], ['ECHO', '']]);
  });

  it('is binary safe (every byte value, CRLF inside data)', () => {
    expect(parse(mb('SET', ALL_BYTES, '\r\n\r\n\0'))).toEqual([['SET', ALL_BYTES, '\r\n\r\n\0']]);
  });

  it('returns null until a command is complete and keeps the rest buffered', () => {
    const p = new RequestParser();
    p.feed(B('*2\r\n$3\r\nGET\r\n$1\r'));
    expect(p.next()).toBeNull();
    expect(p.bufferedBytes).toBe(3); // parsed args leave the buffer, like Redis' qbuf
    p.feed(B('\nk\r\n*1\r\n'));
    expect(p.next()).toEqual(['GET', 'k']);
    expect(p.next()).toBeNull();
    expect(p.bufferedBytes).toBe(0);
  });

  it('skips *0 and negative counts', () => {
    expect(parse('*0\r\n' + mb('PING') + '*-1\r\n*-5\r\n' + mb('ECHO', 'x'))).toEqual([['PING'], ['ECHO', 'x']]);
    expect(parse('*0\r\n*-1\r\n')).toEqual([]);
    expect(parse('*-9223372036854775808\r\n' + mb('PING'))).toEqual([['PING']]);
  });

  it('accepts the count INT_MAX (and waits for the arguments)', () => {
    expect(parse('*2147483647\r\n')).toEqual([]);
  });

  it('does not check the byte after \\r nor the two bytes after bulk data (as Redis)', () => {
    expect(parse('*1\rx$4\rxPINGxy')).toEqual([['PING']]);
    expect(parse('*1\r\n$4\r\nPINGxy' + mb('PING'))).toEqual([['PING'], ['PING']]);
  });

  it('waits when a NUL byte precedes the line terminator (strchr on a C string)', () => {
    expect(parse('*1\0\r\n$4\r\nPING\r\n')).toEqual([]);
    expect(parse('*1\r\n$4\0\r\nPING\r\n')).toEqual([]);
    // ... until the unterminated data exceeds the inline limit.
    expect(errorOf('*1\0\r\n' + 'x'.repeat(70000))).toBe('Protocol error: too big mbulk count string');
  });
});

describe('RequestParser: protocol errors', () => {
  it('invalid multibulk length', () => {
    for (const count of ['x', '', '2147483648', '01', '+1', ' 1', '1 ', '-0', '1x', '9223372036854775808', '-9223372036854775809', '123456789012345678901']) {
      expect(errorOf(`*${count}\r\n`), count).toBe('Protocol error: invalid multibulk length');
    }
  });

  it('unauthenticated multibulk length', () => {
    expect(errorOf('*11\r\n', auth)).toBe('Protocol error: unauthenticated multibulk length');
    expect(errorOf('*10\r\n', auth)).toBeNull();
    expect(errorOf('*11\r\n')).toBeNull();
    // Validity is checked first.
    expect(errorOf('*2147483648\r\n', auth)).toBe('Protocol error: invalid multibulk length');
  });

  it('too big mbulk count string', () => {
    // 65536 unterminated bytes: still waiting; 65537: too big.
    expect(errorOf('*' + '1'.repeat(64 * 1024 - 1))).toBeNull();
    expect(errorOf('*' + '1'.repeat(64 * 1024))).toBe('Protocol error: too big mbulk count string');
  });

  it('too big bulk count string', () => {
    expect(errorOf('*1\r\n$' + '1'.repeat(64 * 1024))).toBe('Protocol error: too big bulk count string');
    expect(errorOf('*1\r\n$' + '1'.repeat(64 * 1024 - 1))).toBeNull();
  });

  it("expected '$'", () => {
    expect(errorOf('*1\r\n+PING\r\n')).toBe("Protocol error: expected '$', got '+'");
    expect(errorOf('*2\r\n$4\r\nECHO\r\nx\r\n')).toBe("Protocol error: expected '$', got 'x'");
    expect(errorOf('*1\r\n\xe9\r\n')).toBe("Protocol error: expected '$', got '\xe9'");
    // CR/LF are shown as spaces, as addReplyErrorFormat() does.
    expect(errorOf('*1\r\n\r\n')).toBe("Protocol error: expected '$', got ' '");
    expect(errorOf('*1\r\n\n\r\n')).toBe("Protocol error: expected '$', got ' '");
  });

  it('invalid bulk length', () => {
    for (const len of ['-1', '-0', 'abc', '', '01', '+1', ' 1', '536870913', '99999999999999999999']) {
      expect(errorOf(`*1\r\n$${len}\r\n`), len).toBe('Protocol error: invalid bulk length');
    }
    // The largest argument a JS string can hold is accepted; 512 MB itself is past V8's string limit.
    expect(errorOf(`*1\r\n$${MAX_ARGUMENT_BYTES}\r\n`)).toBeNull();
    expect(errorOf('*1\r\n$536870912\r\n')).toBe('Protocol error: invalid bulk length');
  });

  it('unauthenticated bulk length', () => {
    expect(errorOf(mb('ECHO', 'a'.repeat(16385)), auth)).toBe('Protocol error: unauthenticated bulk length');
    expect(parse(mb('ECHO', 'a'.repeat(16384)), auth)).toEqual([['ECHO', 'a'.repeat(16384)]]);
    expect(errorOf('*1\r\n$99999999999\r\n', auth)).toBe('Protocol error: invalid bulk length');
  });

  it('too big inline request', () => {
    expect(errorOf('x'.repeat(64 * 1024 + 1))).toBe('Protocol error: too big inline request');
    expect(errorOf('x'.repeat(64 * 1024))).toBeNull();
    // A complete long line is fine.
    expect(parse('ECHO ' + 'x'.repeat(100000) + '\r\n')).toEqual([['ECHO', 'x'.repeat(100000)]]);
    // A NUL hides the newline (strchr), so the line counts as unterminated.
    expect(parse('PING\0\r\nPING\r\n')).toEqual([]);
    expect(errorOf('PING\0\r\n' + 'x'.repeat(70000) + '\n')).toBe('Protocol error: too big inline request');
  });

  it('raises the error only after the commands before it', () => {
    const p = new RequestParser();
    p.feed(B(mb('PING') + 'PING\r\n*1\r\n$x\r\n'));
    expect(p.next()).toEqual(['PING']);
    expect(p.next()).toEqual(['PING']);
    expect(() => p.next()).toThrow(new ProtocolError('Protocol error: invalid bulk length'));
  });

  it('ProtocolError is an Error with the Redis text', () => {
    const e = new ProtocolError('Protocol error: invalid bulk length');
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('ProtocolError');
    expect(e.message).toBe('Protocol error: invalid bulk length');
  });
});

describe('RequestParser: inline commands', () => {
  const cases: [string, string[]][] = [
    ['PING', ['PING']],
    ['set key value', ['set', 'key', 'value']],
    ['  set \t key\t\tvalue  ', ['set', 'key', 'value']],
    ['set "a b" \'c d\'', ['set', 'a b', 'c d']],
    ['"\\x41\\x4a\\x4A\\n\\r\\t\\b\\a\\\\\\"\\q"', ['AJJ\n\r\t\b\x07\\"q']],
    ['"\\x00\\xff\\x7F"', ['\x00\xff\x7f']],
    ['"\\x4g"', ['x4g']], // \x without two hex digits: plain escape of 'x'
    ['"\\xag"', ['xag']],
    ["'it\\'s' 'a\\nb' 'c\\\\d'", ["it's", 'a\\nb', 'c\\\\d']],
    ['foo"bar baz" x', ['foobar baz', 'x']], // a quote may open mid-token
    ['"" \'\'', ['', '']],
    ['""', ['']],
    ['"a"\x0b', ['a']], // \v counts as a space after a closing quote
    ['a\x0bb', ['a\x0bb']], // ...but does not end an unquoted token
    ['a\x0cb c', ['a\x0cb', 'c']],
    ['\x0b\x0cPING\x0b', ['PING\x0b']],
    ['PING\rPING', ['PING', 'PING']], // an inner CR ends a token
    ['\x80\xff \xa0x', ['\x80\xff', '\xa0x']], // bytes >= 0x80 are never spaces
  ];

  it.each(cases)('splits %j like sdssplitargs', (line, expected) => {
    expect(parse(line + '\r\n')).toEqual([expected]);
    expect(parse(line + '\n')).toEqual([expected]);
  });

  it.each([['"abc'], ["'abc"], ['"a"b'], ["'a'b"], ['"abc\\"'], ['x "a"\'b\''], ["a'b c'd"], ['"\\"']])(
    'rejects %j with unbalanced quotes',
    (line) => {
      expect(errorOf(line + '\r\n')).toBe('Protocol error: unbalanced quotes in request');
    },
  );

  it('strips only one CR before LF', () => {
    expect(parse('ECHO a\r\r\n')).toEqual([['ECHO', 'a']]);
    expect(parse('ECHO "a\r"\r\n')).toEqual([['ECHO', 'a\r']]);
  });

  it('skips empty and blank lines', () => {
    expect(parse('\r\n\n   \r\n\t\nPING\r\n\r\n\r\nECHO x\n')).toEqual([['PING'], ['ECHO', 'x']]);
    expect(parse('\r\r\nPING\r\n')).toEqual([['PING']]);
    expect(parse('\n\n\n')).toEqual([]);
  });

  it('mixes inline and multibulk', () => {
    expect(parse('PING\r\n' + mb('ECHO', 'a') + 'ECHO b\n' + mb('PING'))).toEqual([
      ['PING'],
      ['ECHO', 'a'],
      ['ECHO', 'b'],
      ['PING'],
    ]);
  });
});

describe('RequestParser: chunking', () => {
  const BIG = 'B'.repeat(40000) + ALL_BYTES;
  const smallFrames =
    mb('SET', 'key', 'value') +
    'ECHO "a b\\x00" \'c\'\r\n' +
    '*0\r\n' +
    '\r\n' +
    mb('ECHO', ALL_BYTES) +
    mb('ECHO', '') +
    '  PING  \n' +
    '*-1\r\n' +
    mb('A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J', 'K', 'L') +
    mb('SET', 'k', 'x'.repeat(300));
  const smallExpected = [
    ['SET', 'key', 'value'],
    ['ECHO', 'a b\0', 'c'],
    ['ECHO', ALL_BYTES],
    ['ECHO', ''],
    ['PING'],
    ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J', 'K', 'L'],
    ['SET', 'k', 'x'.repeat(300)],
  ];

  it('parses identically when split in two at every byte position', () => {
    const bytes = B(smallFrames);
    expect(parseChunks([bytes])).toEqual(smallExpected);
    for (let i = 1; i < bytes.length; i++) {
      expect(parseChunks([bytes.subarray(0, i), bytes.subarray(i)]), `split at ${i}`).toEqual(smallExpected);
    }
  });

  it('parses a big (dedicated buffer) bulk identically at every split position', () => {
    const bytes = B(mb('SET', 'k', BIG) + mb('PING'));
    const expected = [['SET', 'k', BIG], ['PING']];
    for (let i = 1; i < bytes.length; i++) {
      expect(parseChunks([bytes.subarray(0, i), bytes.subarray(i)]), `split at ${i}`).toEqual(expected);
    }
  });

  it('parses one byte at a time, including a 1 MB bulk', () => {
    const mega = Buffer.alloc(1024 * 1024);
    for (let i = 0; i < mega.length; i++) mega[i] = (i * 7 + (i >> 10)) & 255;
    const megaStr = mega.toString('latin1');
    const bytes = B(smallFrames + mb('SET', 'big', megaStr) + mb('SET', 'mid', BIG) + smallFrames);
    const expected = [...smallExpected, ['SET', 'big', megaStr], ['SET', 'mid', BIG], ...smallExpected];
    const oneByOne: Buffer[] = [];
    for (let i = 0; i < bytes.length; i++) oneByOne.push(bytes.subarray(i, i + 1));
    expect(parseChunks(oneByOne)).toEqual(expected);
  });

  it('parses a 1 MB bulk split in two at sampled positions (all header bytes, boundaries, strided data)', () => {
    const megaStr = 'm'.repeat(1024 * 1024 - 5) + '\r\n\0\xff!';
    const bytes = B(mb('SET', 'big', megaStr) + 'PING\r\n');
    const expected = [['SET', 'big', megaStr], ['PING']];
    const positions = new Set<number>();
    for (let i = 1; i < 40; i++) positions.add(i);
    for (let i = bytes.length - 20; i < bytes.length; i++) positions.add(i);
    for (let i = 1; i < bytes.length; i += 9973) positions.add(i);
    for (const i of positions) {
      expect(parseChunks([bytes.subarray(0, i), bytes.subarray(i)]), `split at ${i}`).toEqual(expected);
    }
  });

  it('parses random chunkings', () => {
    const bytes = B(smallFrames + mb('SET', 'mid', BIG) + smallFrames);
    const expected = [...smallExpected, ['SET', 'mid', BIG], ...smallExpected];
    let seed = 12345;
    const rand = (n: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    for (let round = 0; round < 200; round++) {
      const chunks: Buffer[] = [];
      for (let i = 0; i < bytes.length; ) {
        const n = 1 + rand(round % 2 ? 50 : 5000);
        chunks.push(bytes.subarray(i, i + n));
        i += n;
      }
      expect(parseChunks(chunks)).toEqual(expected);
    }
  });

  it('reports buffered bytes while a big bulk arrives', () => {
    const p = new RequestParser();
    const frame = B(mb('SET', 'k', BIG));
    const headers = `*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$${BIG.length}\r\n`.length;
    p.feed(frame.subarray(0, 1000));
    expect(p.next()).toBeNull();
    expect(p.bufferedBytes).toBe(1000 - headers);
    p.feed(frame.subarray(1000, 30000));
    expect(p.next()).toBeNull();
    expect(p.bufferedBytes).toBe(30000 - headers);
    p.feed(frame.subarray(30000));
    expect(p.next()).toEqual(['SET', 'k', BIG]);
    expect(p.bufferedBytes).toBe(0);
  });

  it('handles a 64 MB bulk in 64 KB chunks in linear time', () => {
    const size = 64 * 1024 * 1024;
    const p = new RequestParser();
    p.feed(B(`*2\r\n$4\r\nECHO\r\n$${size}\r\n`));
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    const start = performance.now();
    for (let sent = 0; sent < size; sent += chunk.length) {
      p.feed(chunk);
      expect(p.next()).toBeNull();
    }
    p.feed(B('\r\n'));
    const cmd = p.next();
    expect(performance.now() - start).toBeLessThan(5000);
    expect(cmd![1]!.length).toBe(size);
  });
});

describe('RequestParser: limits', () => {
  it('uses the Redis defaults', () => {
    const limits: ParserLimits = new RequestParser().limits;
    expect(limits).toEqual({ maxBulkLen: 512 * 1024 * 1024, maxMultibulkLen: 2147483647, maxInlineLen: 64 * 1024 });
  });

  it('accepts constructor overrides', () => {
    const p = new RequestParser({ maxBulkLen: 5 });
    expect(p.limits.maxInlineLen).toBe(64 * 1024);
    p.feed(B(mb('ECHO', 'abcdef')));
    expect(() => p.next()).toThrow('Protocol error: invalid bulk length');
  });

  it('honours limits changed at runtime', () => {
    const p = new RequestParser();
    p.feed(B(mb('ECHO', 'abcdef')));
    expect(p.next()).toEqual(['ECHO', 'abcdef']);
    p.limits.maxBulkLen = 6;
    p.feed(B(mb('ECHO', 'abcdef')));
    expect(p.next()).toEqual(['ECHO', 'abcdef']);
    p.limits.maxBulkLen = 5;
    p.feed(B(mb('ECHO', 'abcdef')));
    expect(() => p.next()).toThrow('Protocol error: invalid bulk length');

    const q = new RequestParser();
    q.limits.maxMultibulkLen = 2;
    q.feed(B(mb('ECHO', 'x')));
    expect(q.next()).toEqual(['ECHO', 'x']);
    q.feed(B(mb('A', 'B', 'C')));
    expect(() => q.next()).toThrow('Protocol error: invalid multibulk length');

    const r = new RequestParser();
    r.feed(B('x'.repeat(100)));
    expect(r.next()).toBeNull();
    r.limits.maxInlineLen = 99;
    expect(() => r.next()).toThrow('Protocol error: too big inline request');
  });

  it('applies authRequired changes to the next header', () => {
    const p = new RequestParser();
    p.authRequired = true;
    p.feed(B(mb('AUTH', 'pw')));
    expect(p.next()).toEqual(['AUTH', 'pw']);
    p.authRequired = false;
    p.feed(B(mb('ECHO', 'a'.repeat(20000))));
    expect(p.next()).toEqual(['ECHO', 'a'.repeat(20000)]);
  });
});
