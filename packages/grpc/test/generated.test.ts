import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { replicationPackage } from '../src/index.js';

const packageDir = fileURLToPath(new URL('..', import.meta.url));

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? files(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

describe('@understudy/grpc', () => {
  it('the committed types are what the generator makes of protos/ today', () => {
    const out = mkdtempSync(join(tmpdir(), 'understudy-protos-'));
    try {
      execFileSync(process.execPath, [join(packageDir, 'scripts', 'generate-types.mjs'), '--out', out]);
      const committedDir = join(packageDir, 'src', 'generated');
      const fresh = files(out).map((f) => relative(out, f)).sort();
      expect(files(committedDir).map((f) => relative(committedDir, f)).sort()).toEqual(fresh);
      for (const file of fresh) {
        expect(readFileSync(join(committedDir, file), 'utf8'), file).toBe(readFileSync(join(out, file), 'utf8'));
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it('loads the Replication service with int64 offsets as numbers and oneof names', () => {
    const replication = replicationPackage();
    const methods = Object.keys(replication.Replication.service);
    expect(methods.sort()).toEqual(['Ack', 'Sync']);
    const sync = replication.Replication.service.Sync;
    const event = sync.responseDeserialize(sync.responseSerialize({ entries: { startOffset: 2 ** 40, data: Buffer.from('x') } }));
    expect(event.event).toBe('entries');
    expect(event.entries!.startOffset).toBe(2 ** 40);
  });
});
