import { describe, expect, it } from 'vitest';
import { FIRST_ELEMENT_MAX, ReplyParser, ReplyScanner } from '../src/index.js';
import type { RespValue, ScannedReply } from '../src/index.js';

const B = (s: string): Buffer => Buffer.from(s, 'latin1');
const S = (b: Buffer): string => b.toString('latin1');
const lowerAscii = (s: string): string => s.replace(/[A-Z]/g, (c) => c.toLowerCase());

/** A reply as reported, with offsets made absolute (from the start of the stream). */
interface Rec {
  start: number;
  end: number;
  type: number;
  push: boolean;
  error: boolean;
  firstElement: string | null;
}

/**
 * Feeds `chunks` to a scanner and collects every reply, in stream or retain mode. Checks on the way that feed()'s
 * count and `pushes` match what next() walks, and in retain mode that the batches are exactly the complete
 * replies so far (and are never rewritten afterwards).
 */
function scan(chunks: Buffer[], retain = false, wantFirst = true): { recs: Rec[]; taken: Buffer; scanner: ReplyScanner } {
  const s = new ReplyScanner({ retain });
  const recs: Rec[] = [];
  const views: Buffer[] = [];
  const copies: Buffer[] = [];
  let chunkBase = 0;
  let takenBase = 0;
  for (const c of chunks) {
    const n = s.feed(c);
    let seen = 0;
    let pushes = 0;
    const origin = retain ? takenBase : chunkBase;
    for (let r = s.next(wantFirst); r !== null; r = s.next(wantFirst)) {
      seen++;
      if (r.push) pushes++;
      recs.push({ ...r, start: r.start + origin, end: r.end + origin });
    }
    // Plain checks, not expect(): this runs for every chunk of thousands of streams.
    if (seen !== n || s.pushes !== pushes) throw new Error(`feed() said ${n} replies, ${s.pushes} pushes; next() gave ${seen}, ${pushes}`);
    if (retain) {
      const batch = s.takeComplete();
      views.push(batch);
      copies.push(Buffer.from(batch));
      takenBase += batch.length;
      if ((recs.length === 0 ? 0 : recs[recs.length - 1]!.end) !== takenBase) throw new Error('a batch is not the complete replies so far');
    } else if (s.takeComplete().length !== 0) {
      throw new Error('stream mode handed bytes out');
    }
    chunkBase += c.length;
  }
  views.forEach((v, i) => {
    if (!v.equals(copies[i]!)) throw new Error(`batch ${i} was rewritten after it was handed out`);
  });
  return { recs, taken: Buffer.concat(copies), scanner: s };
}

const scanOne = (input: string, retain = false): Rec[] => scan([B(input)], retain).recs;

/** Splits `input` into chunks of random sizes drawn from `max`. */
function randomChunks(input: Buffer, seed: number, max: number): Buffer[] {
  const chunks: Buffer[] = [];
  for (let at = 0; at < input.length; ) {
    seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff;
    const n = 1 + (seed % max);
    chunks.push(input.subarray(at, at + n));
    at += n;
  }
  return chunks;
}

