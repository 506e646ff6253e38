import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/clock.js';
import { Database, type KeyspaceHooks } from '../../src/store/database.js';
import { entryBytes, valueBytes } from '../../src/store/memory.js';
import { ListValue } from '../../src/store/types/list.js';
import { MutableString } from '../../src/store/values.js';

const hooks: KeyspaceHooks = { keyModified() {}, keyExpired() {}, keyAdded() {} };

function freshDb(clock = new FakeClock()): Database {
  return new Database(0, clock, hooks);
}

describe('value size estimates', () => {
  it('grows with string length and key length', () => {
    expect(valueBytes('x'.repeat(1000))).toBeGreaterThan(1000);
    expect(valueBytes('x'.repeat(1000))).toBeLessThan(1100);
    expect(entryBytes('a'.repeat(100), 'v')).toBeGreaterThan(entryBytes('a', 'v') + 80);
    expect(valueBytes(new MutableString('y'.repeat(500)))).toBeGreaterThan(500);
  });

  it('estimates collections from their element count and sampled element sizes', () => {
    const small = new ListValue();
    const big = new ListValue();
    for (let i = 0; i < 100; i++) {
      small.pushTail('a');
      big.pushTail('b'.repeat(100));
    }
    expect(valueBytes(big)).toBeGreaterThan(100 * 100);
    expect(valueBytes(big)).toBeGreaterThan(valueBytes(small) * 5);
  });
});

describe('incremental accounting in the database', () => {
  it('adds on set, re-counts overwrites and in-place changes, subtracts on delete', () => {
    const db = freshDb();
    db.set('k', 'x'.repeat(100));
    const one = db.usedBytes;
    expect(one).toBe(entryBytes('k', 'x'.repeat(100)));
    db.set('k', 'x'.repeat(1000));
    expect(db.usedBytes).toBe(entryBytes('k', 'x'.repeat(1000)));
    db.replace('k', 'short');
    expect(db.usedBytes).toBe(entryBytes('k', 'short'));
    const list = new ListValue();
    db.set('l', list);
    const before = db.usedBytes;
    for (let i = 0; i < 50; i++) list.pushTail('e'.repeat(40));
    db.touch('l');
    expect(db.usedBytes).toBeGreaterThan(before + 50 * 40);
    db.delete('l');
    db.delete('k');
    expect(db.usedBytes).toBe(0);
  });

  it('re-counts a collection stored again under its own key', () => {
    const db = freshDb();
    const list = new ListValue();
    db.set('l', list);
    for (let i = 0; i < 20; i++) list.pushTail('z'.repeat(30));
    db.set('l', list);
    expect(db.usedBytes).toBe(entryBytes('l', list));
  });

  it('counts a MutableString edited in place by the difference', () => {
    const db = freshDb();
    const value = new MutableString('abc');
    db.set('m', value);
    value.ensureLength(4000);
    db.replace('m', value);
    expect(db.usedBytes).toBe(entryBytes('m', value));
    db.delete('m');
    expect(db.usedBytes).toBe(0);
  });

  it('forgets expired keys, and follows clear and swap', () => {
    const clock = new FakeClock();
    const db = freshDb(clock);
    const other = freshDb(clock);
    db.set('a', 'v', false, clock.now() + 10);
    db.set('b', 'v');
    clock.advance(20);
    expect(db.get('a')).toBeUndefined();
    expect(db.usedBytes).toBe(entryBytes('b', 'v'));
    expect(db.stringStamps.has('a')).toBe(false);
    db.swapWith(other);
    expect(db.usedBytes).toBe(0);
    expect(other.usedBytes).toBe(entryBytes('b', 'v'));
    other.clear();
    expect(other.usedBytes).toBe(0);
    expect(other.stringStamps.size).toBe(0);
  });
});
