import { describe, expect, it } from 'vitest';
import { ProtocolError, RequestParser, RequestScanner } from '../src/index.js';
import type { ParserLimits, ScannedCommand } from '../src/index.js';

const B = (s: string): Buffer => Buffer.from(s, 'latin1');
const S = (b: Buffer): string => b.toString('latin1');

/** A RESP multibulk for `args` (latin1 strings). */
function mb(...args: string[]): string {
  let s = `*${args.length}\r\n`;
  for (const a of args) s += `$${a.length}\r\n${a}\r\n`;
  return s;
}

/** C tolower() over a latin1 string: A-Z only. */
const lowerAscii = (s: string): string => s.replace(/[A-Z]/g, (c) => c.toLowerCase());

const ALL_BYTES = Array.from({ length: 256 }, (_, i) => String.fromCharCode(i)).join('');

interface Setup {
  authRequired?: boolean;
  limits?: Partial<ParserLimits>;
}

/**
 * What the node would see: per chunk fed, the commands RequestParser returns after it (argv with the name
 * lower-cased, as the scanner reports it), and the ProtocolError text that stops the stream, if any.
 */
function parserEvents(chunks: Buffer[], setup: Setup = {}): string[][][] | { events: string[][][]; error: string } {
  const p = new RequestParser(setup.limits);
  p.authRequired = setup.authRequired ?? false;
  const events: string[][][] = [];
  for (const c of chunks) {
    const now: string[][] = [];
    events.push(now);
    p.feed(c);
    try {
      for (let cmd = p.next(); cmd !== null; cmd = p.next()) now.push([lowerAscii(cmd[0]!), ...cmd.slice(1)]);
    } catch (e) {
      expect(e).toBeInstanceOf(ProtocolError);
      return { events, error: (e as Error).message };
    }
  }
  return events;
}

interface ScanResult {
  events: string[][][] | { events: string[][][]; error: string };
  /** Every batch takeComplete() returned, concatenated. */
  taken: Buffer;
  /** Each command's own bytes, cut from its batch by start/end. */
  commandBytes: Buffer[];
}

/** The same through a RequestScanner that wants every command's args; takes after each chunk, as the proxy does. */
function scannerEvents(chunks: Buffer[], setup: Setup = {}): ScanResult {
  const s = new RequestScanner(() => true, setup.limits);
  s.authRequired = setup.authRequired ?? false;
  const events: string[][][] = [];
  const batches: Buffer[] = [];
  const commandBytes: Buffer[] = [];
  const take = (cmds: ScannedCommand[]): void => {
    const batch = s.takeComplete();
    batches.push(Buffer.from(batch)); // copied: also checks below that the scanner never rewrites a handed-out view
    for (const c of cmds) commandBytes.push(batch.subarray(c.start, c.end));
  };
  let result: ScanResult['events'] = events;
  for (const c of chunks) {
    const now: string[][] = [];
    events.push(now);
    s.feed(c);
    const cmds: ScannedCommand[] = [];
    try {
      for (let cmd = s.next(); cmd !== null; cmd = s.next()) {
        expect(cmd.argc).toBe(cmd.args!.length);
        expect(cmd.args![0]).toBe(cmd.name);
        cmds.push(cmd);
        now.push(cmd.args!);
      }
    } catch (e) {
      expect(e).toBeInstanceOf(ProtocolError);
      take(cmds);
      result = { events, error: (e as Error).message };
      break;
    }
    take(cmds);
  }
  return { events: result, taken: Buffer.concat(batches), commandBytes };
}

/**
 * Feeds `chunks` to both and checks the scanner agrees with the parser: same commands after the same chunks,
 * same error at the same point; the bytes handed out are exactly the input's prefix of complete requests, and
 * each command's own bytes parse to that command alone.
 */
