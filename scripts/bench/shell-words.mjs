// Split a command string into argv words, POSIX-shell style (quotes and
// backslashes only: no variables, globs or operators). Used for
// --understudy-cmd and --node-args, so that `--save ""` yields an empty word
// and the spawned process is the server itself (its pid is the one we sample).

/**
 * @param {string} str
 * @returns {string[]}
 */
export function splitWords(str) {
  const words = [];
  let cur = '';
  let inWord = false;
  /** @type {null | "'" | '"'} */
  let quote = null;
  for (let i = 0; i < str.length; i++) {
    const ch = str[i];
    if (quote === "'") {
      if (ch === "'") quote = null;
      else cur += ch;
      continue;
    }
    if (quote === '"') {
      if (ch === '"') quote = null;
      else if (ch === '\\' && i + 1 < str.length && '"\\$`'.includes(str[i + 1])) cur += str[++i];
      else cur += ch;
      continue;
    }
    if (ch === "'" || ch === '"') {
      quote = ch;
      inWord = true;
      continue;
    }
    if (ch === '\\' && i + 1 < str.length) {
      cur += str[++i];
      inWord = true;
      continue;
    }
    if (/\s/.test(ch)) {
      if (inWord) words.push(cur);
      cur = '';
      inWord = false;
      continue;
    }
    cur += ch;
    inWord = true;
  }
  if (quote) throw new Error(`unterminated ${quote} quote in: ${str}`);
  if (inWord) words.push(cur);
  return words;
}
