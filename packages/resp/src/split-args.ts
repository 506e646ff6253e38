/**
 * sds.c's quoting, as Redis applies it to config-file lines and command-line options (and redis-cli to what
 * it reads): sdssplitargs() splits a line into arguments, sdscatrepr() quotes one back. Both work on byte
 * strings (one code unit per byte, latin1), as Redis works on `char*`.
 */

/** C isspace() in the "C" locale. */
function isSpace(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d);
}

function hexVal(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x61 + 10;
  if (c >= 0x41 && c <= 0x46) return c - 0x41 + 10;
  return -1;
}

/**
 * sds.c sdssplitargs(): split a line into arguments. Double quotes support \n \r \t \b \a \xHH and
 * backslash-anything escapes; single quotes only support \'. A closing quote must be followed by a space or
 * the end of the line. Returns null on unbalanced quotes. The line ends at a NUL, as a C string does; \xHH
 * yields one code unit.
 */
export function splitArgs(input: string): string[] | null {
  const nul = input.indexOf('\0');
  const line = nul === -1 ? input : input.slice(0, nul);
  const len = line.length;
  const out: string[] = [];
  let p = 0;
  const at = (i: number): number => (i < len ? line.charCodeAt(i) : 0);
  for (;;) {
    while (p < len && isSpace(at(p))) p++;
    if (p >= len) return out;
    let inq = false;
    let insq = false;
    let done = false;
    let cur = '';
    while (!done) {
      const c = at(p);
      if (inq) {
        if (c === 0x5c /* \ */ && at(p + 1) === 0x78 /* x */ && hexVal(at(p + 2)) >= 0 && hexVal(at(p + 3)) >= 0) {
          cur += String.fromCharCode(hexVal(at(p + 2)) * 16 + hexVal(at(p + 3)));
          p += 3;
        } else if (c === 0x5c && at(p + 1) !== 0) {
          p++;
          const e = at(p);
          switch (e) {
            case 0x6e:
              cur += '\n';
              break;
            case 0x72:
              cur += '\r';
              break;
            case 0x74:
              cur += '\t';
              break;
            case 0x62:
              cur += '\b';
              break;
            case 0x61:
              cur += '\x07';
              break;
            default:
              cur += String.fromCharCode(e);
          }
        } else if (c === 0x22 /* " */) {
          if (at(p + 1) !== 0 && !isSpace(at(p + 1))) return null;
          done = true;
        } else if (c === 0) {
          return null;
        } else {
          cur += String.fromCharCode(c);
        }
      } else if (insq) {
        if (c === 0x5c && at(p + 1) === 0x27 /* ' */) {
          p++;
          cur += "'";
        } else if (c === 0x27) {
          if (at(p + 1) !== 0 && !isSpace(at(p + 1))) return null;
          done = true;
        } else if (c === 0) {
          return null;
        } else {
          cur += String.fromCharCode(c);
        }
      } else {
        switch (c) {
          case 0x20:
          case 0x0a:
          case 0x0d:
          case 0x09:
          case 0:
            done = true;
            break;
          case 0x22:
            inq = true;
            break;
          case 0x27:
            insq = true;
            break;
          default:
            cur += String.fromCharCode(c);
        }
      }
      if (p < len) p++;
    }
    out.push(cur);
  }
}

/** sds.c sdscatrepr(): quoted, escaped representation of a byte string. */
export function catRepr(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    switch (c) {
      case 0x5c:
        out += '\\\\';
        break;
      case 0x22:
        out += '\\"';
        break;
      case 0x0a:
        out += '\\n';
        break;
      case 0x0d:
        out += '\\r';
        break;
      case 0x09:
        out += '\\t';
        break;
      case 0x07:
        out += '\\a';
        break;
      case 0x08:
        out += '\\b';
        break;
      default:
        if (c >= 0x20 && c <= 0x7e) out += String.fromCharCode(c);
        else out += '\\x' + (c & 0xff).toString(16).padStart(2, '0');
    }
  }
  return out + '"';
}

/**
 * An argument (text, not bytes) as a config line spells it in a message: bare when splitArgs gives it back
 * whole, else sdscatrepr of its UTF-8 bytes.
 */
export function quoteArg(text: string): string {
  if (text !== '' && !/[\s"'\\]/.test(text) && !/[^\x20-\x7e]/.test(text)) return text;
  return catRepr(Buffer.from(text, 'utf8').toString('latin1'));
}
