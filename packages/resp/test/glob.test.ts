import { describe, expect, it } from 'vitest';
import { globMatch, globMatchBytes } from '../src/glob.js';

/**
 * Literal transcription of Redis 7.0.15 util.c stringmatchlen_impl() (recursive,
 * with skipLongerMatches), over byte arrays with a NUL terminator like a C string.
 * Used as the oracle for differential testing.
 */
function referenceMatch(patternStr: string, textStr: string, nocase: boolean): boolean {
  const P = [...Buffer.from(patternStr, 'latin1'), 0];
  const S = [...Buffer.from(textStr, 'latin1'), 0];
  const sc = (b: number) => (b >= 128 ? b - 256 : b); /* signed char */
  const lower = (c: number) => (c >= 65 && c <= 90 ? c + 32 : c);
  const skip = { v: false };
  function impl(p0: number, plen0: number, s0: number, slen0: number): boolean {
    let p = p0;
    let patternLen = plen0;
    let s = s0;
    let stringLen = slen0;
    while (patternLen && stringLen) {
      switch (P[p]) {
        case 42 /* * */: {
          while (patternLen && P[p + 1] === 42) {
            p++;
            patternLen--;
          }
          if (patternLen === 1) return true;
          while (stringLen) {
            if (impl(p + 1, patternLen - 1, s, stringLen)) return true;
            if (skip.v) return false;
            s++;
            stringLen--;
          }
          skip.v = true;
          return false;
        }
        case 63 /* ? */:
          s++;
          stringLen--;
          break;
        case 91 /* [ */: {
          p++;
          patternLen--;
          const not = P[p] === 94;
          if (not) {
            p++;
            patternLen--;
          }
          let match = false;
          for (;;) {
            if (P[p] === 92 && patternLen >= 2) {
              p++;
              patternLen--;
              if (P[p] === S[s]) match = true;
            } else if (P[p] === 93) {
              break;
            } else if (patternLen === 0) {
              p--;
              patternLen++;
              break;
            } else if (patternLen >= 3 && P[p + 1] === 45) {
              let start = sc(P[p]!);
              let end = sc(P[p + 2]!);
              let c = sc(S[s]!);
              if (start > end) [start, end] = [end, start];
              if (nocase) {
                start = lower(start);
                end = lower(end);
                c = lower(c);
              }
              p += 2;
              patternLen -= 2;
              if (c >= start && c <= end) match = true;
            } else if (!nocase) {
              if (P[p] === S[s]) match = true;
            } else if (lower(P[p]!) === lower(S[s]!)) {
              match = true;
            }
            p++;
            patternLen--;
          }
          if (not) match = !match;
          if (!match) return false;
          s++;
          stringLen--;
          break;
        }
        default: {
          if (P[p] === 92 && patternLen >= 2) {
            p++;
            patternLen--;
          }
          if (!nocase ? P[p] !== S[s] : lower(P[p]!) !== lower(S[s]!)) return false;
          s++;
          stringLen--;
          break;
        }
      }
      p++;
      patternLen--;
      if (stringLen === 0) {
        while (P[p] === 42) {
          p++;
          patternLen--;
        }
        break;
      }
    }
    return patternLen === 0 && stringLen === 0;
  }
  return impl(0, P.length - 1, 0, S.length - 1);
}