function expectSameAsParser(chunks: Buffer[], setup: Setup = {}, label = ''): ScanResult {
  const expected = parserEvents(chunks, setup);
  const got = scannerEvents(chunks, setup);
  expect(got.events, label).toEqual(expected);
  const input = Buffer.concat(chunks);
  expect(S(got.taken), label).toBe(S(input.subarray(0, got.taken.length)));
  const all = (Array.isArray(expected) ? expected : expected.events).flat();
  expect(got.commandBytes.length, label).toBe(all.length);
  got.commandBytes.forEach((bytes, i) => {
    const p = new RequestParser(setup.limits);
    p.feed(bytes);
    const argv = p.next()!;
    expect([lowerAscii(argv[0]!), ...argv.slice(1)], label).toEqual(all[i]);
    expect(p.next(), label).toBeNull();
    expect(p.bufferedBytes, label).toBe(0);
  });
  return got;
}

function scanAll(input: string | Buffer, wantsArgs?: (name: string) => boolean): { cmds: ScannedCommand[]; batch: Buffer } {
  const s = new RequestScanner(wantsArgs);
  s.feed(typeof input === 'string' ? B(input) : input);
  const cmds: ScannedCommand[] = [];
  for (let c = s.next(); c !== null; c = s.next()) cmds.push(c);
  return { cmds, batch: s.takeComplete() };
}

