import { randomBytes } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';
import { release, machine, type as osType } from 'node:os';
import type { Logger } from 'pino';
import { globMatch, notInSubscribeContext, unknownCommand, unknownSubcommand, wrongArity } from '@understudy/resp';
import { buildCommandTable, type CommandHost, type CommandSpec } from './commands/table.js';
import { Connection, type ConnectionHost } from './connection.js';
import type { InfoFacts } from './info.js';
import type { SentinelModel } from './model.js';
import { toWire } from './wire.js';

export interface SentinelApiOptions {
  /** Address to listen on (e.g. 127.0.0.1, 0.0.0.0, ::). */
  readonly host: string;
  /** 0: any free port (read it back from the returned handle). */
  readonly port: number;
  readonly logger?: Logger;
  /** `sentinel announce-ip` / `announce-port` / `resolve-hostnames` / `announce-hostnames`, for SENTINEL CONFIG GET. */
  readonly announceIp?: string;
  readonly announcePort?: number;
  readonly resolveHostnames?: boolean;
  readonly announceHostnames?: boolean;
  /** For INFO server: the gRPC port (Understudy's own grpc_port field), the config file and the executable. */
  readonly grpcPort?: number;
  readonly configFile?: string;
  readonly executable?: string;
  /** SHUTDOWN stops the sentinel through this; without it the command does not exist. */
  readonly onShutdown?: () => void;
}

/** A running Sentinel API listener. */
export interface SentinelApi {
  /** The port actually listened on. */
  readonly port: number;
  /** Connected clients now. */
  readonly connectedClients: number;
  /** Stops listening, drops every client and the event subscription. */
  close(): Promise<void>;
}

/**
 * Starts the RESP Sentinel API (RESP2 and RESP3, as redis-sentinel 7.0.15 answers) on `host:port`, reading
 * and asking `model`; Redis's pub/sub event channels are fed from model.onEvent.
 */
export async function startSentinelApi(model: SentinelModel, options: SentinelApiOptions): Promise<SentinelApi> {
  const server = new SentinelApiServer(model, options);
  await server.listen();
  return server;
}

class SentinelApiServer implements ConnectionHost, CommandHost, SentinelApi {
  readonly announceIp: string;
  readonly announcePort: number;
  readonly resolveHostnames: boolean;
  readonly announceHostnames: boolean;
  readonly shutdown: (() => void) | undefined;
  private readonly table: Map<string, CommandSpec>;
  private readonly net: Server;
  private readonly connections = new Map<number, Connection>();
  private readonly sockets = new Set<Socket>();
  /** Channel -> its subscribers; pattern -> its subscribers (latin1 binary strings, as received). */
  private readonly channelSubscribers = new Map<string, Set<Connection>>();
  private readonly patternSubscribers = new Map<string, Set<Connection>>();
  private readonly stopEvents: () => void;
  private readonly runId = randomBytes(20).toString('hex');
  private readonly startedAt = Date.now();
  private nextId = 1;
  private listeningPort = 0;
  private readonly stats = {
    connectionsReceived: 0,
    commandsProcessed: 0,
    netInputBytes: 0,
    netOutputBytes: 0,
    errorReplies: 0,
    readsProcessed: 0,
    writesProcessed: 0,
  };

  constructor(
    readonly model: SentinelModel,
    private readonly options: SentinelApiOptions,
  ) {
    this.announceIp = options.announceIp ?? '';
    this.announcePort = options.announcePort ?? 0;
    this.resolveHostnames = options.resolveHostnames ?? false;
    this.announceHostnames = options.announceHostnames ?? false;
    this.shutdown = options.onShutdown;
    this.table = buildCommandTable(this);
    this.net = createServer((socket) => this.accept(socket));
    this.net.on('error', (err) => options.logger?.error({ err }, 'Sentinel API listener error'));
    this.stopEvents = model.onEvent((event) => this.publish(toWire(event.channel), toWire(event.message)));
  }

  get port(): number {
    return this.listeningPort;
  }

  get connectedClients(): number {
    return this.connections.size;
  }

  listen(): Promise<void> {
    return new Promise((resolve, reject) => {
      const onError = (err: Error): void => {
        this.stopEvents();
        reject(err);
      };
      this.net.once('error', onError);
      this.net.listen(this.options.port, this.options.host, () => {
        this.net.off('error', onError);
        const address = this.net.address();
        this.listeningPort = typeof address === 'object' && address !== null ? address.port : this.options.port;
        resolve();
      });
    });
  }

  async close(): Promise<void> {
    this.stopEvents();
    const closed = new Promise<void>((resolve) => this.net.close(() => resolve()));
    for (const conn of [...this.connections.values()]) conn.close(true);
    for (const socket of this.sockets) socket.destroy();
    await closed;
  }

  private accept(socket: Socket): void {
    this.stats.connectionsReceived++;
    this.sockets.add(socket);
    socket.once('close', () => this.sockets.delete(socket));
    const conn = new Connection(this.nextId++, this, socket);
    this.connections.set(conn.id, conn);
  }

  // ---- ConnectionHost ------------------------------------------------------------------------------------

