import { RequestParser } from '@understudy/resp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInProcessNode, type InProcessNode } from '../support/in-process.js';
import { startNodeProcess, stopAllNodeProcesses, waitFor, type NodeProcess } from '../support/node-process.js';

/** Every effect the node logs from now on, decoded, SELECTs included. */
function recordEffects(n: InProcessNode): string[][] {
  const parser = new RequestParser();
  const effects: string[][] = [];
  n.node.log.subscribe((bytes) => {
    parser.feed(bytes);
    for (let args = parser.next(); args !== null; args = parser.next()) effects.push(args);
  });
  return effects;
}

describe('INFO', () => {
  it('answers the requested sections as a verbatim string in RESP3 and a bulk string in RESP2', () => {
    const n = createInProcessNode();
    const resp2 = n.exec('INFO', 'server');
    expect(resp2.type).toBe('bulk');
    expect(n.call('INFO', 'server')).toMatch(/^# Server\r\nredis_version:7\.0\.15\r\n/);
    n.call('HELLO', '3');
    const resp3 = n.exec('INFO', 'cpu');
    expect(resp3.type).toBe('verbatim');
    expect(n.call('INFO', 'cpu')).toMatch(/^# CPU\r\nused_cpu_sys:\d+\.\d{6}\r\n/);
  });

  it('keeps one run id for the life of the node', () => {
    const n = createInProcessNode();
    const runId = (): string => /run_id:([0-9a-f]{40})/.exec(n.call('INFO', 'server') as string)![1]!;
    expect(runId()).toBe(runId());
    expect(createInProcessNode().call('INFO') as string).not.toContain(`run_id:${runId()}`);
  });

  it('counts command calls, including INFO itself, in commandstats', () => {
    const n = createInProcessNode();
    n.call('SET', 'a', 'b');
    n.call('INFO', 'commandstats');
    const text = n.call('INFO', 'commandstats') as string;
    expect(text).toMatch(/cmdstat_set:calls=1,/);
    expect(text).toMatch(/cmdstat_info:calls=1,/);
  });
});

describe('DBSIZE', () => {
  it('counts the keys of the selected database', () => {
    const n = createInProcessNode();
    expect(n.call('DBSIZE')).toBe(0);
    n.call('SET', 'a', '1');
    n.call('SET', 'b', '2');
    expect(n.call('DBSIZE')).toBe(2);
    n.call('SELECT', '1');
    expect(n.call('DBSIZE')).toBe(0);
    expect(n.call('DBSIZE', 'x')).toEqual(new Error("ERR wrong number of arguments for 'dbsize' command"));
  });
});

describe('FLUSHDB / FLUSHALL', () => {
  it('FLUSHDB empties only the selected database and FLUSHALL every one', () => {
    const n = createInProcessNode();
    n.call('SET', 'a', '1');
    n.call('SELECT', '2');
    n.call('SET', 'b', '1');
    n.call('SET', 'c', '1', 'EX', '100');
    expect(n.call('FLUSHDB')).toBe('OK');
    expect(n.call('DBSIZE')).toBe(0);
    expect(n.node.keyspace.db(2).expires.size).toBe(0);
    n.call('SELECT', '0');
    expect(n.call('DBSIZE')).toBe(1);
    n.call('SELECT', '5');
    n.call('SET', 'd', '1');
    expect(n.call('FLUSHALL', 'SYNC')).toBe('OK');
    expect(n.node.keyspace.totalKeys()).toBe(0);
  });

  it('accepts ASYNC and SYNC and nothing else', () => {
    const n = createInProcessNode();
    expect(n.call('FLUSHDB', 'async')).toBe('OK');
    expect(n.call('FLUSHALL', 'Sync')).toBe('OK');
    expect(n.call('FLUSHDB', 'now')).toEqual(new Error('ERR syntax error'));
    expect(n.call('FLUSHALL', 'async', 'sync')).toEqual(new Error('ERR syntax error'));
  });

  it('propagates as itself even when there was nothing to remove', () => {
    const n = createInProcessNode();
    const effects = recordEffects(n);
    n.call('FLUSHALL');
    n.call('SELECT', '4');
    n.call('SET', 'k', 'v');
    n.call('FLUSHDB', 'ASYNC');
    expect(effects).toEqual([
      ['SELECT', '0'],
      ['FLUSHALL'],
      ['SELECT', '4'],
      ['SET', 'k', 'v'],
      ['FLUSHDB', 'ASYNC'],
    ]);
  });

  it('counts removed keys as changes and breaks the WATCH of emptied keys', () => {
    const n = createInProcessNode();
    n.call('SET', 'a', '1');
    n.call('SET', 'b', '1');
    const before = n.node.dirtySinceSave;
    n.call('FLUSHALL');
    expect(n.node.dirtySinceSave - before).toBe(2);
    n.call('SET', 'w', '1');
    n.call('WATCH', 'w');
    n.call('FLUSHDB');
    n.call('MULTI');
    n.call('SET', 'x', '1');
    expect(n.call('EXEC')).toBeNull();
  });
});

describe('TIME and LASTSAVE', () => {
  it('TIME gives the node clock as seconds and microseconds', () => {
    const n = createInProcessNode();
    n.clock.set(1_700_000_123_456);
    expect(n.call('TIME')).toEqual(['1700000123', '456000']);
  });

  it('LASTSAVE is the start time until something is saved', () => {
    const n = createInProcessNode();
    const start = Math.floor(n.clock.now() / 1000);
    n.clock.advance(60_000);
    expect(n.call('LASTSAVE')).toBe(start);
  });
});

describe('ROLE', () => {
  it('describes a primary with its replication offset and no replicas', () => {
    const n = createInProcessNode();
    n.call('SET', 'k', 'v');
    expect(n.call('ROLE')).toEqual(['master', n.node.log.offset, []]);
  });
});

describe('SHUTDOWN', () => {
  it('hands over to the process driver and replies nothing', () => {
    const n = createInProcessNode();
    let calls = 0;
    n.node.onShutdown = () => calls++;
    n.node.dispatcher.execute(n.client, ['SHUTDOWN', 'NOSAVE', 'NOW']);
    expect(calls).toBe(1);
    expect(n.client.reply.pending).toBe(0);
  });

  it('checks its options like Redis', () => {
    const n = createInProcessNode();
    n.node.onShutdown = () => {
      throw new Error('must not shut down');
    };
    expect(n.call('SHUTDOWN', 'SAVE', 'NOSAVE')).toEqual(new Error('ERR syntax error'));
    expect(n.call('SHUTDOWN', 'ABORT', 'NOW')).toEqual(new Error('ERR syntax error'));
    expect(n.call('SHUTDOWN', 'LATER')).toEqual(new Error('ERR syntax error'));
    expect(n.call('SHUTDOWN', 'ABORT')).toEqual(new Error('ERR No shutdown in progress.'));
    n.call('MULTI');
    expect(n.call('SHUTDOWN')).toEqual(new Error('ERR Command not allowed inside a transaction'));
  });

  it('fails when no process driver is attached', () => {
    const n = createInProcessNode();
    expect(n.call('SHUTDOWN')).toEqual(new Error('ERR Errors trying to SHUTDOWN. Check logs.'));
  });
});

describe('server commands over the network', () => {
  let node: NodeProcess;

  beforeAll(async () => {
    node = await startNodeProcess();
  });

  afterAll(async () => {
    await stopAllNodeProcesses();
  });

  it('INFO reports this process and the connected clients, in RESP2 and RESP3', async () => {
    const r2 = node.client({ protocol: 2 });
    const r3 = node.client({ protocol: 3 });
    await r3.ping();
    const info = await r2.info();
    expect(info).toContain(`process_id:${node.pid}\r\n`);
    expect(info).toContain(`tcp_port:${node.port}\r\n`);
    expect(Number(/connected_clients:(\d+)/.exec(info)![1])).toBeGreaterThanOrEqual(2);
    expect(Number(/used_memory:(\d+)/.exec(info)![1])).toBeGreaterThan(0);
    const cpu = (await r3.call('INFO', 'cpu')) as string;
    expect(cpu).toMatch(/^# CPU\r\nused_cpu_sys:/);
  });

  it('TIME follows the wall clock', async () => {
    const r = node.client();
    const [seconds, micros] = (await r.time()) as [number | string, number | string];
    expect(Math.abs(Number(seconds) - Date.now() / 1000)).toBeLessThan(5);
    expect(Number(micros)).toBeLessThan(1_000_000);
  });

  it('SHUTDOWN ends the process', async () => {
    const own = await startNodeProcess();
    const r = own.client({ maxRetriesPerRequest: 0, retryStrategy: () => null });
    await r.set('k', 'v');
    await r.call('SHUTDOWN', 'NOSAVE').catch(() => undefined);
    let exited = false;
    await waitFor(() => {
      try {
        process.kill(own.pid, 0);
      } catch {
        exited = true;
      }
      return exited;
    }, 10_000, 'the node process to exit');
    await own.stop();
  });
});