describe('RequestScanner: commands', () => {
  it('reports start, end, argc and the lower-cased name of pipelined commands, and hands their bytes out in one batch', () => {
    const input = mb('SET', 'key', 'value') + 'get key\r\n' + mb('PiNg');
    const { cmds, batch } = scanAll(input);
    expect(S(batch)).toBe(input);
    expect(cmds).toEqual([
      { start: 0, end: 33, argc: 3, name: 'set', args: null },
      { start: 33, end: 42, argc: 2, name: 'get', args: null },
      { start: 42, end: 56, argc: 1, name: 'ping', args: null },
    ]);
  });

  it('builds args only for the commands the predicate names, with args[0] the lower-cased name', () => {
    const asked: string[] = [];
    const { cmds } = scanAll(mb('SELECT', '3') + mb('SET', 'k', 'v') + 'AUTH "p w"\r\n' + mb('Client', 'SETNAME', 'x'), (name) => {
      asked.push(name);
      return name !== 'set';
    });
    expect(asked).toEqual(['select', 'set', 'auth', 'client']);
    expect(cmds.map((c) => c.args)).toEqual([['select', '3'], null, ['auth', 'p w'], ['client', 'SETNAME', 'x']]);
  });

  it('lower-cases ASCII letters only, as C tolower() (latin1 letters stay), and names longer than the cache', () => {
    const { cmds } = scanAll(mb('G\xc9T\xdeX') + 'S\xc9T\r\n' + mb('A'.repeat(40) + '\xc0') + mb('B'.repeat(40)));
    expect(cmds.map((c) => c.name)).toEqual(['g\xc9t\xdex', 's\xc9t', 'a'.repeat(40) + '\xc0', 'b'.repeat(40)]);
  });

  it('gives the same name for any spelling (the cached string), and tells apart names whose hashes may collide', () => {
    const names = ['get', 'GET', 'Get', 'set', 'SET', 'mset', 'hgetall', 'ping', 'gte', 'teg'];
    const stream = names.map((n) => mb(n, 'k')).join('').repeat(3);
    const { cmds } = scanAll(stream);
    expect(cmds.map((c) => c.name)).toEqual(names.map((n) => n.toLowerCase()).concat(names.map((n) => n.toLowerCase()), names.map((n) => n.toLowerCase())));
    // 300 distinct names through a 256-slot cache: every one still comes out right.
    const many = Array.from({ length: 300 }, (_, i) => `CMD${i}`);
    expect(scanAll(many.map((n) => mb(n)).join('')).cmds.map((c) => c.name)).toEqual(many.map((n) => n.toLowerCase()));
  });

  it('is binary safe and skips payloads by length (CRLF and NUL inside data)', () => {
    const { cmds, batch } = scanAll(mb('SET', ALL_BYTES, '\r\n\r\n\0') + mb('ECHO', '*1\r\n$4\r\nPING\r\n'), () => true);
    expect(cmds.map((c) => c.args)).toEqual([
      ['set', ALL_BYTES, '\r\n\r\n\0'],
      ['echo', '*1\r\n$4\r\nPING\r\n'],
    ]);
    expect(cmds[1]!.end).toBe(batch.length);
  });

  it('consumes *0, *-N and blank inline lines without reporting them; their bytes travel with the next batch', () => {
    const input = '*0\r\n\r\n' + mb('PING') + '*-1\r\n   \n' + mb('GET', 'k') + '*0\r\n';
    const { cmds, batch } = scanAll(input);
    expect(S(batch)).toBe(input);
    expect(cmds.map((c) => [c.name, c.start, c.end])).toEqual([
      ['ping', 6, 20],
      ['get', 29, 49],
    ]);
    // A batch of nothing but empty requests.
    const only = scanAll('*0\r\n\n*-5\r\n');
    expect(only.cmds).toEqual([]);
    expect(S(only.batch)).toBe('*0\r\n\n*-5\r\n');
  });

  it('forwards inline commands as they were sent and refuses unbalanced quotes', () => {
    const { cmds, batch } = scanAll('  set "a b" \'c\'\r\nECHO "\\x41"\n', () => true);
    expect(cmds.map((c) => c.args)).toEqual([
      ['set', 'a b', 'c'],
      ['echo', 'A'],
    ]);
    expect(S(batch)).toBe('  set "a b" \'c\'\r\nECHO "\\x41"\n');
    expect(() => scanAll('SET "a\r\n')).toThrow(new ProtocolError('Protocol error: unbalanced quotes in request'));
  });

  it('keeps the unchecked-byte quirks: the byte after a header \\r and the two bytes after data are not looked at', () => {
    const input = '*1\rx$4\rxPINGxy' + mb('PING');
    const { cmds, batch } = scanAll(input);
    expect(cmds.map((c) => [c.name, c.start, c.end])).toEqual([
      ['ping', 0, 14],
      ['ping', 14, 28],
    ]);
    expect(S(batch)).toBe(input);
  });

  it('waits when a NUL byte hides a terminator, then fails like the parser', () => {
    expect(scanAll('*1\0\r\n$4\r\nPING\r\n').cmds).toEqual([]);
    expect(scanAll('PING\0\r\nPING\r\n').cmds).toEqual([]);
    expect(() => scanAll('*1\0\r\n' + 'x'.repeat(70000))).toThrow('Protocol error: too big mbulk count string');
  });
});

