/**
 * Command arguments arrive as latin1 "binary strings" (one char per byte, @understudy/resp's convention);
 * the model speaks ordinary JS strings (names from a UTF-8 config file). These convert at the boundary; ASCII,
 * the usual case, passes through untouched.
 */

const NON_ASCII = /[^\x00-\x7f]/;

/** Bytes received (latin1 binary string) -> the text they encode in UTF-8. */
export function fromWire(bytes: string): string {
  return NON_ASCII.test(bytes) ? Buffer.from(bytes, 'latin1').toString('utf8') : bytes;
}

/** A JS string -> its UTF-8 bytes as a latin1 binary string, for ReplyWriter. */
export function toWire(text: string): string {
  return NON_ASCII.test(text) ? Buffer.from(text, 'utf8').toString('latin1') : text;
}