describe('ReplyScanner: types', () => {
  const scalars: [string, number, boolean][] = [
    ['+OK\r\n', 43, false],
    ['-ERR unknown command\r\n', 45, true],
    [':-12345\r\n', 58, false],
    ['$5\r\nhello\r\n', 36, false],
    ['$0\r\n\r\n', 36, false],
    ['$-1\r\n', 36, false],
    ['*-1\r\n', 42, false],
    ['*0\r\n', 42, false],
    ['_\r\n', 95, false],
    ['#t\r\n', 35, false],
    [',3.14\r\n', 44, false],
    [',-inf\r\n', 44, false],
    ['(3492890328409238509324850943850943825024385\r\n', 40, false],
    ['!21\r\nSYNTAX invalid syntax\r\n', 33, true],
    ['=15\r\ntxt:Some string\r\n', 61, false],
    ['%0\r\n', 37, false],
    ['~0\r\n', 126, false],
  ];

  it.each(scalars)('%j is one reply of type %i', (input, type, error) => {
    expect(scanOne(input)).toEqual([{ start: 0, end: input.length, type, push: false, error, firstElement: null }]);
  });

  it('frames aggregates of every kind, nested, with null and empty elements and binary payloads', () => {
    const input =
      '*3\r\n:1\r\n*2\r\n$-1\r\n*0\r\n%1\r\n+k\r\n~2\r\n_\r\n$4\r\n\r\n\r\n\r\n' +
      '%2\r\n*1\r\n+key\r\n%1\r\n#f\r\n,1e3\r\n$3\r\n\0\r\n\r\n!3\r\nerr\r\n' +
      '~1\r\n=7\r\nmkd:*\r\n\r\n';
    const recs = scanOne(input);
    expect(recs.map((r) => [r.type, r.end - r.start])).toEqual([
      [42, 46],
      [37, 46],
      [126, 17],
    ]);
    expect(recs[2]!.end).toBe(input.length);
  });

  it('frames arrays nested 10000 deep', () => {
    const input = '*1\r\n'.repeat(10000) + ':1\r\n' + '*2\r\n'.repeat(5000) + '+a\r\n' + '+b\r\n'.repeat(5000);
    const recs = scanOne(input);
    expect(recs.map((r) => r.end)).toEqual([40004, input.length]);
  });

  it('reports RESP3 pushes, counted apart, with their first element', () => {
    const input =
      '>3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$5\r\nhello\r\n' + ':1\r\n' + '>2\r\n$10\r\ninvalidate\r\n*1\r\n$3\r\nkey\r\n' + '>3\r\n+SUBSCRIBE\r\n+ch\r\n:1\r\n';
    const s = new ReplyScanner();
    expect(s.feed(B(input))).toBe(4);
    expect(s.pushes).toBe(3);
    const got: (ScannedReply | null)[] = [];
    for (let r = s.next(true); r !== null; r = s.next(true)) got.push(r);
    expect(got.map((r) => [r!.push, r!.type, r!.firstElement])).toEqual([
      [true, 62, 'message'],
      [false, 58, null],
      [true, 62, 'invalidate'],
      [true, 62, 'subscribe'],
    ]);
  });

  it('gives attributes to the value that follows them, at the top level and inside aggregates', () => {
    const attr = '|1\r\n+key-popularity\r\n%2\r\n$1\r\na\r\n,0.1923\r\n$1\r\nb\r\n,0.0012\r\n';
    const input = attr + '*2\r\n:2039123\r\n:9543892\r\n' + '*2\r\n' + attr + '+MESSAGE\r\n:1\r\n' + '|0\r\n+OK\r\n' + '|1\r\n|1\r\n+a\r\n+b\r\n+c\r\n+d\r\n|1\r\n+x\r\n+y\r\n-ERR e\r\n';
    const recs = scanOne(input);
    expect(recs.map((r) => [r.type, r.error, r.firstElement])).toEqual([
      [42, false, null],
      [42, false, 'message'],
      [43, false, null],
      [45, true, null],
    ]);
    expect(recs[0]).toMatchObject({ start: 0, end: attr.length + 24 });
    expect(recs[1]).toMatchObject({ start: attr.length + 24, end: 2 * attr.length + 24 + 18 });
    expect(recs[3]!.end).toBe(input.length);
    // A top-level attribute and its value are what ReplyParser returns as two values (it has no notion of
    // attributes inside aggregates, so only the top-level cases are compared with it).
    for (const r of [recs[0]!, recs[2]!]) {
      const values = parseAll(B(input).subarray(r.start, r.end));
      expect(values.map((v) => v.type)).toEqual(['attribute', r.type === 42 ? 'array' : 'simple']);
    }
  });

  it('takes the first element of an array only when it is a short bulk or simple string', () => {
    const long = 'x'.repeat(FIRST_ELEMENT_MAX + 1);
    const cases: [string, string | null][] = [
      ['*3\r\n$8\r\nPMESSAGE\r\n$1\r\np\r\n$1\r\nc\r\n', 'pmessage'],
      ['*2\r\n$4\r\npong\r\n$0\r\n\r\n', 'pong'],
      ['*1\r\n+Pong\r\n', 'pong'],
      ['*1\r\n$0\r\n\r\n', ''],
      [`*1\r\n$${FIRST_ELEMENT_MAX}\r\n${'Y'.repeat(FIRST_ELEMENT_MAX)}\r\n`, 'y'.repeat(FIRST_ELEMENT_MAX)],
      [`*1\r\n$${long.length}\r\n${long}\r\n`, null],
      [`*1\r\n+${long}\r\n`, null],
      ['*2\r\n:1\r\n$7\r\nmessage\r\n', null],
      ['*1\r\n$-1\r\n', null],
      ['*1\r\n*1\r\n$7\r\nmessage\r\n', null],
      ['*1\r\n-message\r\n', null],
      ['%1\r\n$7\r\nmessage\r\n:1\r\n', null],
      ['$7\r\nmessage\r\n', null],
      ['*1\r\n$5\r\nM\xc9SSA\r\n', 'm\xc9ssa'],
    ];
    for (const [input, first] of cases) {
      expect(scanOne(input)[0]!.firstElement, input).toBe(first);
      // Not computed unless asked.
      expect(scan([B(input)], false, false).recs[0]!.firstElement).toBeNull();
    }
  });
});

