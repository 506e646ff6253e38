import type { SentinelHello__Output } from '@understudy/grpc';
import { describe, expect, it } from 'vitest';
import { HELLO_MAX_AGE_MS, SentinelHellos } from '../../src/control/sentinel-hellos.js';

function hello(sentinelId: string, configEpoch = 1): SentinelHello__Output {
  return {
    sentinelId,
    host: '127.0.0.1',
    port: 26379,
    grpcPort: 36379,
    currentEpoch: configEpoch,
    masterName: 'mymaster',
    masterHost: '127.0.0.1',
    masterPort: 6379,
    configEpoch,
  };
}

describe('SentinelHellos', () => {
  it("gives each caller the other sentinels' latest hellos, never its own", () => {
    const hellos = new SentinelHellos();
    hellos.leave(hello('a', 1), 0);
    hellos.leave(hello('b', 1), 10);
    hellos.leave(hello('a', 2), 20);
    expect(hellos.others('b', 30)).toEqual([hello('a', 2)]);
    expect(hellos.others('a', 30)).toEqual([hello('b', 1)]);
    expect(hellos.others('c', 30).map((h) => h.sentinelId).sort()).toEqual(['a', 'b']);
  });

  it('forgets a hello not renewed for 60 s', () => {
    const hellos = new SentinelHellos();
    hellos.leave(hello('a'), 0);
    hellos.leave(hello('b'), 1000);
    expect(hellos.others('c', HELLO_MAX_AGE_MS)).toHaveLength(2);
    expect(hellos.others('c', HELLO_MAX_AGE_MS + 1)).toEqual([hello('b')]);
    // Gone for good: a later renewal of another sentinel does not bring it back.
    hellos.leave(hello('b'), HELLO_MAX_AGE_MS + 2);
    expect(hellos.others('c', HELLO_MAX_AGE_MS + 3)).toEqual([hello('b')]);
  });

  it('ignores a hello that names no sentinel', () => {
    const hellos = new SentinelHellos();
    hellos.leave(hello(''), 0);
    expect(hellos.others('x', 1)).toEqual([]);
  });
});
