import { describe, expect, it } from 'vitest';
import { decideResync, type LogPosition } from '../../../src/replication/core/resync.js';

const log: LogPosition = { replid: 'B'.repeat(40), replid2: 'A'.repeat(40), secondOffset: 501, backlogFirst: 100, offset: 900 };

describe('decideResync', () => {
  it('continues a replica of the current history whose offset the backlog holds', () => {
    expect(decideResync(log, { replid: log.replid, offset: 100 })).toEqual({ kind: 'continue' });
    expect(decideResync(log, { replid: log.replid, offset: 900 })).toEqual({ kind: 'continue' });
  });

  it('continues a replica of the previous history up to where it was shared (a promotion)', () => {
    expect(decideResync(log, { replid: log.replid2, offset: 500 })).toEqual({ kind: 'continue' });
    expect(decideResync(log, { replid: log.replid2, offset: 501 })).toEqual({ kind: 'full', reason: 'replid-mismatch' });
  });

  it('sends a full copy otherwise', () => {
    expect(decideResync(log, { replid: '?', offset: -1 })).toEqual({ kind: 'full', reason: 'new-replica' });
    expect(decideResync(log, { replid: 'C'.repeat(40), offset: 500 })).toEqual({ kind: 'full', reason: 'replid-mismatch' });
    expect(decideResync(log, { replid: log.replid, offset: 99 })).toEqual({ kind: 'full', reason: 'offset-out-of-backlog' });
    expect(decideResync(log, { replid: log.replid, offset: 901 })).toEqual({ kind: 'full', reason: 'offset-ahead' });
  });
});