describe('ReplyScanner: chunking', () => {
  const message = (ch: string, payload: string): string => `*3\r\n$7\r\nmessage\r\n$${ch.length}\r\n${ch}\r\n$${payload.length}\r\n${payload}\r\n`;
  const stream =
    '+OK\r\n' +
    message('news', 'hello\r\nworld') +
    '|1\r\n+ttl\r\n:3600\r\n$5\r\nvalue\r\n' +
    '*4\r\n$8\r\npmessage\r\n$2\r\nn*\r\n$4\r\nnews\r\n$0\r\n\r\n' +
    '>3\r\n+subscribe\r\n$1\r\nc\r\n:1\r\n' +
    '%2\r\n+a\r\n*2\r\n:1\r\n_\r\n+b\r\n~1\r\n(12345678901234567890\r\n' +
    '$-1\r\n*-1\r\n-WRONGTYPE Operation against a key\r\n' +
    `*2\r\n$${FIRST_ELEMENT_MAX}\r\n${'S'.repeat(FIRST_ELEMENT_MAX)}\r\n:1\r\n` +
    '!5\r\nERR x\r\n=8\r\ntxt:abcd\r\n#f\r\n,1.5\r\n';

  it.each([false, true])('finds the same replies at every split in two (retain: %s)', (retain) => {
    const input = B(stream);
    const whole = scan([input], retain);
    expect(whole.recs.length).toBe(14);
    expect(whole.recs[whole.recs.length - 1]!.end).toBe(input.length);
    expect(whole.recs.map((r) => r.firstElement).filter((f) => f !== null)).toEqual(['message', 'pmessage', 'subscribe', 's'.repeat(FIRST_ELEMENT_MAX)]);
    for (let i = 1; i < input.length; i++) {
      const split = scan([input.subarray(0, i), input.subarray(i)], retain);
      expect(split.recs, `split at ${i}`).toEqual(whole.recs);
      if (retain) expect(split.taken.equals(input), `split at ${i}`).toBe(true);
    }
  });

  it.each([false, true])('finds the same replies one byte at a time and in random chunks (retain: %s)', (retain) => {
    const input = B(stream.repeat(5));
    const whole = scan([input], retain).recs;
    const oneByOne: Buffer[] = [];
    for (let i = 0; i < input.length; i++) oneByOne.push(input.subarray(i, i + 1));
    expect(scan(oneByOne, retain).recs).toEqual(whole);
    for (let seed = 1; seed <= 50; seed++) expect(scan(randomChunks(input, seed, 40), retain).recs).toEqual(whole);
  });

  it('keeps a first element split over three chunks (stream mode keeps no other bytes)', () => {
    const input = B('*3\r\n$7\r\nMESSAGE\r\n$1\r\nc\r\n$1\r\nx\r\n');
    for (let i = 1; i < input.length; i++) {
      for (let j = i + 1; j < input.length; j++) {
        const recs = scan([input.subarray(0, i), input.subarray(i, j), input.subarray(j)]).recs;
        expect(recs.map((r) => [r.start, r.end, r.firstElement]), `${i} ${j}`).toEqual([[0, input.length, 'message']]);
      }
    }
  });

  it('says when the bytes so far end inside a reply', () => {
    const s = new ReplyScanner();
    expect(s.midReply).toBe(false);
    s.feed(B('+OK\r\n$5\r\nhel'));
    expect(s.midReply).toBe(true);
    s.feed(B('lo\r\n'));
    expect(s.midReply).toBe(false);
    s.feed(B('|1\r\n+a\r\n+b\r\n'));
    expect(s.midReply).toBe(true); // an attribute alone is not a reply
  });

  it('skips a 64 MB bulk arriving in 64 KB reads in linear time, keeping nothing in stream mode', () => {
    const size = 64 * 1024 * 1024;
    const s = new ReplyScanner();
    const chunk = Buffer.alloc(64 * 1024, 0x0d); // CRs inside the payload must not matter
    expect(s.feed(B(`+OK\r\n$${size}\r\n`))).toBe(1);
    const start = performance.now();
    for (let sent = 0; sent < size; sent += chunk.length) expect(s.feed(chunk)).toBe(0);
    expect(s.feed(B('\r\n:1\r\n'))).toBe(2);
    expect(performance.now() - start).toBeLessThan(2000);
    expect(s.next()).toMatchObject({ start: -(size + `$${size}\r\n`.length), end: 2, type: 36 });
    expect(s.bufferedBytes).toBe(0);
  });

  it('retain mode: holds an incomplete reply, hands whole ones out, sizes a big bulk buffer once', () => {
    const size = 8 * 1024 * 1024;
    const s = new ReplyScanner({ retain: true });
    const header = `$${size}\r\n`;
    s.feed(B('+OK\r\n' + header));
    expect(S(s.takeComplete())).toBe('+OK\r\n');
    expect(s.bufferedBytes).toBe(header.length);
    const chunk = Buffer.alloc(64 * 1024, 0x62);
    for (let sent = 0; sent < size; sent += chunk.length) {
      expect(s.feed(chunk)).toBe(0);
      expect(s.takeComplete().length).toBe(0);
    }
    expect(s.feed(B('\r\n:1\r\n:2'))).toBe(2);
    expect(s.next()).toMatchObject({ start: 0, end: header.length + size + 2, type: 36 });
    expect(s.next()).toMatchObject({ start: header.length + size + 2, end: header.length + size + 6, type: 58 });
    const batch = s.takeComplete();
    expect(batch.length).toBe(header.length + size + 6);
    expect(batch.buffer.byteLength).toBeLessThan(size + 256 * 1024);
    expect(S(batch.subarray(batch.length - 6))).toBe('\r\n:1\r\n');
    expect(s.bufferedBytes).toBe(2);
    s.feed(B('\r\n'));
    expect(S(s.takeComplete())).toBe(':2\r\n');
  });

  it('retain mode: a chunk of whole replies goes out as a view of that chunk', () => {
    const s = new ReplyScanner({ retain: true });
    const chunk = B('+OK\r\n:1\r\n');
    expect(s.feed(chunk)).toBe(2);
    const batch = s.takeComplete();
    expect(batch.buffer).toBe(chunk.buffer);
    expect(batch.byteOffset).toBe(chunk.byteOffset);
    expect(batch.length).toBe(chunk.length);
  });
});

