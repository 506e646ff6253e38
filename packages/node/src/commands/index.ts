import { bitCommands } from './bits.js';
import { clientCommands } from './client.js';
import { commandInfoCommands } from './command-info.js';
import { configCommands } from './config-command.js';
import { connectionCommands } from './connection.js';
import { debugCommands } from './debug.js';
import { expireCommands } from './expire.js';
import { functionCommands } from './function.js';
import { hashCommands } from './hashes.js';
import { keyCommands } from './keys.js';
import { lcsCommands } from './lcs.js';
import { listCommands } from './lists.js';
import { memoryCommands } from './memory.js';
import { objectCommands } from './object.js';
import { pubsubCommands } from './pubsub.js';
import { replicationCommands } from './replication.js';
import { scanCommands } from './scan.js';
import { serverCommands } from './server.js';
import { setCommands } from './sets.js';
import { sortCommands } from './sort.js';
import { stringCommands } from './strings.js';
import { syncCommands } from './sync.js';
import { transactionCommands } from './transactions.js';
import { zsetCommands } from './zsets.js';
import type { CommandFamily } from './types.js';

/** Every command family the node serves (one file per family). */
export const allCommandFamilies: readonly CommandFamily[] = [
  connectionCommands,
  stringCommands,
  bitCommands,
  lcsCommands,
  keyCommands,
  expireCommands,
  scanCommands,
  objectCommands,
  memoryCommands,
  listCommands,
  hashCommands,
  setCommands,
  zsetCommands,
  sortCommands,
  pubsubCommands,
  transactionCommands,
  syncCommands,
  replicationCommands,
  serverCommands,
  configCommands,
  clientCommands,
  commandInfoCommands,
  debugCommands,
  functionCommands,
];
