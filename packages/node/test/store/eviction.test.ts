import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/clock.js';
import { Database, type KeyspaceHooks } from '../../src/store/database.js';
import { MutableString } from '../../src/store/mutable-string.js';
import { HashValue } from '../../src/store/types/hash.js';
import {
  AccessTracker,
  Evictor,
  LFU_INIT_VAL,
  POLICY_ALLKEYS_RANDOM,
  POLICY_NOEVICTION,
  POLICY_VOLATILE_RANDOM,
  POLICY_VOLATILE_TTL,
} from '../../src/store/eviction.js';
import { seededRandom } from '../support/seeded-random.js';


const ALLKEYS_LRU = 1029;
const ALLKEYS_LFU = 1286;
const VOLATILE_LRU = 1;

function setup(lfu = false) {
  const clock = new FakeClock();
  const tracker = new AccessTracker(clock, seededRandom(1));
  tracker.lfu = lfu;
  // The dispatcher refreshes the tracker's clock before each command: time moving here stands for commands
  // run later.
  const advance = clock.advance.bind(clock);
  clock.advance = (ms: number): void => {
    advance(ms);
    tracker.refresh();
  };
  const hooks: KeyspaceHooks = { keyModified() {}, keyExpired() {}, keyAdded() {}, access: tracker };
  const dbs = [new Database(0, clock, hooks), new Database(1, clock, hooks)];
  const evictor = new Evictor(tracker, seededRandom(2));
  return { clock, tracker, dbs, evictor };
}

describe('AccessTracker', () => {
  it('stamps LRU access times and reports idle seconds', () => {
    const { clock, tracker, dbs } = setup();
    dbs[0]!.set('k', 'v');
    clock.advance(5_500);
    expect(tracker.idleSeconds(dbs[0]!.stampOf('k')!)).toBe(5);
    dbs[0]!.get('k');
    expect(tracker.idleSeconds(dbs[0]!.stampOf('k')!)).toBe(0);
  });

  it('does not stamp lookups while noTouch is set', () => {
    const { clock, tracker, dbs } = setup();
    dbs[0]!.set('k', 'v');
    clock.advance(3_000);
    tracker.noTouch = true;
    dbs[0]!.get('k');
    tracker.noTouch = false;
    expect(tracker.idleSeconds(dbs[0]!.stampOf('k')!)).toBe(3);
  });

  it('counts LFU accesses logarithmically and decays them with time', () => {
    const { clock, tracker, dbs } = setup(true);
    const db = dbs[0]!;
    db.set('k', 'v');
    expect(tracker.decayed(db.stampOf('k')!)).toBe(LFU_INIT_VAL);
    // With log factor 0 every access counts.
    tracker.logFactor = 0;
    for (let i = 0; i < 10; i++) db.get('k');
    expect(tracker.decayed(db.stampOf('k')!)).toBe(LFU_INIT_VAL + 10);
    // With the default factor, 100 accesses raise a new counter only a little.
    tracker.logFactor = 10;
    db.set('h', 'v');
    for (let i = 0; i < 100; i++) db.get('h');
    const counter = tracker.decayed(db.stampOf('h')!);
    expect(counter).toBeGreaterThan(LFU_INIT_VAL);
    expect(counter).toBeLessThan(LFU_INIT_VAL + 20);
    // lfu-decay-time 1: one point per idle minute.
    clock.advance(3 * 60_000);
    expect(tracker.decayed(db.stampOf('k')!)).toBe(LFU_INIT_VAL + 7);
    tracker.decayTime = 0;
    expect(tracker.decayed(db.stampOf('k')!)).toBe(LFU_INIT_VAL + 10);
  });

  it('keeps the LFU counter across an overwrite, as dbSetValue does', () => {
    const { tracker, dbs } = setup(true);
    tracker.logFactor = 0;
    const db = dbs[0]!;
    db.set('k', 'v');
    db.get('k');
    db.get('k');
    db.set('k', 'w');
    expect(tracker.decayed(db.stampOf('k')!)).toBe(LFU_INIT_VAL + 2);
  });
});

describe('access stamps on values', () => {
  it('keeps an object value\'s stamp on the object and a string value\'s in the side Map', () => {
    const { clock, tracker, dbs } = setup();
    const db = dbs[0]!;
    db.set('s', 'v');
    const hash = new HashValue();
    db.set('h', hash);
    expect(db.stringStamps.has('s')).toBe(true);
    expect(db.stringStamps.has('h')).toBe(false);
    expect(hash.stamp).toBe(db.stampOf('h'));
    clock.advance(4_000);
    db.get('h');
    expect(tracker.idleSeconds(db.stampOf('h')!)).toBe(0);
    expect(tracker.idleSeconds(db.stampOf('s')!)).toBe(4);
    db.delete('s');
    expect(db.stringStamps.size).toBe(0);
    expect(db.stampOf('s')).toBeUndefined();
  });

  it('carries the stamp along when a key changes between a string and an object', () => {
    const { clock, tracker, dbs } = setup();
    const db = dbs[0]!;
    db.set('k', 'v');
    clock.advance(6_000);
    // An in-place edit (APPEND, SETBIT) replaces the string with a MutableString: not an access.
    const edited = new MutableString('v');
    db.replace('k', edited);
    expect(db.stringStamps.has('k')).toBe(false);
    expect(tracker.idleSeconds(db.stampOf('k')!)).toBe(6);
    // INCR-like replacement back to a plain string.
    db.replace('k', '1');
    expect(db.stringStamps.has('k')).toBe(true);
    expect(tracker.idleSeconds(db.stampOf('k')!)).toBe(6);
    // An overwrite under LRU is a fresh access, whatever the kind of the new value.
    db.set('k', new HashValue());
    expect(db.stringStamps.has('k')).toBe(false);
    expect(tracker.idleSeconds(db.stampOf('k')!)).toBe(0);
  });

  it('keeps the LFU counter when an overwrite changes the kind of value', () => {
    const { tracker, dbs } = setup(true);
    tracker.logFactor = 0;
    const db = dbs[0]!;
    db.set('k', 'v');
    db.get('k');
    db.set('k', new HashValue());
    db.get('k');
    expect(tracker.decayed(db.stampOf('k')!)).toBe(LFU_INIT_VAL + 2);
    db.set('k', 'w');
    expect(tracker.decayed(db.stampOf('k')!)).toBe(LFU_INIT_VAL + 2);
  });
});