describe('ReplyScanner: generated replies', () => {
  /** A random reply and what the scanner must say about it. */
  function generate(
    seed: number,
    count: number,
    withAttributes: boolean,
  ): { input: Buffer; replies: string[]; expected: Omit<Rec, 'start' | 'end'>[]; ends: number[]; innerAttributes: number } {
    let innerAttributes = 0;
    const rand = (n: number): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff;
      return seed % n;
    };
    const text = (n: number): string => {
      let s = '';
      for (let i = 0; i < n; i++) s += 'aZ09 -:.\x80\xffmessage'[rand(17)];
      return s;
    };
    const blob = (): string => {
      const n = rand(10) === 0 ? rand(5000) : rand(40);
      let s = '';
      for (let i = 0; i < n; i++) s += String.fromCharCode(rand(256));
      return s;
    };
    const attribute = (depth: number): string => {
      if (depth > 0) innerAttributes++;
      const n = rand(3);
      let s = `|${n}\r\n`;
      for (let i = 0; i < 2 * n; i++) s += value(depth + 1);
      return s;
    };
    /** One element, possibly preceded by an attribute. */
    function value(depth: number): string {
      const prefix = withAttributes && rand(12) === 0 ? attribute(depth) : '';
      const kinds = depth > 4 ? 10 : 15;
      switch (rand(kinds)) {
        case 0:
          return prefix + `+${text(rand(40))}\r\n`;
        case 1:
          return prefix + `-ERR ${text(rand(20))}\r\n`;
        case 2:
          return prefix + `:${rand(2) ? '-' : ''}${rand(1e9)}\r\n`;
        case 3: {
          const b = blob();
          return prefix + `$${b.length}\r\n${b}\r\n`;
        }
        case 4:
          return prefix + pickOne(['$-1\r\n', '*-1\r\n', '_\r\n', '#t\r\n', '#f\r\n']);
        case 5:
          return prefix + `,${rand(1000) / 7}\r\n`;
        case 6:
          return prefix + `(${rand(1e9)}${rand(1e9)}\r\n`;
        case 7: {
          const b = blob();
          return prefix + `!${b.length}\r\n${b}\r\n`;
        }
        case 8: {
          const b = 'txt:' + blob();
          return prefix + `=${b.length}\r\n${b}\r\n`;
        }
        case 9:
          return prefix + `$${'message'.length}\r\nmessage\r\n`;
        default: {
          const type = pickOne(['*', '~', '>', '%']);
          const n = rand(5);
          let s = prefix + `${type}${n}\r\n`;
          for (let i = 0; i < (type === '%' ? 2 * n : n); i++) s += value(depth + 1);
          return s;
        }
      }
    }
    function pickOne<T>(xs: T[]): T {
      return xs[rand(xs.length)]!;
    }
    let input = '';
    const expected: Omit<Rec, 'start' | 'end'>[] = [];
    const ends: number[] = [];
    const replies: string[] = [];
    for (let i = 0; i < count; i++) {
      const reply = (withAttributes && rand(10) === 0 ? attribute(0) : '') + value(0);
      replies.push(reply);
      input += reply;
      ends.push(input.length);
      expected.push(describeReply(reply));
    }
    return { input: B(input), replies, expected, ends, innerAttributes };
  }

  /** What the scanner must report for one reply, read off its text independently of the scanner. */
  function describeReply(reply: string): Omit<Rec, 'start' | 'end'> {
    expect(skipElement(reply, 0)).toBe(reply.length);
    let at = skipAttributes(reply, 0);
    const type = reply.charCodeAt(at);
    let firstElement: string | null = null;
    const header = reply.indexOf('\r\n', at);
    if ((type === 42 || type === 62) && Number(reply.slice(at + 1, header)) > 0) {
      at = skipAttributes(reply, header + 2);
      const line = reply.indexOf('\r\n', at);
      let raw: string | null = null;
      if (reply[at] === '+') raw = reply.slice(at + 1, line);
      else if (reply[at] === '$' && reply[at + 1] !== '-') raw = reply.slice(line + 2, line + 2 + Number(reply.slice(at + 1, line)));
      if (raw !== null && raw.length <= FIRST_ELEMENT_MAX) firstElement = lowerAscii(raw);
    }
    return { type, push: type === 62, error: type === 45 || type === 33, firstElement };
  }

  it('frames 300 streams of random nested RESP3 replies (attributes anywhere) exactly, however chunked', () => {
    let firsts = 0;
    let nestedAttributes = 0;
    let pushes = 0;
    for (let seed = 1; seed <= 300; seed++) {
      const generated = generate(seed, 1 + (seed % 30), seed % 3 !== 0);
      const { input, replies, expected, ends } = generated;
      firsts += expected.filter((e) => e.firstElement !== null).length;
      pushes += expected.filter((e) => e.push).length;
      nestedAttributes += generated.innerAttributes;
      // Without attributes, ReplyParser is a second, independent judge of where each reply ends.
      if (seed % 3 === 0) for (const reply of replies) expect(parseAll(B(reply)).length).toBe(1);
      const chunkings = [[input], randomChunks(input, seed, 7), randomChunks(input, seed, 300)];
      for (const [k, chunks] of chunkings.entries()) {
        for (const retain of [false, true]) {
          const { recs, taken } = scan(chunks, retain);
          expect(
            recs.map((r) => ({ type: r.type, push: r.push, error: r.error, firstElement: r.firstElement })),
            `seed ${seed} chunking ${k}`,
          ).toEqual(expected);
          expect(recs.map((r) => r.end)).toEqual(ends);
          expect(recs.map((r) => r.start)).toEqual([0, ...ends.slice(0, -1)]);
          if (retain) expect(taken.equals(input)).toBe(true);
        }
      }
    }
    // The generator reaches the interesting cases.
    expect(firsts).toBeGreaterThan(100);
    expect(pushes).toBeGreaterThan(100);
    expect(nestedAttributes).toBeGreaterThan(50);
  });
});

