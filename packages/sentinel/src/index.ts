// @understudy/sentinel: the sentinel process (redis-sentinel's role over gRPC), its configuration, and the RESP
// Sentinel API that clients (ioredis, redis-cli) talk to.
export * from './config/index.js';
export * from './api/index.js';
export type { MonitorConfig } from './core/config.js';
export { MONITOR_DEFAULTS } from './core/config.js';
export type { Address, InstanceView, MasterView, PeerView, QuorumCheck, ReplicaView, SentinelEvent } from './core/view.js';