describe('Evictor', () => {
  it('compares string and object keys by the same stamps under allkeys-lru', () => {
    const { clock, dbs, evictor } = setup();
    const db = dbs[0]!;
    db.set('old-hash', new HashValue());
    clock.advance(1000);
    db.set('string', 'v');
    clock.advance(1000);
    db.set('new-hash', new HashValue());
    clock.advance(1000);
    db.get('old-hash');
    expect(evictor.select(dbs, ALLKEYS_LRU, 10)).toEqual({ db: 0, key: 'string' });
  });

  it('picks the least recently used key under allkeys-lru', () => {
    const { clock, dbs, evictor } = setup();
    for (let i = 0; i < 10; i++) {
      dbs[0]!.set(`k${i}`, 'v');
      clock.advance(1000);
    }
    dbs[0]!.get('k0');
    const victim = evictor.select(dbs, ALLKEYS_LRU, 10);
    expect(victim).toEqual({ db: 0, key: 'k1' });
  });

  it('picks the least frequently used key under allkeys-lfu', () => {
    const { tracker, dbs, evictor } = setup(true);
    tracker.logFactor = 0;
    for (let i = 0; i < 5; i++) dbs[1]!.set(`k${i}`, 'v');
    for (let i = 0; i < 5; i++) if (i !== 3) dbs[1]!.get(`k${i}`);
    expect(evictor.select(dbs, ALLKEYS_LFU, 10)).toEqual({ db: 1, key: 'k3' });
  });

  it('picks the nearest expiry under volatile-ttl and never a key without TTL', () => {
    const { clock, dbs, evictor } = setup();
    const now = clock.now();
    dbs[0]!.set('persistent', 'v');
    dbs[0]!.set('late', 'v', false, now + 50_000);
    dbs[0]!.set('soon', 'v', false, now + 1_000);
    dbs[1]!.set('middle', 'v', false, now + 20_000);
    const order: string[] = [];
    for (;;) {
      const victim = evictor.select(dbs, POLICY_VOLATILE_TTL, 5);
      if (victim === null) break;
      order.push(victim.key);
      dbs[victim.db]!.delete(victim.key);
    }
    expect(order).toEqual(['soon', 'middle', 'late']);
    expect(dbs[0]!.has('persistent')).toBe(true);
  });

  it('only takes volatile keys under volatile-lru and volatile-random', () => {
    for (const policy of [VOLATILE_LRU, POLICY_VOLATILE_RANDOM]) {
      const { clock, dbs, evictor } = setup();
      for (let i = 0; i < 20; i++) dbs[0]!.set(`p${i}`, 'v');
      for (let i = 0; i < 5; i++) dbs[0]!.set(`v${i}`, 'v', false, clock.now() + 100_000);
      const taken: string[] = [];
      for (let victim = evictor.select(dbs, policy, 5); victim !== null; victim = evictor.select(dbs, policy, 5)) {
        taken.push(victim.key);
        dbs[victim.db]!.delete(victim.key);
      }
      expect(taken.sort()).toEqual(['v0', 'v1', 'v2', 'v3', 'v4']);
      expect(dbs[0]!.size).toBe(20);
    }
  });

  it('takes random existing keys from every database under allkeys-random, and nothing under noeviction', () => {
    const { dbs, evictor } = setup();
    for (let i = 0; i < 30; i++) dbs[i % 2]!.set(`k${i}`, 'v');
    expect(evictor.select(dbs, POLICY_NOEVICTION, 5)).toBeNull();
    const seen = new Set<number>();
    for (let n = 0; n < 30; n++) {
      const victim = evictor.select(dbs, POLICY_ALLKEYS_RANDOM, 5)!;
      expect(dbs[victim.db]!.data.has(victim.key)).toBe(true);
      seen.add(victim.db);
      dbs[victim.db]!.delete(victim.key);
    }
    expect(seen).toEqual(new Set([0, 1]));
    expect(evictor.select(dbs, POLICY_ALLKEYS_RANDOM, 5)).toBeNull();
  });

  it('drops pooled candidates that are gone', () => {
    const { clock, dbs, evictor } = setup();
    for (let i = 0; i < 4; i++) {
      dbs[0]!.set(`k${i}`, 'v');
      clock.advance(1000);
    }
    expect(evictor.select(dbs, ALLKEYS_LRU, 4)).toEqual({ db: 0, key: 'k0' });
    dbs[0]!.delete('k1');
    expect(evictor.select(dbs, ALLKEYS_LRU, 4)).toEqual({ db: 0, key: 'k0' });
  });
});