describe('ReplyScanner: malformed streams', () => {
  it.each([
    ['x\r\n', 'RESP: unknown type byte 0x78'],
    ['$abc\r\n', "RESP: bad length for type '$'"],
    ['$\r\n', "RESP: bad length for type '$'"],
    ['$-2\r\n', "RESP: bad length for type '$'"],
    ['~-1\r\n', "RESP: bad length for type '~'"],
    ['!-1\r\n', "RESP: bad length for type '!'"],
    ['$?\r\n', "RESP: bad length for type '$'"],
    ['*1234567890123456\r\n', "RESP: bad length for type '*'"],
    ['+OK\rx', 'RESP: expected \\n after \\r'],
    ['$1\r\nab\r\n', 'RESP: expected \\r\\n after a blob'],
    ['*1\r\n$1\r\nabc', 'RESP: expected \\r\\n after a blob'],
  ])('%j: %s', (input, message) => {
    expect(() => new ReplyScanner().feed(B(input))).toThrow(message);
    // The same error whatever the chunking.
    expect(() => scan(randomChunks(B(input), 3, 2))).toThrow(message);
  });
});

/** Every value ReplyParser finds in `bytes`, which must be exactly consumed. */
function parseAll(bytes: Buffer): RespValue[] {
  const p = new ReplyParser();
  p.feed(bytes);
  const out: RespValue[] = [];
  for (let v = p.next(); v !== undefined; v = p.next()) out.push(v);
  // Nothing left over: a trailing partial value would make the next feed complete it.
  p.feed(B('+end\r\n'));
  expect(p.next()).toEqual({ type: 'simple', value: 'end' });
  return out;
}

/** Skips the attributes (if any) starting at `at`; returns where the value they annotate starts. */
function skipAttributes(s: string, at: number): number {
  while (s[at] === '|') {
    const cr = s.indexOf('\r\n', at);
    const n = Number(s.slice(at + 1, cr));
    at = cr + 2;
    for (let i = 0; i < 2 * n; i++) at = skipElement(s, at);
  }
  return at;
}

/** Skips one element (with any attributes before it) starting at `at`; returns its end. */
function skipElement(s: string, at: number): number {
  at = skipAttributes(s, at);
  const type = s[at]!;
  const cr = s.indexOf('\r\n', at);
  const n = Number(s.slice(at + 1, cr));
  let p = cr + 2;
  switch (type) {
    case '$':
    case '!':
    case '=':
      return n < 0 ? p : p + n + 2;
    case '*':
    case '~':
    case '>':
    case '%': {
      const items = n < 0 ? 0 : type === '%' ? 2 * n : n;
      for (let i = 0; i < items; i++) p = skipElement(s, p);
      return p;
    }
    default:
      return p;
  }
}
