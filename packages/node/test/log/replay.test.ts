import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/clock.js';
import { EffectApplier } from '../../src/log/effect-applier.js';
import { datasetDigest } from '../../src/store/digest.js';
import { createInProcessNode, type InProcessNode } from '../support/in-process.js';
import { seededRandom } from '../support/seeded-random.js';


/** One random command of the kinds whose effects must be made deterministic in the log. */
export function randomCommand(random: () => number): string[] {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const key = `k${Math.floor(random() * 40)}`;
  const other = `k${Math.floor(random() * 40)}`;
  const value = pick(['', 'v', '12', '-3', '3.5', 'x'.repeat(60), '\x00\xff\r\n']);
  const n = String(1 + Math.floor(random() * 5000));
  const commands: string[][] = [
    ['SET', key, value],
    ['SET', key, value, 'PX', n],
    ['SET', key, value, 'EX', '100', 'GET'],
    ['SET', key, value, 'NX'],
    ['SET', key, value, 'XX', 'KEEPTTL'],
    ['SETEX', key, '50', value],
    ['PSETEX', key, n, value],
    ['MSET', key, value, other, value],
    ['MSETNX', key, value, other, value],
    ['GETSET', key, value],
    ['GETDEL', key],
    ['GETEX', key, 'PX', n],
    ['GETEX', key, 'PERSIST'],
    ['APPEND', key, value],
    ['SETRANGE', key, String(Math.floor(random() * 20)), 'abc'],
    ['SETBIT', key, String(Math.floor(random() * 200)), pick(['0', '1'])],
    ['INCR', key],
    ['DECRBY', key, '7'],
    ['INCRBYFLOAT', key, '1.25'],
    ['DEL', key, other],
    ['UNLINK', key],
    ['EXPIRE', key, String(1 + Math.floor(random() * 10))],
    ['PEXPIRE', key, n, pick(['NX', 'XX', 'GT', 'LT'])],
    ['EXPIREAT', key, '1'],
    ['PERSIST', key],
    ['RENAME', key, other],
    ['RENAMENX', key, other],
    ['COPY', key, other, 'REPLACE'],
    ['MOVE', key, '1'],
    ['SELECT', pick(['0', '0', '1', '2'])],
    ['BITOP', 'OR', key, key, other],
    ['GET', key],
    ['TTL', key],
  ];
  return pick(commands);
}

function runWorkload(seed: number, steps: number): { source: InProcessNode; log: Buffer[] } {
  const source = createInProcessNode();
  const log: Buffer[] = [];
  source.node.log.subscribe((bytes) => log.push(Buffer.from(bytes)));
  const random = seededRandom(seed);
  for (let i = 0; i < steps; i++) {
    if (random() < 0.05) {
      source.exec('MULTI');
      const count = 1 + Math.floor(random() * 4);
      for (let j = 0; j < count; j++) source.exec(...randomCommand(random));
      source.exec('EXEC');
    } else {
      source.exec(...randomCommand(random));
    }
    source.clock.advance(Math.floor(random() * 300));
    if (random() < 0.1) source.node.tick(); // the active expiry cycle runs too
  }
  return { source, log };
}

describe('effect log replay', () => {
  for (const seed of [1, 2, 3, 4, 5]) {
    it(`rebuilds the same dataset from the log (seed ${seed})`, () => {
      const { source, log } = runWorkload(seed, 3000);
      // Replay at the source's current time into an empty node, through the same dispatcher.
      const replica = createInProcessNode([], new FakeClock(source.clock.now()));
      new EffectApplier(replica.node).feed(Buffer.concat(log));
      const digest = datasetDigest(source.node.keyspace.dbs);
      expect(source.node.keyspace.totalKeys()).toBeGreaterThan(0);
      expect(datasetDigest(replica.node.keyspace.dbs)).toBe(digest);
      expect(replica.node.log.offset).toBeGreaterThan(0);
    });
  }

  it('records relative expiries as absolute times', () => {
    const source = createInProcessNode();
    const log: string[] = [];
    source.node.log.subscribe((bytes) => log.push(bytes.toString('latin1')));
    source.exec('SET', 'a', 'v', 'EX', '10');
    expect(log.join('')).toContain(`PXAT\r\n$13\r\n${source.clock.now() + 10_000}`);
    expect(log.join('')).not.toContain('\r\nEX\r\n');
  });
});
