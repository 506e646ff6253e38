/**
 * Redis glob-style matching (util.c stringmatchlen() of Redis 7.0.15).
 *
 * Supported: `*`, `?`, `[abc]`, `[^abc]`, `[a-z]` (reversed ranges allowed),
 * `\x` escapes (also inside brackets). Quirks kept on purpose, because they
 * are observable through KEYS / SCAN MATCH / PSUBSCRIBE / CONFIG GET:
 * - an unterminated `[...` set is closed at the end of the pattern;
 * - `[a-]` is a range from `a` to `]`;
 * - a trailing `\` matches a literal backslash;
 * - bytes 0x80..0xff compare as signed chars in ranges (x86 `char`).
 *
 * Redis 7.0 bounds the cost of `*` with the "skipLongerMatches" rule: once the
 * rest of the pattern after a `*` failed to match at every later position,
 * no earlier `*` can succeed either. That makes the recursive algorithm behave
 * like the classic single-backtrack-point matcher, which is what this
 * implementation does iteratively: O(|pattern| * |text|) time, O(1) stack, so
 * no blow-up and no stack overflow on patterns with many stars.
 */

type CodeAt = (i: number) => number;

function lower(c: number): number {
  return c >= 0x41 && c <= 0x5a ? c + 32 : c;
}

/** x86 `char` is signed: bytes >= 0x80 are negative in range comparisons. */
function signedChar(c: number): number {
  return c >= 0x80 && c <= 0xff ? c - 256 : c;
}

const STAR = 0x2a;
const QMARK = 0x3f;
const LBRACKET = 0x5b;
const RBRACKET = 0x5d;
const BACKSLASH = 0x5c;
const CARET = 0x5e;
const DASH = 0x2d;

function matchCore(pc: CodeAt, plen: number, sc: CodeAt, slen: number, nocase: boolean): boolean {
  let p = 0;
  let s = 0;
  /* Single backtrack point: pattern index just after the last `*` seen and
   * the text index the rest of the pattern is currently being tried at. */
  let starP = -1;
  let starS = 0;

  for (;;) {
    /* Run one attempt of the pattern from (p, s). `ok` is the result of the
     * attempt: true = whole match, false = this attempt failed. */
    let ok: boolean | undefined;
    attempt: while (p < plen && s < slen) {
      const ch = pc(p);
      switch (ch) {
        case STAR: {
          while (p < plen && pc(p + 1) === STAR) p++;
          if (plen - p === 1) return true;
          starP = p + 1;
          starS = s;
          p = starP;
          continue attempt;
        }
        case QMARK:
          s++;
          break;
        case LBRACKET: {
          p++;
          const not = pc(p) === CARET;
          if (not) p++;
          let match = false;
          for (;;) {
            if (pc(p) === BACKSLASH && plen - p >= 2) {
              p++;
              if (pc(p) === sc(s)) match = true;
            } else if (pc(p) === RBRACKET) {
              break;
            } else if (p >= plen) {
              p--;
              break;
            } else if (plen - p >= 3 && pc(p + 1) === DASH) {
              let start = signedChar(pc(p));
              let end = signedChar(pc(p + 2));
              let c = signedChar(sc(s));
              if (start > end) {
                const t = start;
                start = end;
                end = t;
              }
              if (nocase) {
                start = lower(start);
                end = lower(end);
                c = lower(c);
              }
              p += 2;
              if (c >= start && c <= end) match = true;
            } else if (!nocase) {
              if (pc(p) === sc(s)) match = true;
            } else if (lower(pc(p)) === lower(sc(s))) {
              match = true;
            }
            p++;
          }
          if (not) match = !match;
          if (!match) {
            ok = false;
            break attempt;
          }
          s++;
          break;
        }
        default: {
          if (ch === BACKSLASH && plen - p >= 2) p++;
          const a = pc(p);
          const b = sc(s);
          if (nocase ? lower(a) !== lower(b) : a !== b) {
            ok = false;
            break attempt;
          }
          s++;
          break;
        }
      }
      p++;
      if (s === slen) {
        while (pc(p) === STAR) p++;
        break;
      }
    }
    if (ok === undefined) ok = p >= plen && s === slen;
    if (ok) return true;
    /* Backtrack to the last star, trying the rest one character later. */
    if (starP < 0) return false;
    starS++;
    if (starS >= slen) return false;
    p = starP;
    s = starS;
  }
}

/**
 * Match `text` against the Redis glob `pattern`. Strings are compared per
 * UTF-16 code unit; pass byte strings (latin1) for exact byte semantics.
 */
export function globMatch(pattern: string, text: string, nocase = false): boolean {
  const plen = pattern.length;
  const slen = text.length;
  return matchCore(
    (i) => (i >= 0 && i < plen ? pattern.charCodeAt(i) : -1),
    plen,
    (i) => (i < slen ? text.charCodeAt(i) : -1),
    slen,
    nocase,
  );
}

/** Same as globMatch() over raw bytes. */
export function globMatchBytes(pattern: Uint8Array, text: Uint8Array, nocase = false): boolean {
  const plen = pattern.length;
  const slen = text.length;
  return matchCore(
    (i) => (i >= 0 && i < plen ? pattern[i]! : -1),
    plen,
    (i) => (i < slen ? text[i]! : -1),
    slen,
    nocase,
  );
}
