import { connect } from 'node:net';
import { encodeCommand, ReplyParser, type RespValue } from '@understudy/resp';

/** What a caller needs to reach its primary's gRPC endpoint. */
export interface PrimaryCredentials {
  /** masteruser / masterauth, when the primary asks for a password. */
  user: string | null;
  password: string | null;
}

/**
 * Asks the Understudy node at host:port (its RESP address: what REPLICAOF and `sentinel monitor` name) for its
 * gRPC port: `INFO server` reports it as `grpc_port`. Authenticates first when credentials are given, as a
 * Redis replica does before PSYNC. Replicas use it to find their primary's Replication service, sentinels to
 * find a node's NodeControl service.
 */
export function discoverGrpcPort(host: string, port: number, credentials: PrimaryCredentials, timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    const parser = new ReplyParser();
    const replies: RespValue[] = [];
    const expected = credentials.password !== null ? 2 : 1;
    const fail = (err: Error): void => {
      socket.destroy();
      reject(err);
    };
    socket.setTimeout(timeoutMs, () => fail(new Error(`no answer from ${host}:${port} within ${timeoutMs} ms`)));
    socket.on('error', fail);
    socket.on('connect', () => {
      if (credentials.password !== null) {
        const auth = credentials.user !== null ? ['AUTH', credentials.user, credentials.password] : ['AUTH', credentials.password];
        socket.write(encodeCommand(auth));
      }
      socket.write(encodeCommand(['INFO', 'server']));
    });
    socket.on('data', (chunk) => {
      parser.feed(chunk);
      for (let reply = parser.next(); reply !== undefined; reply = parser.next()) replies.push(reply);
      if (replies.length < expected) return;
      socket.destroy();
      const failed = replies.find((reply) => reply.type === 'error');
      if (failed !== undefined && failed.type === 'error') return reject(new Error(`node answered: ${failed.value}`));
      const info = replies[expected - 1]!;
      const text = info.type === 'bulk' || info.type === 'verbatim' ? info.value.toString('latin1') : '';
      const found = /^grpc_port:(\d+)\r?$/m.exec(text);
      if (found === null) return reject(new Error(`${host}:${port} reports no grpc_port: not an Understudy node?`));
      resolve(Number(found[1]));
    });
  });
}