describe('RequestScanner: batches and buffers', () => {
  it('hands a chunk of whole commands out as a view of that chunk, without copying', () => {
    const chunk = B(mb('PING') + mb('GET', 'k'));
    const s = new RequestScanner();
    s.feed(chunk);
    while (s.next() !== null);
    const batch = s.takeComplete();
    expect(batch.buffer).toBe(chunk.buffer);
    expect(batch.byteOffset).toBe(chunk.byteOffset);
    expect(batch.length).toBe(chunk.length);
    expect(s.bufferedBytes).toBe(0);
    expect(s.takeComplete().length).toBe(0);
  });

  it('keeps a partial command out of the batch, and completes it across chunks', () => {
    const s = new RequestScanner();
    s.feed(B(mb('PING') + '*2\r\n$3\r\nGET\r\n$1\r'));
    expect(s.next()!.name).toBe('ping');
    expect(s.next()).toBeNull();
    expect(S(s.takeComplete())).toBe(mb('PING'));
    expect(s.bufferedBytes).toBe(16);
    s.feed(B('\nk\r\n' + mb('ECHO')));
    expect(s.next()).toEqual({ start: 0, end: 20, argc: 2, name: 'get', args: null });
    expect(s.next()).toEqual({ start: 20, end: 34, argc: 1, name: 'echo', args: null });
    expect(S(s.takeComplete())).toBe(mb('GET', 'k') + mb('ECHO'));
    expect(s.bufferedBytes).toBe(0);
  });

  it('keeps offsets valid when more is fed before the take, and when a take happens mid-way', () => {
    const s = new RequestScanner();
    s.feed(B(mb('A') + '*1\r\n$1'));
    const a = s.next()!;
    expect(s.next()).toBeNull();
    s.feed(B('\r\nB\r\n'));
    const b = s.next()!;
    s.feed(B(mb('C')));
    const batch = s.takeComplete();
    expect([S(batch.subarray(a.start, a.end)), S(batch.subarray(b.start, b.end))]).toEqual([mb('A'), mb('B')]);
    // Intercepting: take before looking further; the next command's offsets are in the next batch.
    const c = s.next()!;
    expect(s.takeComplete().subarray(c.start, c.end).equals(B(mb('C')))).toBe(true);
  });

  it('never rewrites handed-out bytes, however the input is chunked and whether or not takes keep up', () => {
    const input = B((mb('SET', 'k', 'v'.repeat(100)) + 'PING\r\n' + mb('GET', 'key')).repeat(200));
    let seed = 7;
    const rand = (n: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const s = new RequestScanner();
    const views: Buffer[] = [];
    const copies: Buffer[] = [];
    for (let at = 0; at < input.length; ) {
      const n = 1 + rand(3000);
      s.feed(input.subarray(at, at + n));
      at += n;
      while (s.next() !== null);
      if (rand(3) > 0) {
        const b = s.takeComplete();
        views.push(b);
        copies.push(Buffer.from(b));
      }
    }
    const last = s.takeComplete();
    views.push(last);
    copies.push(Buffer.from(last));
    views.forEach((v, i) => expect(v.equals(copies[i]!)).toBe(true));
    expect(Buffer.concat(views).equals(input)).toBe(true);
  });

  it('buffers a 64 MB bulk arriving in 64 KB reads once, in linear time, sized for the whole command', () => {
    const size = 64 * 1024 * 1024;
    const s = new RequestScanner();
    const header = `*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$${size}\r\n`;
    s.feed(B(header));
    expect(s.next()).toBeNull();
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    const start = performance.now();
    for (let sent = 0; sent < size; sent += chunk.length) {
      s.feed(chunk);
      expect(s.next()).toBeNull();
    }
    s.feed(B('\r\n' + mb('PING')));
    expect(s.next()).toEqual({ start: 0, end: header.length + size + 2, argc: 3, name: 'set', args: null });
    expect(s.next()!.name).toBe('ping');
    const batch = s.takeComplete();
    expect(performance.now() - start).toBeLessThan(5000);
    expect(batch.length).toBe(header.length + size + 2 + 14);
    // One buffer of the command's size plus slack: not a doubling of it.
    expect(batch.buffer.byteLength).toBeLessThan(size + 256 * 1024);
    expect(batch[header.length]).toBe(0x61);
    expect(batch[batch.length - 15]).toBe(10);
  });

  it('still hands out the commands before a protocol error', () => {
    const s = new RequestScanner();
    s.feed(B(mb('PING') + 'PING\r\n*1\r\n$x\r\n'));
    expect(s.next()!.name).toBe('ping');
    expect(s.next()!.name).toBe('ping');
    expect(() => s.next()).toThrow(new ProtocolError('Protocol error: invalid bulk length'));
    expect(S(s.takeComplete())).toBe(mb('PING') + 'PING\r\n');
  });

  it('applies limits and authRequired like the parser, including changes at runtime', () => {
    const s = new RequestScanner(undefined, { maxBulkLen: 5 });
    s.feed(B(mb('ECHO', 'abcde')));
    expect(s.next()!.name).toBe('echo');
    s.limits.maxBulkLen = 4;
    s.feed(B(mb('ECHO', 'abcde')));
    expect(() => s.next()).toThrow('Protocol error: invalid bulk length');
    const a = new RequestScanner();
    a.authRequired = true;
    a.feed(B(mb('AUTH', 'pw')));
    expect(a.next()!.name).toBe('auth');
    a.feed(B('*11\r\n'));
    expect(() => a.next()).toThrow('Protocol error: unauthenticated multibulk length');
  });
});

describe('RequestScanner: same results as RequestParser', () => {
  const errorCases: [string, string][] = [
    ['"abc\r\n', 'unbalanced quotes'],
    ["x 'a'b\r\n", 'unbalanced quotes (closing quote)'],
    ['*x\r\n', 'invalid multibulk length'],
    ['*01\r\n', 'invalid multibulk length'],
    ['*2147483648\r\n', 'invalid multibulk length'],
    ['*1\r\n$-1\r\n', 'invalid bulk length'],
    ['*1\r\n$536870912\r\n', 'invalid bulk length'],
    ['*1\r\n+PING\r\n', "expected '$'"],
    ['*2\r\n$4\r\nECHO\r\n\r\n', "expected '$' (CR shown as space)"],
    ['x'.repeat(64 * 1024 + 1), 'too big inline request'],
    ['*' + '1'.repeat(64 * 1024), 'too big mbulk count string'],
    ['*1\r\n$' + '1'.repeat(64 * 1024), 'too big bulk count string'],
    ['PING\0\r\n' + 'x'.repeat(70000) + '\n', 'NUL hides the newline'],
    ['*1\0\r\n$4\r\nPING\r\n', 'NUL hides the CR: waits'],
    ['*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$5\r\nval', 'incomplete at the end'],
  ];

  it.each(errorCases)('%#: %j (%s) at every split', (tail, _label) => {
    const input = B(mb('SET', 'k', 'v') + 'PING\r\n' + tail);
    expectSameAsParser([input]);
    // Split points: all of the head and the start of the tail, then strided through long tails.
    for (let i = 1; i < input.length; i += i < 200 ? 1 : 997) {
      expectSameAsParser([input.subarray(0, i), input.subarray(i)], {}, `split at ${i}`);
    }
  });

  it('agrees under unauthenticated limits and lowered limits', () => {
    const auth = { authRequired: true };
    for (const input of ['*11\r\n', '*10\r\n', mb('ECHO', 'a'.repeat(16385)), mb('ECHO', 'a'.repeat(16384)), '*1\r\n$99999999999\r\n']) {
      expectSameAsParser([B(mb('PING') + input)], auth);
    }
    const low = { limits: { maxBulkLen: 10, maxInlineLen: 20, maxMultibulkLen: 3 } };
    for (const input of [mb('A', 'B', 'C'), mb('A', 'B', 'C', 'D'), mb('E', 'x'.repeat(10)), mb('E', 'x'.repeat(11)), 'x'.repeat(21), 'x'.repeat(20), '*1\r\n$' + '1'.repeat(20)]) {
      expectSameAsParser([B(mb('PING') + input)], low);
    }
  });

  /** A deterministic stream of random requests, mostly valid, with quirks, empty requests and maybe an error. */
  function generate(seed: number): { chunks: Buffer[]; setup: Setup } {
    const rand = (n: number): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff;
      return seed % n;
    };
    const pick = <T>(xs: readonly T[]): T => xs[rand(xs.length)]!;
    const bytes = (n: number, alphabet?: string): string => {
      let s = '';
      for (let i = 0; i < n; i++) s += alphabet ? alphabet[rand(alphabet.length)] : String.fromCharCode(rand(256));
      return s;
    };
    const argOf = (): string => {
      const r = rand(100);
      if (r < 70) return bytes(rand(12), 'abcXYZ019 \r\n\0"\'\\');
      if (r < 95) return bytes(rand(400));
      return bytes(33000 + rand(8000)); // past the parser's big-argument threshold
    };
    const names = ['SET', 'get', 'Ping', 'AUTH', 'select', 'HeLLo', 'client', 'SUBSCRIBE', 'G\xc9T', ''];
    let s = '';
    const count = 1 + rand(40);
    for (let i = 0; i < count; i++) {
      const kind = rand(100);
      if (kind < 60) {
        const args = [rand(5) === 0 ? bytes(rand(6)) : pick(names)];
        for (let n = rand(6); n > 0; n--) args.push(argOf());
        let frame = `*${args.length}\r${rand(10) === 0 ? 'x' : '\n'}`;
        for (const a of args) frame += `$${a.length}\r\n${a}${rand(10) === 0 ? 'zz' : '\r\n'}`;
        s += frame;
      } else if (kind < 85) {
        const tokens = [pick(['ping', 'SET', 'Echo', 'get'])];
        for (let n = rand(5); n > 0; n--) {
          tokens.push(pick([bytes(1 + rand(8), 'abcXY\x80\xff'), `"${bytes(rand(6), 'ab \t\'')}"`, `'${bytes(rand(6), 'ab "')}'`, '"\\x41\\n"', "'it\\'s'", '""']));
        }
        s += pick([' ', '', '\t']) + tokens.join(pick([' ', '  ', '\t'])) + pick(['\r\n', '\n', ' \r\n']);
      } else if (kind < 95) {
        s += pick(['*0\r\n', '*-1\r\n', '*-3\r\n', '\r\n', '\n', '   \n', '\t\r\n']);
      } else {
        s += pick(errorCases)[0];
        break;
      }
    }
    const input = B(s);
    const chunks: Buffer[] = [];
    for (let at = 0; at < input.length; ) {
      const n = 1 + rand(pick([4, 64, 2000, 70000]));
      chunks.push(input.subarray(at, at + n));
      at += n;
    }
    const setup: Setup = rand(8) === 0 ? { authRequired: true } : rand(8) === 0 ? { limits: { maxInlineLen: 300, maxBulkLen: 1000 } } : {};
    return { chunks, setup };
  }

  it('agrees on 400 generated streams (inline, multibulk, quirks, empty requests, errors, random chunking)', () => {
    let errors = 0;
    let commands = 0;
    for (let seed = 1; seed <= 400; seed++) {
      const { chunks, setup } = generate(seed);
      const got = expectSameAsParser(chunks, setup, `seed ${seed}`);
      if (!Array.isArray(got.events)) errors++;
      commands += got.commandBytes.length;
    }
    // The generator exercises both outcomes.
    expect(errors).toBeGreaterThan(20);
    expect(commands).toBeGreaterThan(3000);
  });

  it('agrees at every split position of a mixed stream', () => {
    const input = B(
      mb('SET', 'key', 'value') +
        'ECHO "a b\\x00" \'c\'\r\n' +
        '*0\r\n\r\n' +
        mb('ECHO', ALL_BYTES) +
        '  PING  \n*-1\r\n' +
        '*1\rx$4\rxPINGxy' +
        mb('A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J', 'K', 'L') +
        mb('SET', 'k', 'x'.repeat(40000)) +
        'GET k\n',
    );
    for (let i = 1; i < input.length; i += i < 1000 || i > input.length - 1000 ? 1 : 331) {
      expectSameAsParser([input.subarray(0, i), input.subarray(i)], {}, `split at ${i}`);
    }
    const oneByOne: Buffer[] = [];
    for (let i = 0; i < 2000; i++) oneByOne.push(input.subarray(i, i + 1));
    oneByOne.push(input.subarray(2000));
    expectSameAsParser(oneByOne);
  });
});
