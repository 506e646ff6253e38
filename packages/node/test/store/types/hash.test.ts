import { describe, expect, it } from 'vitest';
import { HashValue } from '../../../src/store/types/hash.js';

const BIG = 1_000_000;

function hashOf(pairs: [string, string][], maxEntries = BIG, maxValue = BIG): HashValue {
  const hash = new HashValue();
  for (const [field, value] of pairs) hash.set(field, value, maxEntries, maxValue);
  return hash;
}

describe('HashValue', () => {
  it('sets, updates, reads and deletes fields', () => {
    const hash = new HashValue();
    expect(hash.set('a', '1', BIG, BIG)).toBe(true);
    expect(hash.set('b', '2', BIG, BIG)).toBe(true);
    expect(hash.set('a', '3', BIG, BIG)).toBe(false);
    expect(hash.get('a')).toBe('3');
    expect(hash.get('missing')).toBeUndefined();
    expect(hash.size).toBe(2);
    expect(hash.delete('a')).toBe(true);
    expect(hash.delete('a')).toBe(false);
    expect(hash.has('a')).toBe(false);
    expect([...hash.pairs()]).toEqual([['b', '2']]);
  });

  it('is a listpack within the limits and a hashtable past either of them, never going back', () => {
    const hash = new HashValue();
    hash.set('a', '1', 2, 4);
    hash.set('b', '1234', 2, 4);
    expect(hash.encoding).toBe('listpack');
    hash.set('c', '1', 2, 4);
    expect(hash.encoding).toBe('hashtable');
    hash.delete('c');
    hash.delete('b');
    expect(hash.encoding).toBe('hashtable');

    const long = new HashValue();
    long.set('abcde', '1', 10, 4);
    expect(long.encoding).toBe('hashtable');
    const longValue = new HashValue();
    longValue.set('a', '12345', 10, 4);
    expect(longValue.encoding).toBe('hashtable');
  });

  it('keeps insertion order across deletes while a listpack, and every field reachable after hashtable deletes', () => {
    const small = hashOf([['a', '1'], ['b', '2'], ['c', '3'], ['d', '4']]);
    small.delete('b');
    expect([...small.pairs()]).toEqual([['a', '1'], ['c', '3'], ['d', '4']]);
    expect(small.get('d')).toBe('4');

    const big = hashOf(Array.from({ length: 100 }, (_, i) => [`f${i}`, `v${i}`] as [string, string]), 10);
    expect(big.encoding).toBe('hashtable');
    for (let i = 0; i < 100; i += 3) big.delete(`f${i}`);
    for (let i = 0; i < 100; i++) expect(big.get(`f${i}`)).toBe(i % 3 === 0 ? undefined : `v${i}`);
    const slots = new Map<string, string>();
    for (let s = 0; s < big.size; s++) slots.set(big.fieldAt(s), big.valueAt(s));
    expect(slots).toEqual(new Map(big.pairs()));
    expect(slots.size).toBe(66);
  });

  it('digests equal content equally whatever the order, history or encoding', () => {
    const one = hashOf([['a', '1'], ['b', '2']]);
    const two = hashOf([['b', '2'], ['x', 'y'], ['a', '0']], 1);
    two.set('a', '1', 1, BIG);
    two.delete('x');
    expect(two.encoding).toBe('hashtable');
    expect(one.digest()).toEqual(two.digest());
    expect(hashOf([['ab', 'c']]).digest()).not.toEqual(hashOf([['a', 'bc']]).digest());
    expect(hashOf([['a', '1']]).digest()).not.toEqual(one.digest());
  });

  it('clones into an independent copy with the same encoding', () => {
    const hash = hashOf([['a', '1'], ['b', '2'], ['c', '3']], 2);
    const copy = hash.clone();
    expect(copy.encoding).toBe('hashtable');
    copy.set('a', 'changed', 2, BIG);
    copy.delete('b');
    expect(hash.get('a')).toBe('1');
    expect(hash.get('b')).toBe('2');
    expect([...copy.pairs()].sort()).toEqual([['a', 'changed'], ['c', '3']]);
  });

  it('picks random slots within the hash', () => {
    const hash = hashOf([['a', '1'], ['b', '2'], ['c', '3']]);
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) seen.add(hash.fieldAt(hash.randomSlot()));
    expect([...seen].sort()).toEqual(['a', 'b', 'c']);
  });
});
