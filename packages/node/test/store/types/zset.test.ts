import { describe, expect, it } from 'vitest';
import { buildZSet, zsetPairs, ZSetValue } from '../../../src/store/types/zset.js';

const LIMITS = { maxEntries: 128, maxValue: 64 };

/** A deterministic PRNG so a failure replays. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function modelOrder(model: Map<string, number>): [string, number][] {
  return [...model].sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

function rangeOf(zset: ZSetValue, from: number, to: number, reverse: boolean): [string, number][] {
  const out: [string, number][] = [];
  zset.range(from, to, reverse, (m, s) => void out.push([m, s]));
  return out;
}

describe('ZSetValue (counted B+tree + Map)', () => {
  it('keeps order, ranks and counts equal to a sorted model through random inserts, updates and deletes', () => {
    const random = prng(7);
    const zset = new ZSetValue();
    const model = new Map<string, number>();
    for (let step = 0; step < 30000; step++) {
      const member = `m${Math.floor(random() * 5000)}`;
      if (random() < 0.35) {
        expect(zset.remove(member)).toBe(model.delete(member));
      } else {
        const score = Math.floor(random() * 200) - 100;
        expect(zset.set(member, score)).toBe(!model.has(member));
        model.set(member, score);
      }
      if (step % 2500 === 0 || step === 29999) {
        const order = modelOrder(model);
        expect(zset.size).toBe(order.length);
        expect([...zsetPairs(zset)]).toEqual(order);
        expect(rangeOf(zset, 0, order.length - 1, true)).toEqual([...order].reverse());
        for (let i = 0; i < order.length; i += 97) {
          expect(zset.rank(order[i]![0])).toBe(i);
          expect(zset.memberAt(i)).toBe(order[i]![0]);
        }
        for (const probe of [-101, -50, 0, 3, 99, 100]) {
          expect(zset.countScoresBelow(probe, false)).toBe(order.filter(([, s]) => s < probe).length);
          expect(zset.countScoresBelow(probe, true)).toBe(order.filter(([, s]) => s <= probe).length);
        }
        if (order.length > 21) expect(rangeOf(zset, 10, 20, false)).toEqual(order.slice(10, 21));
      }
    }
    expect(zset.rank('absent')).toBe(-1);
  });

  it('stays consistent when the tree grows several levels and shrinks back', () => {
    const random = prng(11);
    const zset = new ZSetValue();
    const n = 40000;
    for (let i = 0; i < n; i++) zset.set(`m${i}`, Math.floor(random() * 1000));
    const order = [...zsetPairs(zset)];
    for (let i = 1; i < order.length; i++) expect(order[i - 1]![1] <= order[i]![1]).toBe(true);
    for (let i = 0; i < n; i += 1234) expect(zset.rank(order[i]![0])).toBe(i);
    for (let i = 0; i < n; i += 2) zset.remove(order[i]![0]);
    const left = order.filter((_, i) => i % 2 === 1);
    expect([...zsetPairs(zset)]).toEqual(left);
    for (let i = 0; i < left.length; i += 777) expect(zset.memberAt(i)).toBe(left[i]![0]);
    for (const [m] of left) zset.remove(m);
    expect(zset.size).toBe(0);
    expect([...zsetPairs(zset)]).toEqual([]);
    zset.set('again', 1);
    expect(zset.rank('again')).toBe(0);
  });

  it('stays ordered through ascending, descending and interleaved runs of inserts (edge splits, sibling sharing)', () => {
    const zset = new ZSetValue();
    const model = new Map<string, number>();
    const add = (member: string, score: number): void => {
      expect(zset.set(member, score)).toBe(!model.has(member));
      model.set(member, score);
    };
    for (let i = 0; i < 12000; i++) add(`up${i}`, i); // appended: the last leaf splits at its end
    for (let i = 0; i < 12000; i++) add(`down${i}`, -1 - i); // prepended: the first leaf splits at its start
    // Five ascending runs interleaved: inserts land at the end of leaves in the middle, next to fuller ones.
    for (let i = 0; i < 6000; i++) add(`run${i}`, (i % 5) * 3000 + Math.floor(i / 5) + 0.5);
    const check = (): void => {
      const order = modelOrder(model);
      expect(zset.size).toBe(order.length);
      expect([...zsetPairs(zset)]).toEqual(order);
      for (let i = 0; i < order.length; i += 331) {
        expect(zset.rank(order[i]![0])).toBe(i);
        expect(zset.memberAt(i)).toBe(order[i]![0]);
      }
      expect(zset.countScoresBelow(0, false)).toBe(order.filter(([, s]) => s < 0).length);
      expect(rangeOf(zset, 5000, 5100, true)).toEqual(order.slice(5000, 5101).reverse());
    };
    check();
    const random = prng(3);
    for (const member of [...model.keys()]) {
      if (random() < 0.6) {
        expect(zset.remove(member)).toBe(true);
        model.delete(member);
      }
    }
    check();
    for (let i = 0; i < 3000; i++) add(`again${i}`, Math.floor(random() * 30000) - 12000);
    check();
  });

  it('counts members lexically when all scores are equal', () => {
    const zset = new ZSetValue();
    const members = Array.from({ length: 1000 }, (_, i) => `k${String(i).padStart(4, '0')}`);
    for (const m of [...members].reverse()) zset.set(m, 0);
    expect(zset.countMembersBelow('k0500', false)).toBe(500);
    expect(zset.countMembersBelow('k0500', true)).toBe(501);
    expect(zset.countMembersBelow('k05', true)).toBe(500);
    expect(zset.countMembersBelow('', false)).toBe(0);
    expect(zset.countMembersBelow('z', false)).toBe(1000);
  });

  it('orders equal scores bytewise and treats -0 as 0', () => {
    const zset = new ZSetValue();
    zset.set('b', 0);
    zset.set('ab', -0);
    zset.set('a', 0);
    zset.set('\xff', 0);
    expect([...zsetPairs(zset)].map(([m]) => m)).toEqual(['a', 'ab', 'b', '\xff']);
    expect(zset.set('a', -0)).toBe(false);
    expect(Object.is(zset.score('a'), 0)).toBe(true);
  });

  it('digests by content, not history, and clones independently', () => {
    const a = new ZSetValue();
    const b = new ZSetValue();
    for (let i = 0; i < 500; i++) a.set(`m${i}`, i % 7);
    for (let i = 499; i >= 0; i--) b.set(`m${i}`, -1);
    for (let i = 0; i < 500; i++) b.set(`m${i}`, i % 7);
    expect(a.digest().equals(b.digest())).toBe(true);
    const copy = a.clone();
    expect(copy.digest().equals(a.digest())).toBe(true);
    copy.set('m1', 100);
    expect(copy.digest().equals(a.digest())).toBe(false);
    expect(a.score('m1')).toBe(1);
    expect([...zsetPairs(copy)]).toHaveLength(500);
  });

  it('builds from pairs with the encoding Redis would choose', () => {
    const small = buildZSet([['a', 1], ['b', 2], ['a', 3]], LIMITS);
    expect([...zsetPairs(small)]).toEqual([['b', 2], ['a', 3]]);
    expect(small.encoding).toBe('listpack');
    const long = buildZSet([['x'.repeat(65), 1]], LIMITS);
    expect(long.encoding).toBe('skiplist');
    const many = buildZSet(Array.from({ length: 1000 }, (_, i) => [`m${i}`, -i] as const), LIMITS);
    expect(many.encoding).toBe('skiplist');
    expect(many.rank('m999')).toBe(0);
    expect(many.memberAt(999)).toBe('m0');
    many.remove('m500');
    expect(many.rank('m499')).toBe(499);
  });
});