  /** processCommand: lookup, arity, the RESP2 subscribe context; then the handler. */
  execute(conn: Connection, args: string[]): void {
    let command = this.table.get(args[0]!.toLowerCase());
    if (command === undefined) return conn.error(unknownCommand(args));
    if (command.subcommands !== undefined && args.length >= 2) {
      const sub = command.subcommands.get(args[1]!.toLowerCase());
      if (sub === undefined) return conn.error(unknownSubcommand(args[1]!, args[0]!));
      command = sub;
    }
    const arity = command.arity;
    if ((arity > 0 && args.length !== arity) || args.length < -arity) return conn.error(wrongArity(command.fullName));
    if (conn.protocol === 2 && conn.subscriptionCount > 0 && !command.pubsubContext) {
      return conn.error(notInSubscribeContext(command.fullName));
    }
    conn.lastCommand = command.fullName;
    const mark = conn.reply.mark();
    try {
      command.handler(conn, args);
      // Counted once run, as call() counts it: INFO does not count itself.
      this.stats.commandsProcessed++;
    } catch (err) {
      // A failing model call must not take the sentinel down: whatever part of a reply was written is dropped,
      // the command gets an error instead, and the connection lives.
      this.options.logger?.error({ err, command: command.fullName }, 'Sentinel API command failed');
      conn.reply.discardSince(mark);
      conn.error(`ERR internal error executing '${command.fullName}': ${(err as Error).message}`);
    }
  }

  removed(conn: Connection): void {
    this.connections.delete(conn.id);
    for (const channel of [...conn.channels]) this.unsubscribe(conn, channel);
    for (const pattern of [...conn.patterns]) this.punsubscribe(conn, pattern);
  }

  countInput(bytes: number): void {
    this.stats.netInputBytes += bytes;
    this.stats.readsProcessed++;
  }

  countOutput(bytes: number): void {
    this.stats.netOutputBytes += bytes;
    this.stats.writesProcessed++;
  }

  countError(): void {
    this.stats.errorReplies++;
  }

  wallNow(): number {
    return Date.now();
  }

  // ---- CommandHost ---------------------------------------------------------------------------------------

  clients(): Iterable<Connection> {
    return this.connections.values();
  }

  client(id: number): Connection | undefined {
    return this.connections.get(id);
  }

  infoFacts(): InfoFacts {
    let maxInput = 0;
    let maxOutput = 0;
    for (const c of this.connections.values()) {
      maxInput = Math.max(maxInput, c.queryBufferBytes);
      maxOutput = Math.max(maxOutput, c.outputBufferBytes);
    }
    return {
      wallNow: Date.now(),
      startedAt: this.startedAt,
      pid: process.pid,
      runId: this.runId,
      port: this.listeningPort,
      grpcPort: this.options.grpcPort,
      executable: this.options.executable ?? process.argv[1] ?? '',
      configFile: this.options.configFile ?? '',
      os: `${osType()} ${release()} ${machine()}`,
      connectedClients: this.connections.size,
      maxInputBuffer: maxInput,
      maxOutputBuffer: maxOutput,
      ...this.stats,
      pubsubChannels: this.channelSubscribers.size,
      pubsubPatterns: this.patternSubscribers.size,
      cpu: process.cpuUsage(),
    };
  }

  subscribe(conn: Connection, channel: string): void {
    join(conn.channels, this.channelSubscribers, conn, channel);
  }

  unsubscribe(conn: Connection, channel: string): boolean {
    return leave(conn.channels, this.channelSubscribers, conn, channel);
  }

  psubscribe(conn: Connection, pattern: string): void {
    join(conn.patterns, this.patternSubscribers, conn, pattern);
  }

  punsubscribe(conn: Connection, pattern: string): boolean {
    return leave(conn.patterns, this.patternSubscribers, conn, pattern);
  }

  /** pubsubPublishMessage: channel subscribers get "message", then pattern subscribers "pmessage". */
  private publish(channel: string, message: string): void {
    const touched = new Set<Connection>();
    const push = (conn: Connection, frame: readonly string[]): void => {
      conn.reply.pushHeader(frame.length);
      for (const item of frame) conn.reply.bulk(item);
      touched.add(conn);
    };
    for (const conn of this.channelSubscribers.get(channel) ?? []) push(conn, ['message', channel, message]);
    for (const [pattern, conns] of this.patternSubscribers) {
      if (!globMatch(pattern, channel)) continue;
      for (const conn of conns) push(conn, ['pmessage', pattern, channel, message]);
    }
    for (const conn of touched) conn.requestFlush();
  }
}

/** Adds `name` to a connection's own set and the connection to the server's index, unless already there. */
function join(own: Set<string>, all: Map<string, Set<Connection>>, conn: Connection, name: string): void {
  if (own.has(name)) return;
  own.add(name);
  let set = all.get(name);
  if (set === undefined) all.set(name, (set = new Set()));
  set.add(conn);
}

/** The reverse of join; false if the connection was not subscribed. */
function leave(own: Set<string>, all: Map<string, Set<Connection>>, conn: Connection, name: string): boolean {
  if (!own.delete(name)) return false;
  const set = all.get(name);
  set?.delete(conn);
  if (set?.size === 0) all.delete(name);
  return true;
}
