import { grpc, nodeControlPackage, type NodeControlClient } from '@understudy/grpc';
import { Redis } from 'ioredis';
import { startNodeProcess, waitFor, type NodeProcess } from '../../packages/node/test/support/node-process.js';
import { infoField, infoNumber } from '../../packages/node/test/support/replication.js';
import { startSentinelProcess, type SentinelProcess } from './sentinel-process.js';

export const MASTER_NAME = 'mymaster';

/** One data node of the group under test, which a test may kill, stop and restart on the same ports. */
export interface GroupNode {
  process: NodeProcess;
  readonly port: number;
  readonly grpcPort: number;
}

/**
 * A primary, its replicas and the sentinels watching it, all real processes on ports chosen by the OS: what
 * `understudy` will start, assembled by hand for the sentinel's acceptance tests.
 */
export class HaGroup {
  private readonly controls = new Map<number, NodeControlClient>();
  private readonly clients: Redis[] = [];

  private constructor(
    readonly nodes: GroupNode[],
    readonly sentinels: SentinelProcess[],
    private readonly nodeArgs: string[],
  ) {}

  static async start(options: { replicas: number; sentinels: number; downAfterMs: number; nodeArgs?: string[]; sentinelArgs?: string[] }): Promise<HaGroup> {
    const nodeArgs = ['--save', '', '--appendonly', 'no', '--grpc-port', '0', ...(options.nodeArgs ?? [])];
    const group = new HaGroup([], [], nodeArgs);
    try {
      const primary = await group.addNode([]);
      for (let i = 0; i < options.replicas; i++) await group.addNode(['--replicaof', `127.0.0.1 ${primary.port}`]);
      for (const node of group.nodes.slice(1)) {
        const client = group.client(node);
        await waitFor(async () => (await infoField(client, 'master_link_status', 'replication')) === 'up', 10_000, 'replica link up');
      }
      for (let i = 0; i < options.sentinels; i++) {
        group.sentinels.push(
          await startSentinelProcess([
            '--monitor', `${MASTER_NAME} 127.0.0.1 ${primary.port} ${Math.floor(options.sentinels / 2) + 1}`,
            '--down-after-milliseconds', String(options.downAfterMs),
            '--failover-timeout', '10000',
            ...(options.sentinelArgs ?? []),
          ]),
        );
      }
      return group;
    } catch (err) {
      await group.stop();
      throw err;
    }
  }

  private async addNode(args: string[]): Promise<GroupNode> {
    const process = await startNodeProcess([...this.nodeArgs, ...args]);
    const probe = process.client();
    const grpcPort = await infoNumber(probe, 'grpc_port', 'server');
    probe.disconnect();
    const node = { process, port: process.port, grpcPort };
    this.nodes.push(node);
    return node;
  }

  /** Starts a killed node again on its ports, with the command line it had (a primary's: none). */
  async restart(node: GroupNode, args: string[] = []): Promise<void> {
    await node.process.stop();
    node.process = await startNodeProcess([...this.nodeArgs, ...args, '--port', String(node.port), '--grpc-port', String(node.grpcPort)]);
  }

  node(port: number): GroupNode {
    return this.nodes.find((n) => n.port === port)!;
  }

  /** A plain client to one node (closed by stop()). */
  client(node: GroupNode): Redis {
    const redis = new Redis({ host: '127.0.0.1', port: node.port, maxRetriesPerRequest: 1, retryStrategy: () => 50, lazyConnect: false });
    redis.on('error', () => {});
    this.clients.push(redis);
    return redis;
  }

  /** An ioredis client in sentinel mode, as an app would make it. */
  sentinelClient(): Redis {
    const redis = new Redis({
      sentinels: this.sentinels.map((s) => ({ host: '127.0.0.1', port: s.port })),
      name: MASTER_NAME,
      maxRetriesPerRequest: null,
      sentinelRetryStrategy: () => 50,
      retryStrategy: () => 50,
    });
    redis.on('error', () => {});
    this.clients.push(redis);
    return redis;
  }

  /** Waits until every sentinel has found the other sentinels and every replica through the primary. */
  async formed(timeoutMs = 15_000): Promise<void> {
    const peers = String(this.sentinels.length - 1);
    const replicas = String(this.nodes.length - 1);
    await waitFor(
      async () => {
        for (const sentinel of this.sentinels) {
          const master = (await sentinel.client().call('SENTINEL', 'MASTER', MASTER_NAME)) as string[];
          const field = (name: string): string => master[master.indexOf(name) + 1]!;
          if (field('num-other-sentinels') !== peers || field('num-slaves') !== replicas) return false;
        }
        return true;
      },
      timeoutMs,
      'the sentinels to find each other and the replicas',
    );
  }

  /** What every sentinel answers to SENTINEL GET-MASTER-ADDR-BY-NAME, as ports. */
  async masterPorts(): Promise<number[]> {
    return Promise.all(
      this.sentinels.map(async (sentinel) => {
        const client = new Redis({ host: '127.0.0.1', port: sentinel.port, maxRetriesPerRequest: 1 });
        try {
          const reply = (await client.call('SENTINEL', 'GET-MASTER-ADDR-BY-NAME', MASTER_NAME)) as [string, string];
          return Number(reply[1]);
        } finally {
          client.disconnect();
        }
      }),
    );
  }

  /** The node's role as ROLE reports it, or 'down' when it does not answer in time. */
  async role(node: GroupNode): Promise<{ role: string; primaryPort: number }> {
    const client = new Redis({ host: '127.0.0.1', port: node.port, maxRetriesPerRequest: 0, connectTimeout: 500, commandTimeout: 500, retryStrategy: () => null, lazyConnect: true });
    client.on('error', () => {});
    try {
      await client.connect();
      const reply = (await client.call('ROLE')) as unknown[];
      return { role: String(reply[0]), primaryPort: reply[0] === 'slave' ? Number(reply[2]) : 0 };
    } catch {
      return { role: 'down', primaryPort: 0 };
    } finally {
      client.disconnect();
    }
  }

  /** Cuts a node off from sentinels and replicas, or heals it (the node's fault injection). */
  setIsolated(node: GroupNode, isolated: boolean): Promise<void> {
    let control = this.controls.get(node.grpcPort);
    if (control === undefined) {
      control = new (nodeControlPackage().NodeControl)(`127.0.0.1:${node.grpcPort}`, grpc.credentials.createInsecure());
      this.controls.set(node.grpcPort, control);
    }
    return new Promise((resolve, reject) => control.SetFaults({ isolated }, { deadline: Date.now() + 5000 }, (err) => (err ? reject(err) : resolve())));
  }

  async stop(): Promise<void> {
    for (const client of this.clients) client.disconnect();
    for (const control of this.controls.values()) control.close();
    await Promise.all([...this.sentinels.map((s) => s.stop()), ...this.nodes.map((n) => n.process.stop())]);
  }
}
