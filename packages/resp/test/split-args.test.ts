import { describe, expect, it } from 'vitest';
import { catRepr, quoteArg, splitArgs } from '../src/split-args.js';

describe('splitArgs (sdssplitargs)', () => {
  it('splits on blanks', () => {
    expect(splitArgs('  port   6379 ')).toEqual(['port', '6379']);
    expect(splitArgs('  sentinel  monitor "my master"\t127.0.0.1 6379 2 ')).toEqual(['sentinel', 'monitor', 'my master', '127.0.0.1', '6379', '2']);
    expect(splitArgs('')).toEqual([]);
    expect(splitArgs('   ')).toEqual([]);
  });
  it('handles double quotes and escapes', () => {
    expect(splitArgs('set "a b" "\\n\\r\\t\\b\\a\\\\\\"\\x41\\xzz"')).toEqual(['set', 'a b', '\n\r\t\b\x07\\"Axzz']);
    expect(splitArgs('""')).toEqual(['']);
    expect(splitArgs('a ""')).toEqual(['a', '']);
    expect(splitArgs('a "" b')).toEqual(['a', '', 'b']);
    expect(splitArgs('"\\xe2\\x82\\xac"')).toEqual(['\xe2\x82\xac']);
  });
  it('handles single quotes: only \\\' is an escape there', () => {
    expect(splitArgs("'it\\'s' 'a\\nb'")).toEqual(["it's", 'a\\nb']);
    expect(splitArgs('"a\\nb\\t\\x41\\x4g\\"" \'it\\\'s\' \'x\\ny\'')).toEqual(['a\nb\tAx4g"', "it's", 'x\\ny']);
  });
  it('joins an unquoted prefix with a quoted part, which ends the token', () => {
    expect(splitArgs('foo"bar baz"')).toEqual(['foobar baz']);
    expect(splitArgs('ab"c d" e')).toEqual(['abc d', 'e']);
  });
  it('rejects unbalanced quotes and quotes followed by a non-blank', () => {
    expect(splitArgs('"abc')).toBeNull();
    expect(splitArgs("'abc")).toBeNull();
    expect(splitArgs('"a"b')).toBeNull();
    expect(splitArgs("'a'b")).toBeNull();
    expect(splitArgs('"abc"def')).toBeNull();
    expect(splitArgs("'abc'def")).toBeNull();
  });
  it('stops at NUL like a C string', () => {
    expect(splitArgs('a b\0c d')).toEqual(['a', 'b']);
  });
});

describe('catRepr (sdscatrepr)', () => {
  it('escapes like sdscatrepr', () => {
    expect(catRepr('bar')).toBe('"bar"');
    expect(catRepr('a"b\\c\n\r\t\x07\b\x01\xff ')).toBe('"a\\"b\\\\c\\n\\r\\t\\a\\b\\x01\\xff "');
    expect(splitArgs(catRepr('a"b\\c\n\x01\xff'))).toEqual(['a"b\\c\n\x01\xff']);
  });
});

describe('quoteArg', () => {
  it('leaves plain arguments bare and quotes the rest so they split back to themselves', () => {
    for (const arg of ['plain', '', 'a b', 'q"uote', "it's", 'back\\slash', 'tab\there', 'nl\n', '\x01']) {
      const quoted = quoteArg(arg);
      expect(splitArgs(quoted)).toEqual([arg]);
    }
    expect(quoteArg('plain')).toBe('plain');
    expect(quoteArg('a b')).toBe('"a b"');
  });
  it('quotes text beyond ASCII as its UTF-8 bytes', () => {
    expect(quoteArg('€')).toBe('"\\xe2\\x82\\xac"');
    expect(splitArgs(quoteArg('€'))).toEqual([Buffer.from('€', 'utf8').toString('latin1')]);
  });
});
