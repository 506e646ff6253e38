import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findTool, startRealRedis, type RealRedis } from '../support/real-redis.js';
import { createInProcessNode, type InProcessNode } from '../support/in-process.js';

/**
 * The command table against a real redis-server 7.0.15: every command and subcommand we serve must exist in
 * Redis and describe itself exactly as Redis does in COMMAND INFO (subcommand lists aside: we may serve
 * fewer), and in COMMAND DOCS apart from argument descriptions and history, which the table does not carry.
 * Skipped when redis-server is not installed.
 */

const redisServer = findTool('redis-server');

/** A RESP2 map (name, value, ...) as an object. */
function object(flat: unknown): Record<string, unknown> {
  const items = (flat ?? []) as unknown[];
  const out: Record<string, unknown> = {};
  for (let i = 0; i < items.length; i += 2) out[items[i] as string] = items[i + 1];
  return out;
}

const INFO_FIELDS = ['name', 'arity', 'flags', 'first key', 'last key', 'step', 'ACL categories', 'tips', 'key specs'];
const DOC_FIELDS = ['summary', 'since', 'group', 'complexity', 'doc_flags', 'deprecated_since', 'replaced_by'];

describe.skipIf(redisServer === null)('the command table against redis-server', () => {
  let redis: RealRedis;
  let node: InProcessNode;

  beforeAll(async () => {
    redis = await startRealRedis(redisServer!, []);
    node = createInProcessNode();
  });

  afterAll(async () => {
    await redis?.stop();
  });

  it('describes every command as Redis does', async () => {
    const differences: string[] = [];
    for (const name of node.call('COMMAND', 'LIST') as string[]) {
      const [ours] = node.call('COMMAND', 'INFO', name) as unknown[][];
      const [theirs] = (await redis.client.call('COMMAND', 'INFO', name)) as unknown[][];
      if (!theirs) {
        differences.push(`${name}: not a Redis command`);
        continue;
      }
      INFO_FIELDS.forEach((field, i) => {
        const [a, b] = [JSON.stringify(ours![i]), JSON.stringify(theirs[i])];
        if (a !== b) differences.push(`${name} ${field}: ${a}, Redis ${b}`);
      });
      const docs = object(object(node.call('COMMAND', 'DOCS', name))[name]);
      const redisDocs = object(object(await redis.client.call('COMMAND', 'DOCS', name))[name]);
      for (const field of DOC_FIELDS) {
        const [a, b] = [JSON.stringify(docs[field]), JSON.stringify(redisDocs[field])];
        if (a !== b) differences.push(`${name} docs ${field}: ${a}, Redis ${b}`);
      }
    }
    expect(differences).toEqual([]);
  });
});
