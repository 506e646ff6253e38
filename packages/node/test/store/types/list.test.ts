import { describe, expect, it } from 'vitest';
import { ListValue } from '../../../src/store/types/list.js';

/** A reference model: the same operations on a plain array. */
function model(list: ListValue): string[] {
  return list.toArray();
}

describe('ListValue (ring buffer deque)', () => {
  it('pushes and pops at both ends across growth and wrap-around', () => {
    const list = new ListValue();
    const ref: string[] = [];
    for (let i = 0; i < 100; i++) {
      if (i % 3 === 0) {
        list.pushHead(`h${i}`);
        ref.unshift(`h${i}`);
      } else {
        list.pushTail(`t${i}`);
        ref.push(`t${i}`);
      }
    }
    expect(model(list)).toEqual(ref);
    expect(list.length).toBe(100);
    for (let i = 0; i < 40; i++) {
      expect(list.popHead()).toBe(ref.shift());
      expect(list.popTail()).toBe(ref.pop());
    }
    expect(model(list)).toEqual(ref);
    while (list.length > 0) expect(list.popHead()).toBe(ref.shift());
    expect(list.popHead()).toBeUndefined();
    expect(list.popTail()).toBeUndefined();
  });

  it('indexes, replaces and returns ranges (forward and reversed)', () => {
    const list = new ListValue(['a', 'b', 'c', 'd']);
    list.pushHead('z');
    expect(list.at(0)).toBe('z');
    expect(list.at(4)).toBe('d');
    list.setAt(2, 'B');
    expect(list.range(1, 3)).toEqual(['a', 'B', 'c']);
    expect(list.range(1, 3, true)).toEqual(['c', 'B', 'a']);
  });

  it('inserts in the middle from either side', () => {
    for (let at = 0; at <= 9; at++) {
      const base = ['0', '1', '2', '3', '4', '5', '6', '7', '8'];
      const list = new ListValue(base);
      list.popHead(); // move the head off slot 0 so the ring wraps
      list.pushHead('0');
      list.insertAt(at, 'x');
      const ref = [...base];
      ref.splice(at, 0, 'x');
      expect(model(list)).toEqual(ref);
    }
    expect(new ListValue(['a', 'b', 'a']).indexOf('a')).toBe(0);
    expect(new ListValue(['a']).indexOf('q')).toBe(-1);
  });

  it('removes matches from the head or the tail, with or without a limit', () => {
    const items = ['a', 'x', 'b', 'x', 'c', 'x', 'd'];
    const all = new ListValue(items);
    expect(all.removeMatching('x', 0, false)).toBe(3);
    expect(model(all)).toEqual(['a', 'b', 'c', 'd']);

    const head = new ListValue(items);
    expect(head.removeMatching('x', 2, false)).toBe(2);
    expect(model(head)).toEqual(['a', 'b', 'c', 'x', 'd']);

    const tail = new ListValue(items);
    expect(tail.removeMatching('x', 2, true)).toBe(2);
    expect(model(tail)).toEqual(['a', 'x', 'b', 'c', 'd']);
    tail.pushHead('first');
    tail.pushTail('last');
    expect(model(tail)).toEqual(['first', 'a', 'x', 'b', 'c', 'd', 'last']);
  });

  it('trims both ends and shrinks its buffer when drained', () => {
    const list = new ListValue(Array.from({ length: 1000 }, (_, i) => String(i)));
    list.trim(10, 985);
    expect(model(list)).toEqual(['10', '11', '12', '13', '14']);
    const capacity = (list as unknown as { items: unknown[] }).items.length;
    expect(capacity).toBeLessThanOrEqual(32);
  });

  it('clones independently and digests by content and order only', () => {
    const a = new ListValue(['x', 'y', 'z']);
    const b = new ListValue();
    b.pushTail('y');
    b.pushHead('x');
    b.pushTail('q');
    b.popTail();
    b.pushTail('z');
    expect(b.digest().equals(a.digest())).toBe(true);
    expect(new ListValue(['z', 'y', 'x']).digest().equals(a.digest())).toBe(false);
    // Element boundaries count: ["ab","c"] is not ["a","bc"].
    expect(new ListValue(['ab', 'c']).digest().equals(new ListValue(['a', 'bc']).digest())).toBe(false);
    const copy = a.clone();
    copy.pushTail('w');
    expect(a.length).toBe(3);
    expect(copy.type).toBe('list');
    expect(copy.encoding).toBe('quicklist');
  });
});