describe('globMatch', () => {
  const cases: [string, string, boolean, boolean?][] = [
    ['*', '', false], // Redis: the loop never runs on an empty string (KEYS special-cases "*")
    ['*', 'anything', true],
    ['', '', true],
    ['', 'a', false],
    ['a', '', false],
    ['h?llo', 'hello', true],
    ['h?llo', 'hllo', false],
    ['h*llo', 'hllo', true],
    ['h*llo', 'heeeello', true],
    ['h[ae]llo', 'hello', true],
    ['h[ae]llo', 'hallo', true],
    ['h[ae]llo', 'hillo', false],
    ['h[^e]llo', 'hallo', true],
    ['h[^e]llo', 'hello', false],
    ['h[a-b]llo', 'hbllo', true],
    ['h[a-b]llo', 'hcllo', false],
    ['h[b-a]llo', 'hallo', true], // reversed range
    ['h\\*llo', 'h*llo', true],
    ['h\\*llo', 'hello', false],
    ['[\\]]', ']', true],
    ['[\\-]', '-', true],
    ['a[', 'a', false],
    ['a[b', 'ab', true], // unterminated set closes at the end
    ['[a-]', ']', true], // `a-]` is a range up to ']'
    ['[a-]', 'a', true],
    ['[a-]', 'b', false], // 93..97 after swapping
    ['abc\\', 'abc\\', true], // trailing backslash is literal
    ['*a', 'ba', true],
    ['*a', 'b', false],
    ['a*', 'a', true],
    ['a**b', 'ab', true],
    ['a*b*c', 'abxbc', true],
    ['a*b*c', 'abxbd', false],
    ['*?', '', false],
    ['?*', 'x', true],
    ['MAXMEMORY*', 'maxmemory-policy', true, true],
    ['maxmemory*', 'MAXMEMORY', false, false],
    ['[A-Z]', 'q', true, true],
    ['[a-z]', 'Q', true, true],
    ['*of', 'slaveof', true],
    ['*of', 'replicaof', true],
  ];
  it.each(cases)('%j vs %j -> %s', (pattern, text, expected, nocase = false) => {
    expect(globMatch(pattern, text, nocase)).toBe(expected);
    expect(referenceMatch(pattern, text, nocase)).toBe(expected);
  });

  it('agrees with the Redis algorithm on random inputs (differential fuzz)', () => {
    let seed = 12345;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const alphabet = ['a', 'b', 'A', '*', '?', '[', ']', '^', '-', '\\', 'z', '\xe9', '\x80'];
    const textAlphabet = ['a', 'b', 'A', 'z', '-', ']', '\\', '*', '\xe9', '\x80', '\xff'];
    let matches = 0;
    for (let iter = 0; iter < 40000; iter++) {
      let p = '';
      let s = '';
      const pl = rand(9);
      const sl = rand(9);
      for (let i = 0; i < pl; i++) p += alphabet[rand(alphabet.length)];
      for (let i = 0; i < sl; i++) s += textAlphabet[rand(textAlphabet.length)];
      const nocase = rand(2) === 1;
      const want = referenceMatch(p, s, nocase);
      if (want) matches++;
      if (globMatch(p, s, nocase) !== want) {
        throw new Error(`mismatch for pattern ${JSON.stringify(p)} text ${JSON.stringify(s)} nocase=${nocase}`);
      }
      const pb = Buffer.from(p, 'latin1');
      const sb = Buffer.from(s, 'latin1');
      expect(globMatchBytes(pb, sb, nocase)).toBe(want);
    }
    expect(matches).toBeGreaterThan(100);
  });

  it('does not blow up on pathological patterns', () => {
    const text = 'a'.repeat(5000);
    const pattern = '*a'.repeat(2000) + 'b';
    const t0 = Date.now();
    expect(globMatch(pattern, text)).toBe(false);
    expect(globMatch('a*'.repeat(3000) + 'a', text)).toBe(true);
    expect(Date.now() - t0).toBeLessThan(2000);
  });

  it('handles very long star sequences without recursion', () => {
    const pattern = '*x'.repeat(100000);
    expect(globMatch(pattern, 'x'.repeat(100000))).toBe(true);
    expect(globMatch(pattern, 'x'.repeat(99999))).toBe(false);
  });

  it('compares high bytes as signed chars in ranges, like x86 Redis', () => {
    // [a-\xe9]: 'a' (97) .. -23 -> swapped to -23..97, so '\x80' (-128) is outside, 'Z' (90) inside
    expect(globMatch('[a-\xe9]', 'Z')).toBe(true);
    expect(globMatch('[a-\xe9]', '\x80')).toBe(false);
    expect(globMatchBytes(Buffer.from([0x5b, 0x61, 0x2d, 0xe9, 0x5d]), Buffer.from([0x5a]))).toBe(true);
  });
});


describe('globMatch: cases checked against redis-server KEYS (pub/sub channel patterns)', () => {
  const cases: [string, string, boolean][] = [
    ['*', '+switch-master', true],
    ['+s*', '+sdown', true],
    ['+s*', '-sdown', false],
    ['+?down', '+sdown', true],
    ['+?down', '+odown', true],
    ['+?down', '+down', false],
    ['[-+]sdown', '-sdown', true],
    // As Redis reads it (checked against redis-server's KEYS): "+-]" is a range, the rest stays in the class.
    ['[+-]sdown', '-sdown', false],
    ['[+-]sdown', ']', true],
    ['[+\\-]sdown', '-sdown', true],
    ['[^+]sdown', '+sdown', false],
    ['[a-c]x', 'bx', true],
    ['[c-a]x', 'bx', true],
    ['[a-c]x', 'dx', false],
    ['\\*', '*', true],
    ['\\*', 'a', false],
    ['[\\]]', ']', true],
    ['a*b*c', 'aXXbYYc', true],
    ['a*b*c', 'aXXbYY', false],
    ['*a*a*a*a*a*a*a*a*b', 'a'.repeat(60), false],
    // Quirks kept from Redis: '*' does not match the empty string; an unclosed class matches its contents.
    ['*', '', false],
    ['', '', true],
    ['[abc', 'b', true],
    ['x*', 'x', true],
  ];
  for (const [pattern, text, expected] of cases) {
    it(`${JSON.stringify(pattern)} ${expected ? 'matches' : 'does not match'} ${JSON.stringify(text)}`, () => {
      expect(globMatch(pattern, text)).toBe(expected);
    });
  }

  it('nocase', () => {
    expect(globMatch('ANNOUNCE-*', 'announce-ip', true)).toBe(true);
    expect(globMatch('ANNOUNCE-*', 'announce-ip')).toBe(false);
  });
});
