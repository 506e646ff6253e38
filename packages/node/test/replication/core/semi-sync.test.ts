import { describe, expect, it } from 'vitest';
import { holdVerdict, quorumOffset, splitChunks, type QuorumState } from '../../../src/replication/core/semi-sync.js';

const base: QuorumState = { isPrimary: true, needed: 1, quorumOffset: 100, goodReplicas: 1, maxLagSeconds: 10 };

describe('holdVerdict', () => {
  it('releases once the quorum acknowledged the offset, and waits before', () => {
    expect(holdVerdict(base, 100)).toBe('release');
    expect(holdVerdict(base, 99)).toBe('release');
    expect(holdVerdict(base, 101)).toBe('wait');
  });

  it('releases everything when min-replicas-to-write went back to 0', () => {
    expect(holdVerdict({ ...base, needed: 0, quorumOffset: -1, goodReplicas: 0 }, 500)).toBe('release');
  });

  it('drops a node that is no longer a primary, even if its replicas acknowledged', () => {
    expect(holdVerdict({ ...base, isPrimary: false }, 50)).toBe('drop');
  });

  it('drops when fewer good replicas than needed remain (new writes would get NOREPLICAS)', () => {
    expect(holdVerdict({ ...base, needed: 2, goodReplicas: 1 }, 101)).toBe('drop');
    expect(holdVerdict({ ...base, needed: 2, goodReplicas: 2 }, 101)).toBe('wait');
  });

  it('never drops for lag with min-replicas-max-lag 0', () => {
    expect(holdVerdict({ ...base, goodReplicas: 0, maxLagSeconds: 0 }, 101)).toBe('wait');
  });
});

describe('quorumOffset', () => {
  const replica = (ackOffset: number, state = 'online') => ({ state, ackOffset });

  it('is the needed-th highest acknowledged offset among online replicas', () => {
    const replicas = [replica(10), replica(30), replica(20), replica(99, 'send_bulk')];
    expect(quorumOffset(replicas, 1)).toBe(30);
    expect(quorumOffset(replicas, 2)).toBe(20);
    expect(quorumOffset(replicas, 3)).toBe(10);
  });

  it('is -1 with fewer online replicas than needed', () => {
    expect(quorumOffset([replica(10), replica(99, 'wait_bgsave')], 2)).toBe(-1);
    expect(quorumOffset([], 1)).toBe(-1);
  });
});

describe('splitChunks', () => {
  const chunks = [Buffer.from('abc'), Buffer.from('defg'), Buffer.from('h')];
  const text = (list: Buffer[]) => list.map((b) => b.toString()).join('|');

  it('cuts inside the straddling chunk', () => {
    const [head, tail] = splitChunks(chunks, 5);
    expect(text(head)).toBe('abc|de');
    expect(text(tail)).toBe('fg|h');
  });

  it('cuts at chunk boundaries and at both ends', () => {
    expect(splitChunks(chunks, 3).map(text)).toEqual(['abc', 'defg|h']);
    expect(splitChunks(chunks, 0).map(text)).toEqual(['', 'abc|defg|h']);
    expect(splitChunks(chunks, 8).map(text)).toEqual(['abc|defg|h', '']);
  });
});
