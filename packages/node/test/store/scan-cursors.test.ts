import { describe, expect, it } from 'vitest';
import { parseScanCursor, ScanCursors } from '../../src/store/scan-cursors.js';

/** Runs a whole iteration, calling `between` after every step; returns every key seen (with duplicates). */
function scanAll<K>(cursors: ScanCursors, source: Map<K, unknown> | Set<K>, count: number, between = (): void => {}): K[] {
  const seen: K[] = [];
  let cursor = 0n;
  let steps = 0;
  do {
    cursor = BigInt(cursors.step(source, cursor, count, 0, seen));
    between();
    if (++steps > 100_000) throw new Error('scan does not end');
  } while (cursor !== 0n);
  return seen;
}

describe('parseScanCursor', () => {
  it('reads cursors as strtoul does, rejecting what Redis calls an invalid cursor', () => {
    expect(parseScanCursor('0')).toBe(0n);
    expect(parseScanCursor('')).toBe(0n);
    expect(parseScanCursor('00017')).toBe(17n);
    expect(parseScanCursor('+5')).toBe(5n);
    expect(parseScanCursor('-1')).toBe(2n ** 64n - 1n);
    expect(parseScanCursor('-0')).toBe(0n);
    expect(parseScanCursor('18446744073709551615')).toBe(2n ** 64n - 1n);
    for (const bad of ['18446744073709551616', ' 1', '1 ', 'x', '1x', '-', '+', '0x10', '1.0', '+-1']) {
      expect(parseScanCursor(bad), bad).toBeNull();
    }
  });
});

describe('ScanCursors', () => {
  it('returns every key of a Map or a Set once when nothing changes', () => {
    const cursors = new ScanCursors();
    const map = new Map(Array.from({ length: 1000 }, (_, i) => [`key:${i}`, i] as const));
    const keys = scanAll(cursors, map, 7);
    expect(keys.length).toBe(1000);
    expect(new Set(keys).size).toBe(1000);
    const set = new Set(['a', 'b', 'c']);
    expect(scanAll(cursors, set, 1).sort()).toEqual(['a', 'b', 'c']);
    expect(cursors.size).toBe(0);
  });

  it('finishes in one call (cursor 0) when the collection fits in COUNT', () => {
    const cursors = new ScanCursors();
    const out: string[] = [];
    expect(cursors.step(new Map([['a', 1], ['b', 2]]), 0n, 10, 0, out)).toBe(0);
    expect(out).toEqual(['a', 'b']);
    const exact: string[] = [];
    expect(cursors.step(new Set(['a', 'b']), 0n, 2, 0, exact)).toBe(0);
    expect(exact).toEqual(['a', 'b']);
    expect(cursors.step(new Set<string>(), 0n, 10, 0, [])).toBe(0);
  });

  it('returns every key present for the whole scan despite writes and deletes during it', () => {
    const cursors = new ScanCursors();
    const map = new Map<string, number>();
    for (let i = 0; i < 100; i++) map.set(`stable:${i}`, i);
    for (let i = 0; i < 100; i++) map.set(`churn:${i}`, i);
    let round = 0;
    const keys = scanAll(cursors, map, 5, () => {
      round++;
      for (let j = 0; j < 10; j++) map.set(`added:${(round * 7 + j * 13) % 1000}`, 0);
      map.delete(`churn:${round % 100}`);
      map.delete(`stable:${round % 100}`); // deleted and re-added: moves to the end, still seen
      map.set(`stable:${round % 100}`, 0);
    });
    const stable = new Set(keys.filter((k) => k.startsWith('stable:')));
    expect(stable.size).toBe(100);
  });

  it('hands out distinct cursors to concurrent iterations', () => {
    const cursors = new ScanCursors();
    const a = new Map([['a1', 0], ['a2', 0], ['a3', 0]]);
    const b = new Map([['b1', 0], ['b2', 0], ['b3', 0]]);
    const outA: string[] = [];
    const outB: string[] = [];
    const ca = cursors.step(a, 0n, 1, 0, outA);
    const cb = cursors.step(b, 0n, 1, 0, outB);
    expect(ca).not.toBe(cb);
    expect(cursors.step(a, BigInt(ca), 5, 0, outA)).toBe(0);
    expect(cursors.step(b, BigInt(cb), 5, 0, outB)).toBe(0);
    expect(outA).toEqual(['a1', 'a2', 'a3']);
    expect(outB).toEqual(['b1', 'b2', 'b3']);
  });

  it('restarts (never skips) for an unknown cursor or one opened over another collection', () => {
    const cursors = new ScanCursors();
    const map = new Map([['x', 0], ['y', 0], ['z', 0]]);
    const out: string[] = [];
    expect(cursors.step(map, 12345n, 10, 0, out)).toBe(0);
    expect(out).toEqual(['x', 'y', 'z']);
    const other = new Map([['o', 0], ['p', 0]]);
    const first: string[] = [];
    const cursor = cursors.step(map, 0n, 1, 0, first);
    const moved: string[] = [];
    expect(cursors.step(other, BigInt(cursor), 10, 0, moved)).toBe(0);
    expect(moved).toEqual(['o', 'p']);
  });

  it('does not return the peeked key when it was deleted in between', () => {
    const cursors = new ScanCursors();
    const map = new Map([['a', 0], ['b', 0], ['c', 0]]);
    const out: string[] = [];
    const cursor = cursors.step(map, 0n, 1, 0, out);
    map.delete('b');
    expect(cursors.step(map, BigInt(cursor), 10, 0, out)).toBe(0);
    expect(out).toEqual(['a', 'c']);
  });

  it('is bounded: the least recently used and the idle iterations are dropped', () => {
    const cursors = new ScanCursors({ capacity: 2, maxIdleMs: 1000 });
    const map = new Map([['a', 0], ['b', 0], ['c', 0], ['d', 0]]);
    const c1 = cursors.step(map, 0n, 1, 0, []);
    const c2 = cursors.step(map, 0n, 1, 0, []);
    cursors.step(map, BigInt(c1), 1, 0, []); // c1 is now the most recently used
    cursors.step(map, 0n, 1, 0, []); // evicts c2
    expect(cursors.size).toBe(2);
    const restarted: string[] = [];
    cursors.step(map, BigInt(c2), 1, 0, restarted);
    expect(restarted).toEqual(['a']);
    cursors.step(map, 0n, 1, 5000, []); // everything else idled out
    expect(cursors.size).toBe(1);
  });
});
