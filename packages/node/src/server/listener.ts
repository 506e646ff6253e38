import { createServer, type Server } from 'node:net';
import { Connection } from './connection.js';
import type { NodeServer } from './node-server.js';

/**
 * Opens the node's TCP listeners (one per `bind` address, all on one port: the first picks it when the
 * configured port is 0), accepts connections and drives the periodic tick.
 */
export class Listener {
  private readonly servers: Server[] = [];
  private readonly connections = new Set<Connection>();
  private tickTimer: NodeJS.Timeout | null = null;
  private stopFollowingHz: (() => void) | null = null;

  constructor(private readonly node: NodeServer) {}

  async listen(addresses: readonly string[], port: number): Promise<number> {
    let chosen = port;
    for (const address of addresses) {
      const server = createServer({ noDelay: true }, (socket) => {
        const maxClients = this.node.config.getNumber('maxclients');
        if (this.node.clients.size >= maxClients) {
          this.node.stats.rejectedConnections++;
          socket.end('-ERR max number of clients reached\r\n');
          return;
        }
        const connection = new Connection(this.node, socket);
        this.connections.add(connection);
        socket.on('close', () => this.connections.delete(connection));
      });
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen({ host: address === '*' ? undefined : address, port: chosen }, () => {
          server.off('error', reject);
          resolve();
        });
      });
      const bound = server.address();
      if (bound && typeof bound === 'object') chosen = bound.port;
      this.servers.push(server);
    }
    this.node.port = chosen;
    this.startTicking();
    return chosen;
  }

  /** Ticks `hz` times a second, following CONFIG SET hz. */
  private startTicking(): void {
    const schedule = (): void => {
      if (this.tickTimer) clearInterval(this.tickTimer);
      const hz = Math.min(500, Math.max(1, this.node.config.getNumber('hz')));
      this.tickTimer = setInterval(() => this.node.tick(), Math.round(1000 / hz));
      this.tickTimer.unref();
    };
    schedule();
    this.stopFollowingHz = this.node.config.onChange('hz', schedule);
  }

  /** Stops accepting, closes every connection. */
  async close(): Promise<void> {
    if (this.tickTimer) clearInterval(this.tickTimer);
    this.stopFollowingHz?.();
    for (const connection of this.connections) connection.close(true);
    await Promise.all(this.servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  }
}
