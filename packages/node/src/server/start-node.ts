import type { Clock } from '../clock.js';
import { systemClock } from '../clock.js';
import type { ConfigStore } from '../config/config-store.js';
import { Listener } from './listener.js';
import { NodeServer } from './node-server.js';
import { silentLogger, type Logger } from './logger.js';

export interface RunningNode {
  readonly node: NodeServer;
  readonly port: number;
  readonly addresses: readonly string[];
  close(): Promise<void>;
}

/** Starts a node from a configuration: binds its listeners and begins the periodic tick. */
export async function startNode(
  config: ConfigStore,
  clock: Clock = systemClock,
  logger: Logger = silentLogger,
): Promise<RunningNode> {
  const node = new NodeServer(config, clock, logger);
  const listener = new Listener(node);
  const addresses = config
    .getString('bind')
    .split(/\s+/)
    .filter((a) => a !== '' && !a.startsWith('-'));
  const port = await listener.listen(addresses.length > 0 ? addresses : ['*'], config.getNumber('port'));
  return { node, port, addresses, close: () => listener.close() };
}
