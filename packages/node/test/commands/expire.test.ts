import { RequestParser } from '@understudy/resp';
import { describe, expect, it } from 'vitest';
import { createInProcessNode, type InProcessNode } from '../support/in-process.js';

/** Every effect the node logs from now on, decoded (SELECTs dropped). */
function recordEffects(n: InProcessNode): string[][] {
  const parser = new RequestParser();
  const effects: string[][] = [];
  n.node.log.subscribe((bytes) => {
    parser.feed(bytes);
    for (let args = parser.next(); args !== null; args = parser.next()) if (args[0] !== 'SELECT') effects.push(args);
  });
  return effects;
}

/** Generic-class events announced through notify(), as "event key". */
function recordNotifications(n: InProcessNode): string[] {
  const seen: string[] = [];
  const notify = n.node.notify.bind(n.node);
  n.node.notify = (type, event, key, db) => {
    seen.push(`${event} ${key}`);
    notify(type, event, key, db);
  };
  return seen;
}

function setup(): InProcessNode {
  const n = createInProcessNode();
  n.node.activeExpireEnabled = false; // expiry in these tests is lazy and driven by the fake clock
  return n;
}

describe('EXPIRE / PEXPIRE / EXPIREAT / PEXPIREAT', () => {
  it('sets a TTL that ends the key exactly at its time', () => {
    const n = setup();
    n.call('set', 'x', 'foobar');
    expect(n.call('expire', 'x', 5)).toBe(1);
    expect(n.call('ttl', 'x')).toBe(5);
    expect(n.call('expire', 'x', 10)).toBe(1);
    expect(n.call('pttl', 'x')).toBe(10_000);
    n.clock.advance(9_999);
    expect(n.call('get', 'x')).toBe('foobar');
    n.clock.advance(1);
    expect(n.call('get', 'x')).toBeNull();
  });

  it('takes absolute times in seconds and milliseconds', () => {
    const n = setup();
    const now = n.clock.now();
    n.call('set', 'a', 'v');
    n.call('set', 'b', 'v');
    n.call('set', 'c', 'v');
    expect(n.call('expireat', 'a', Math.floor(now / 1000) + 15)).toBe(1);
    expect(n.call('pexpireat', 'b', now + 200)).toBe(1);
    expect(n.call('pexpire', 'c', 100)).toBe(1);
    expect(n.call('pexpiretime', 'a')).toBe((Math.floor(now / 1000) + 15) * 1000);
    expect(n.call('pexpiretime', 'b')).toBe(now + 200);
    expect(n.call('pexpiretime', 'c')).toBe(now + 100);
    n.clock.advance(100);
    expect(n.call('exists', 'a', 'b', 'c')).toBe(2);
  });

  it('answers 0 for a missing key and logs nothing', () => {
    const n = setup();
    const effects = recordEffects(n);
    for (const cmd of ['expire', 'pexpire', 'expireat', 'pexpireat']) expect(n.call(cmd, 'none', 100)).toBe(0);
    expect(n.call('expire', 'none', 100, 'NX')).toBe(0);
    expect(effects).toEqual([]);
  });

  it('logs every variant as PEXPIREAT with the absolute ms time, keeping the flags', () => {
    const n = setup();
    const now = n.clock.now();
    n.call('set', 'k', 'v');
    const effects = recordEffects(n);
    n.call('expire', 'k', 100);
    n.call('pexpire', 'k', 100_000, 'xx');
    n.call('expireat', 'k', Math.floor(now / 1000) + 100);
    n.call('pexpireat', 'k', now + 100_000);
    n.call('expire', 'k', 500, 'GT');
    expect(effects).toEqual([
      ['PEXPIREAT', 'k', String(now + 100_000)],
      ['PEXPIREAT', 'k', String(now + 100_000), 'xx'],
      ['PEXPIREAT', 'k', String((Math.floor(now / 1000) + 100) * 1000)],
      ['pexpireat', 'k', String(now + 100_000)],
      ['PEXPIREAT', 'k', String(now + 500_000), 'GT'],
    ]);
  });

  it('deletes the key for a time in the past, logged as DEL (UNLINK with lazyfree-lazy-expire)', () => {
    const n = setup();
    const events = recordNotifications(n);
    const effects = recordEffects(n);
    n.call('set', 'a', 'v');
    expect(n.call('expireat', 'a', Math.floor(n.clock.now() / 1000) - 100)).toBe(1);
    expect(n.call('exists', 'a')).toBe(0);
    n.call('config', 'set', 'lazyfree-lazy-expire', 'yes');
    n.call('set', 'b', 'v');
    expect(n.call('pexpire', 'b', 0)).toBe(1);
    n.call('set', 'c', 'v');
    expect(n.call('expire', 'c', -10)).toBe(1);
    expect(effects.filter((e) => e[0] !== 'set')).toEqual([
      ['DEL', 'a'],
      ['UNLINK', 'b'],
      ['UNLINK', 'c'],
    ]);
    expect(events.filter((e) => e.startsWith('del'))).toEqual(['del a', 'del b', 'del c']);
  });

  it('on a replica stores a past time instead of deleting (the primary sends the DEL)', () => {
    const n = setup();
    n.call('set', 'k', 'v');
    n.node.keyspace.setDeleteExpired(false);
    expect(n.call('pexpireat', 'k', 1)).toBe(1);
    expect(n.client.db.data.has('k')).toBe(true);
    expect(n.call('exists', 'k')).toBe(0);
  });

  it("applies its primary's EXPIRE family and PERSIST to keys its own clock sees as expired", () => {
    const n = setup();
    n.call('set', 'k', 'v', 'px', 100);
    n.call('set', 'p', 'v', 'px', 100);
    n.clock.advance(200);
    n.node.keyspace.setApplyingStream(true);
    const at = n.clock.now() + 5000;
    expect(n.call('pexpireat', 'k', at)).toBe(1);
    expect(n.call('persist', 'p')).toBe(1);
    n.node.keyspace.setApplyingStream(false);
    expect(n.call('pexpiretime', 'k')).toBe(at);
    expect(n.call('ttl', 'p')).toBe(-1);
  });

  it('announces expire', () => {
    const n = setup();
    n.call('set', 'k', 'v');
    const events = recordNotifications(n);
    n.call('expire', 'k', 10);
    n.call('expire', 'k', 10, 'NX');
    expect(events).toEqual(['expire k']);
  });

  it('applies NX / XX / GT / LT as Redis 7.0 does', () => {
    const n = setup();
    const cases: [string, number | null, number, string[], number, number][] = [
      // [label, current TTL s (null: none), new TTL s, flags, reply, TTL after (-1 none, -2 gone)]
      ['NX with ttl', 100, 200, ['NX'], 0, 100],
      ['NX without ttl', null, 200, ['NX'], 1, 200],
      ['XX with ttl', 100, 200, ['XX'], 1, 200],
      ['XX without ttl', null, 200, ['XX'], 0, -1],
      ['GT higher', 100, 200, ['GT'], 1, 200],
      ['GT lower', 200, 100, ['GT'], 0, 200],
      ['GT equal', 200, 200, ['GT'], 0, 200],
      ['GT without ttl', null, 200, ['GT'], 0, -1],
      ['LT higher', 100, 200, ['LT'], 0, 100],
      ['LT lower', 200, 100, ['LT'], 1, 100],
      ['LT without ttl', null, 100, ['LT'], 1, 100],
      ['LT XX with ttl', 200, 100, ['LT', 'XX'], 1, 100],
      ['LT XX without ttl', null, 200, ['LT', 'XX'], 0, -1],
      ['LT negative with ttl', 100, -10, ['LT'], 1, -2],
      ['LT negative without ttl', null, -10, ['LT'], 1, -2],
    ];
    for (const [label, current, ttl, flags, reply, after] of cases) {
      if (current === null) n.call('set', 'foo', 'bar');
      else n.call('set', 'foo', 'bar', 'ex', current);
      expect(n.call('expire', 'foo', ttl, ...flags), label).toBe(reply);
      expect(n.call('ttl', 'foo'), label).toBe(after);
    }
  });

  it('rejects conflicting and unknown options before looking at the time', () => {
    const n = setup();
    const nxConflict = new Error('ERR NX and XX, GT or LT options at the same time are not compatible');
    expect(n.call('expire', 'foo', 200, 'LT', 'GT')).toEqual(new Error('ERR GT and LT options at the same time are not compatible'));
    expect(n.call('expire', 'foo', 200, 'NX', 'GT')).toEqual(nxConflict);
    expect(n.call('expire', 'foo', 200, 'NX', 'LT')).toEqual(nxConflict);
    expect(n.call('expire', 'foo', 200, 'xx', 'nx')).toEqual(nxConflict);
    expect(n.call('expire', 'foo', 200, 'AB')).toEqual(new Error('ERR Unsupported option AB'));
    expect(n.call('expire', 'foo', 200, 'XX', 'Ab')).toEqual(new Error('ERR Unsupported option Ab'));
    expect(n.call('expire', 'foo', 'x', 'AB')).toEqual(new Error('ERR Unsupported option AB'));
  });

  it('rejects non-integers and times that overflow int64 milliseconds', () => {
    const n = setup();
    n.call('set', 'foo', 'bar');
    const invalid = (cmd: string) => new Error(`ERR invalid expire time in '${cmd}' command`);
    expect(n.call('expire', 'foo', '')).toEqual(new Error('ERR value is not an integer or out of range'));
    expect(n.call('expire', 'foo', '1.5')).toEqual(new Error('ERR value is not an integer or out of range'));
    expect(n.call('expire', 'foo', '9223370399119966')).toEqual(invalid('expire')); // > LLONG_MAX - now
    expect(n.call('expire', 'foo', '9223372036854776')).toEqual(invalid('expire')); // > LLONG_MAX / 1000
    expect(n.call('expire', 'foo', '10000000000000000')).toEqual(invalid('expire'));
    expect(n.call('expire', 'foo', '-9223372036854776')).toEqual(invalid('expire'));
    expect(n.call('EXPIREAT', 'foo', '-9999999999999999')).toEqual(invalid('expireat'));
    expect(n.call('pexpire', 'foo', '9223372036854770000')).toEqual(invalid('pexpire'));
    expect(n.call('ttl', 'foo')).toBe(-1);
    expect(n.call('pexpireat', 'foo', '9223372036854770000')).toBe(1);
    expect(n.call('pexpiretime', 'foo')).toBe(9223372036854770000);
    expect(n.call('pexpireat', 'foo', '-9223372036854770000')).toBe(1);
    expect(n.call('ttl', 'foo')).toBe(-2);
  });

  it('does not resurrect a key that expired before EXPIRE', () => {
    const n = setup();
    n.call('set', 'foo', 'bar');
    n.call('pexpire', 'foo', 500);
    n.clock.advance(1000);
    const effects = recordEffects(n);
    expect(n.call('expire', 'foo', 10)).toBe(0);
    expect(n.call('exists', 'foo')).toBe(0);
    expect(effects).toEqual([['DEL', 'foo']]);
  });
});

