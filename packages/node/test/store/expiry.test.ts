import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/clock.js';
import { activeExpireCycle, activeExpireOptions } from '../../src/store/active-expire.js';
import type { Database, KeyspaceHooks } from '../../src/store/database.js';
import { Keyspace } from '../../src/store/keyspace.js';

function setup() {
  const clock = new FakeClock(1_000_000);
  const events = { modified: [] as string[], expired: [] as string[] };
  const hooks: KeyspaceHooks = {
    keyModified: (_db: Database, key: string) => events.modified.push(key),
    keyExpired: (_db: Database, key: string) => events.expired.push(key),
    keyAdded: () => {},
  };
  const keyspace = new Keyspace(2, clock, hooks);
  return { clock, events, keyspace, db: keyspace.db(0) };
}

describe('lazy expiry', () => {
  it('hides and deletes a key once its time has come, not before', () => {
    const { clock, db, events } = setup();
    db.set('k', 'v');
    db.setExpire('k', clock.now() + 100);
    clock.advance(99);
    expect(db.get('k')).toBe('v');
    clock.advance(1);
    expect(db.get('k')).toBeUndefined();
    expect(db.data.has('k')).toBe(false);
    expect(db.expires.has('k')).toBe(false);
    expect(events.expired).toEqual(['k']);
  });

  it('keeps expired keys (but hides them) when deletion is off, as a replica does', () => {
    const { clock, db, keyspace, events } = setup();
    keyspace.setDeleteExpired(false);
    db.set('k', 'v');
    db.setExpire('k', clock.now() + 10);
    clock.advance(10);
    expect(db.get('k')).toBeUndefined();
    expect(db.data.has('k')).toBe(true);
    expect(events.expired).toEqual([]);
  });

  it('set() drops the TTL unless asked to keep it', () => {
    const { clock, db } = setup();
    db.set('a', '1');
    db.setExpire('a', clock.now() + 10);
    db.set('a', '2', true);
    expect(db.getExpire('a')).toBe(clock.now() + 10);
    db.set('a', '3');
    expect(db.getExpire('a')).toBeUndefined();
  });
});

describe('active expiry cycle', () => {
  const options = activeExpireOptions(10, 1);

  it('removes expired keys that nobody touches, across databases', () => {
    const { clock, keyspace, events } = setup();
    for (let i = 0; i < 500; i++) {
      const db = keyspace.db(i % 2);
      db.set(`k${i}`, 'v');
      db.setExpire(`k${i}`, clock.now() + (i < 400 ? 5 : 60_000));
    }
    clock.advance(10);
    let cycles = 0;
    while (events.expired.length < 400 && cycles < 100) {
      activeExpireCycle(keyspace.dbs, () => clock.now(), options);
      cycles++;
    }
    expect(events.expired.length).toBe(400);
    expect(keyspace.totalKeys()).toBe(100);
  });

  it('stops looping in a database when few sampled keys were expired', () => {
    const { clock, keyspace } = setup();
    const db = keyspace.db(0);
    for (let i = 0; i < 1000; i++) {
      db.set(`k${i}`, 'v');
      db.setExpire(`k${i}`, clock.now() + (i % 100 === 0 ? 1 : 60_000)); // 1% expire
    }
    clock.advance(5);
    const expired = activeExpireCycle(keyspace.dbs, () => clock.now(), options);
    // One loop of 20 samples, under the 10% threshold: the cycle stops after it.
    expect(expired).toBeLessThanOrEqual(2);
  });

  it('honours its time budget', () => {
    const { clock, keyspace } = setup();
    const db = keyspace.db(0);
    for (let i = 0; i < 10_000; i++) {
      db.set(`k${i}`, 'v');
      db.setExpire(`k${i}`, clock.now() + 1);
    }
    clock.advance(2);
    // Every reading of the clock moves it by 1 ms: the 25 ms budget ends the cycle early.
    const expired = activeExpireCycle(keyspace.dbs, () => { clock.advance(1); return clock.now(); }, options);
    expect(expired).toBeGreaterThan(0);
    expect(expired).toBeLessThan(10_000);
  });
});
