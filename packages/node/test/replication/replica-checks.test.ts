import { afterEach, describe, expect, it } from 'vitest';
import { createInProcessNode, type InProcessNode } from '../support/in-process.js';

/**
 * The dispatcher's replication checks on a node made a replica of an address nobody answers at (its link
 * stays down): READONLY, MASTERDOWN (also for an EXEC whose queued commands are not 'stale'), and WAIT.
 */
describe('a replica whose link is down', () => {
  let node: InProcessNode;
  afterEach(() => node.node.replication.stop());

  function replicaOfNowhere(config: [string, string][] = []): InProcessNode {
    node = createInProcessNode(config);
    expect(node.call('REPLICAOF', 'localhsot', '0')).toBe('OK');
    expect(node.call('REPLICAOF', 'localhsot', '0')).toBe('OK Already connected to specified master');
    return node;
  }

  it('refuses writes, also queued ones, but serves reads while replica-serve-stale-data is yes', () => {
    const { call } = replicaOfNowhere();
    expect(call('SET', 'k', 'v')).toEqual(new Error("READONLY You can't write against a read only replica."));
    expect(call('GET', 'k')).toBeNull();
    expect(call('MULTI')).toBe('OK');
    expect(call('SET', 'k', 'v')).toEqual(new Error("READONLY You can't write against a read only replica."));
    expect(call('EXEC')).toEqual(new Error('EXECABORT Transaction discarded because of previous errors.'));
    expect(String(call('WAIT', '1', '0'))).toMatch(/^Error: ERR WAIT cannot be used with replica instances/);
    const role = call('ROLE') as unknown[];
    expect(role.slice(0, 3)).toEqual(['slave', 'localhsot', 0]);
    expect(role[3]).toMatch(/^connect/); // connect or connecting: the link keeps trying
    expect(role[4]).toBe(-1);
  });

  it('answers MASTERDOWN with replica-serve-stale-data no, also to an EXEC queued before the link went down', () => {
    node = createInProcessNode([['replica-serve-stale-data', 'no']]);
    const { call } = node;
    const masterDown = "MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to 'no'.";
    expect(call('MULTI')).toBe('OK');
    expect(call('GET', 'k')).toBe('QUEUED');
    // Another client makes this node a replica meanwhile: the queued GET may no longer run.
    node.node.replication.followPrimary('localhsot', 0);
    expect(call('EXEC')).toEqual(new Error(`EXECABORT Transaction discarded because of: ${masterDown}`));
    expect(call('GET', 'k')).toEqual(new Error(masterDown));
    expect(call('PING')).toEqual(new Error(masterDown));
    expect(call('INFO', 'server')).toMatch(/redis_version/); // INFO is 'stale'
    expect(call('REPLICAOF', 'NO', 'ONE')).toBe('OK');
    expect(call('GET', 'k')).toBeNull();
  });

  it('promotion keeps the old history under master_replid2', () => {
    const { call } = replicaOfNowhere();
    const before = String(call('INFO', 'replication'));
    const replid = /master_replid:(\w+)/.exec(before)![1];
    const offset = Number(/master_repl_offset:(\d+)/.exec(before)![1]);
    expect(call('REPLICAOF', 'NO', 'ONE')).toBe('OK');
    const after = String(call('INFO', 'replication'));
    expect(after).toContain(`master_replid2:${replid}`);
    expect(after).toContain(`second_repl_offset:${offset + 1}`);
    expect(after).not.toContain(`master_replid:${replid}`);
    expect(call('SET', 'k', 'v')).toBe('OK');
  });
});
