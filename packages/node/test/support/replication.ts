import { expect } from 'vitest';
import type { Redis } from 'ioredis';
import { startNodeProcess, waitFor, type NodeProcess } from './node-process.js';

/** Node arguments every replication test uses: DEBUG DIGEST allowed, no persistence. */
export const REPLICATION_TEST_ARGS = ['--enable-debug-command', 'yes', '--save', '', '--appendonly', 'no'];

export async function startReplicationNode(extra: string[] = []): Promise<NodeProcess> {
  return startNodeProcess([...REPLICATION_TEST_ARGS, ...extra]);
}

/** One field of INFO (any section), as text; undefined when absent. */
export async function infoField(client: Redis, field: string, section = 'everything'): Promise<string | undefined> {
  const info = await client.info(section);
  const match = new RegExp(`^${field}:(.*)\\r?$`, 'm').exec(info);
  return match?.[1]?.trim();
}

export async function infoNumber(client: Redis, field: string, section = 'everything'): Promise<number> {
  const value = await infoField(client, field, section);
  if (value === undefined) throw new Error(`INFO has no ${field}`);
  return Number(value);
}

/** Makes `replica` follow `primary` and waits until its link is up. */
export async function follow(replica: Redis, primary: NodeProcess, timeoutMs = 10_000): Promise<void> {
  expect(await replica.call('REPLICAOF', '127.0.0.1', String(primary.port))).toBe('OK');
  await waitFor(async () => (await infoField(replica, 'master_link_status', 'replication')) === 'up', timeoutMs, 'the link to the primary');
}

/**
 * Waits until every replica applied the primary's whole log and holds the same dataset, then returns the
 * digests (primary first). Polled with a deadline: DEBUG DIGEST leaves out keys whose time has passed, so a
 * key expiring between the two DIGEST calls makes them differ for a moment; a real divergence stays.
 */
export async function caughtUpDigests(primary: Redis, replicas: Redis[], timeoutMs = 20_000): Promise<string[]> {
  let digests: string[] = [];
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const target = await infoNumber(primary, 'master_repl_offset', 'replication');
    const offsets = await Promise.all(replicas.map((r) => infoNumber(r, 'slave_repl_offset', 'replication')));
    if (offsets.every((offset) => offset === target)) {
      digests = [String(await primary.call('DEBUG', 'DIGEST'))];
      for (const replica of replicas) digests.push(String(await replica.call('DEBUG', 'DIGEST')));
      if (digests.every((d) => d === digests[0])) return digests;
    }
    if (Date.now() > deadline) return digests.length > 0 ? digests : [`offset ${target}`, ...offsets.map(String)];
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
