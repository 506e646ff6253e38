import {
  grpc,
  nodeControlPackage,
  type ControlReply__Output,
  type Faults__Output,
  type FollowRequest,
  type NodeControlClient,
  type PauseWritesRequest,
  type ProbeReply__Output,
  type ProbeRequest,
  type PromoteRequest,
} from '@understudy/grpc';
import type { Redis } from 'ioredis';
import { infoNumber } from '../support/replication.js';

/** A sentinel's view of one node's NodeControl service, promisified, every call with a deadline. */
export interface ControlClient {
  probe(request?: ProbeRequest, deadlineMs?: number): Promise<ProbeReply__Output>;
  promote(request: PromoteRequest, deadlineMs?: number): Promise<ControlReply__Output>;
  follow(request: FollowRequest, deadlineMs?: number): Promise<ControlReply__Output>;
  pauseWrites(request: PauseWritesRequest, deadlineMs?: number): Promise<ControlReply__Output>;
  setFaults(isolated: boolean): Promise<Faults__Output>;
}

/** The gRPC port a node reports in INFO server. */
export function grpcPortOf(client: Redis): Promise<number> {
  return infoNumber(client, 'grpc_port', 'server');
}

type Method<Request, Reply> = (
  request: Request,
  options: grpc.CallOptions,
  callback: (err: grpc.ServiceError | null, reply?: Reply) => void,
) => grpc.ClientUnaryCall;

function call<Request, Reply>(method: Method<Request, Reply>, request: Request, deadlineMs: number): Promise<Reply> {
  return new Promise((resolve, reject) => {
    method(request, { deadline: Date.now() + deadlineMs }, (err, reply) => (err ? reject(err) : resolve(reply!)));
  });
}

const clients: NodeControlClient[] = [];

export function controlClient(grpcPort: number): ControlClient {
  const NodeControl = nodeControlPackage().NodeControl;
  const client = new NodeControl(`127.0.0.1:${grpcPort}`, grpc.credentials.createInsecure());
  clients.push(client);
  return {
    probe: (request = {}, deadlineMs = 5000) => call(client.Probe.bind(client), request, deadlineMs),
    promote: (request, deadlineMs = 10_000) => call(client.Promote.bind(client), request, deadlineMs),
    follow: (request, deadlineMs = 5000) => call(client.Follow.bind(client), request, deadlineMs),
    pauseWrites: (request, deadlineMs = 5000) => call(client.PauseWrites.bind(client), request, deadlineMs),
    setFaults: (isolated) => call(client.SetFaults.bind(client), { isolated }, 5000),
  };
}

/** Closes every control client the tests made (afterEach). */
export function closeControlClients(): void {
  for (const client of clients.splice(0)) client.close();
}

/** The gRPC status a call failed with. */
export async function failure(promise: Promise<unknown>): Promise<{ code: grpc.status; details: string }> {
  try {
    await promise;
  } catch (err) {
    const { code, details } = err as grpc.ServiceError;
    return { code, details };
  }
  throw new Error('the call succeeded');
}
