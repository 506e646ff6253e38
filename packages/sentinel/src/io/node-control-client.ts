import { discoverGrpcPort, grpc, nodeControlPackage, type ControlReply__Output, type NodeControlClient, type ProbeReply__Output } from '@understudy/grpc';
import type { Action, ControlOutcome, Hello, NodeFacts, NodeRef } from '../core/types.js';
import { factsFromReply, helloToMessage } from './convert.js';
import { CHANNEL_OPTIONS, grpcTarget } from './grpc-options.js';

type ControlAction = Extract<Action, { kind: 'promote' | 'follow' | 'pause' }>;

/**
 * Calls to data nodes' NodeControl service: one client per node, its gRPC port learned from the probe reply of
 * its primary, or asked once over RESP (INFO server's grpc_port) for a node only known by its RESP address.
 */
export class NodeControlClients {
  private readonly clients = new Map<string, NodeControlClient>();
  /** RESP address -> gRPC port, for nodes whose port the core did not know. */
  private readonly discovered = new Map<string, number>();

  async probe(target: NodeRef, hello: Hello, timeoutMs: number): Promise<NodeFacts | null> {
    const client = await this.clientFor(target, timeoutMs);
    if (client === null) return null;
    const reply = await new Promise<ProbeReply__Output | null>((resolve) => {
      client.Probe({ hello: helloToMessage(hello) }, { deadline: Date.now() + timeoutMs }, (err, value) => resolve(err || !value ? null : value));
    });
    return reply && factsFromReply(reply);
  }

  async control(action: ControlAction): Promise<ControlOutcome> {
    const client = await this.clientFor(action.target, action.timeoutMs);
    if (client === null) return { ok: false, error: `no gRPC port known for ${action.target.host}:${action.target.port}` };
    const options = { deadline: Date.now() + action.timeoutMs };
    return new Promise((resolve) => {
      const done = (err: grpc.ServiceError | null, reply?: ControlReply__Output): void => {
        resolve(err || !reply ? { ok: false, error: err?.details ?? 'no reply' } : { ok: true, offset: reply.offset });
      };
      switch (action.kind) {
        case 'promote':
          client.Promote({ epoch: action.epoch, waitForOffset: action.waitForOffset, timeoutMs: action.timeoutMs }, options, done);
          break;
        case 'follow':
          client.Follow({ epoch: action.epoch, host: action.primary.host, port: action.primary.port, caughtUpOffset: action.caughtUpOffset }, options, done);
          break;
        case 'pause':
          client.PauseWrites({ epoch: action.epoch, timeoutMs: action.timeoutMs, resume: action.resume }, options, done);
          break;
      }
    });
  }

  close(): void {
    for (const client of this.clients.values()) client.close();
    this.clients.clear();
  }

  private async clientFor(target: NodeRef, timeoutMs: number): Promise<NodeControlClient | null> {
    const key = `${target.host}:${target.port}`;
    let grpcPort = target.grpcPort || this.discovered.get(key);
    if (grpcPort === undefined) {
      try {
        grpcPort = await discoverGrpcPort(target.host, target.port, { user: null, password: null }, timeoutMs);
        this.discovered.set(key, grpcPort);
      } catch {
        return null;
      }
    }
    const address = grpcTarget(target.host, grpcPort);
    let client = this.clients.get(address);
    if (client === undefined) {
      client = new (nodeControlPackage().NodeControl)(address, grpc.credentials.createInsecure(), CHANNEL_OPTIONS);
      this.clients.set(address, client);
    }
    return client;
  }
}
