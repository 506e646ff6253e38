import { afterAll, describe, expect, it } from 'vitest';
import { quote } from '../../src/server/monitors.js';
import { startNodeProcess, stopAllNodeProcesses, waitFor } from '../support/node-process.js';
import { RawConnection } from '../support/raw-socket.js';

afterAll(stopAllNodeProcesses);

describe('MONITOR', () => {
  it('quotes arguments as sdscatrepr does', () => {
    expect(quote('plain')).toBe('"plain"');
    expect(quote('a"b\\c')).toBe('"a\\"b\\\\c"');
    expect(quote('\r\n\t\x07\x08\x00\xff')).toBe('"\\r\\n\\t\\a\\b\\x00\\xff"');
  });

  it('streams executed commands in Redis format, redacts passwords, never shows admin commands', async () => {
    const node = await startNodeProcess();
    const monitor = await RawConnection.open(node.port);
    try {
      monitor.send('MONITOR\r\n');
      await monitor.waitFor((t) => t === '+OK\r\n');
      const redis = node.client();
      await redis.select(2);
      await redis.set('foo', 'bar baz');
      await redis.multi().incr('n').exec();
      await expect(redis.auth('wrong')).rejects.toThrow();
      await redis.config('GET', 'port'); // admin: not shown
      await redis.get('foo');
      const text = await monitor.waitFor((t) => t.includes('"get"'));
      // ioredis's own handshake (HELLO, INFO, SELECT) comes first: start from the SET.
      const all = text.split('\r\n').slice(1, -1);
      const lines = all.slice(all.findIndex((l) => l.endsWith('"set" "foo" "bar baz"')));
      expect(lines[0]).toMatch(/^\+\d+\.\d{6} \[2 127\.0\.0\.1:\d+\] "set" "foo" "bar baz"$/);
      expect(lines.map((l) => l.replace(/^\+\S+ \[\d+ [^\]]+\] /, ''))).toEqual([
        '"set" "foo" "bar baz"',
        '"multi"',
        '"incr" "n"',
        '"exec"',
        '"auth" "(redacted)"',
        '"get" "foo"',
      ]);
      const list = await redis.client('LIST');
      expect(String(list)).toMatch(/flags=O /);
      monitor.send('RESET\r\n');
      await waitFor(async () => !String(await redis.client('LIST')).includes('flags=O'), 5_000, 'monitor mode to end');
    } finally {
      monitor.close();
      await node.stop();
    }
  });
});
