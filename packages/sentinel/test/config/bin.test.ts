import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/** The bin as users run it (needs the build: tsc -b packages/sentinel). */
const BIN = fileURLToPath(new URL('../../bin/understudy-sentinel.js', import.meta.url));

describe('understudy-sentinel with bad input', () => {
  for (const [args, message] of [
    [['--port', 'abc'], "Bad option --port abc: port must be an integer from 0 to 65535, got 'abc'\n"],
    [['/nonexistent/sentinel.conf'], "Cannot read the config file '/nonexistent/sentinel.conf': ENOENT: no such file or directory, open '/nonexistent/sentinel.conf'\n"],
    [['--monitor', 'm 127.0.0.1 6379 0'], "Bad option --monitor m 127.0.0.1 6379 0: sentinel monitor m: quorum must be 1 or greater, got '0'\n"],
  ] as const) {
    it(`${args.join(' ')}: exits 1 and says why on stderr`, () => {
      const result = spawnSync(BIN, [...args], { encoding: 'utf8', timeout: 15_000 });
      expect(result.stderr).toBe(message);
      expect(result.status).toBe(1);
    });
  }
});
