export { NodeServer } from './server/node-server.js';
export { startNode, type RunningNode } from './server/start-node.js';
export { ConfigStore } from './config/config-store.js';
export { FakeClock, systemClock, type Clock } from './clock.js';