describe('TTL / PTTL / EXPIRETIME / PEXPIRETIME', () => {
  it('answer -2 for a missing key and -1 without a TTL', () => {
    const n = setup();
    expect(['ttl', 'pttl', 'expiretime', 'pexpiretime'].map((c) => n.call(c, 'x'))).toEqual([-2, -2, -2, -2]);
    n.call('set', 'x', 'hello');
    expect(['ttl', 'pttl', 'expiretime', 'pexpiretime'].map((c) => n.call(c, 'x'))).toEqual([-1, -1, -1, -1]);
  });

  it('round seconds to the nearest', () => {
    const n = setup();
    n.call('set', 'x', 'v', 'px', 10_000);
    n.clock.advance(499);
    expect(n.call('ttl', 'x')).toBe(10);
    n.clock.advance(1);
    expect(n.call('ttl', 'x')).toBe(10); // 9500 ms: (9500 + 500) / 1000
    n.clock.advance(1);
    expect(n.call('ttl', 'x')).toBe(9);
    expect(n.call('pttl', 'x')).toBe(9_499);
  });

  it('give absolute times, seconds rounded to the nearest', () => {
    const n = setup();
    const at = Math.floor(n.clock.now() / 1000) + 100;
    n.call('set', 'x', 'v', 'exat', at);
    expect(n.call('expiretime', 'x')).toBe(at);
    expect(n.call('pexpiretime', 'x')).toBe(at * 1000);
    n.call('set', 'y', 'v', 'pxat', at * 1000 + 500);
    expect(n.call('expiretime', 'y')).toBe(at + 1);
  });

  it('treat a key whose time has come as missing on a replica (which keeps it)', () => {
    const n = setup();
    n.call('set', 'x', 'v', 'px', 100);
    n.node.keyspace.setDeleteExpired(false);
    n.clock.advance(100);
    expect(n.call('ttl', 'x')).toBe(-2);
  });
});

describe('PERSIST', () => {
  it('removes a TTL, announces persist and logs itself only then', () => {
    const n = setup();
    n.call('set', 'x', 'foo');
    n.call('expire', 'x', 50);
    const events = recordNotifications(n);
    const effects = recordEffects(n);
    expect(n.call('persist', 'x')).toBe(1);
    expect(n.call('ttl', 'x')).toBe(-1);
    expect(n.call('persist', 'x')).toBe(0);
    expect(n.call('persist', 'nokeyatall')).toBe(0);
    expect(events).toEqual(['persist x']);
    expect(effects).toEqual([['persist', 'x']]);
  });
});
