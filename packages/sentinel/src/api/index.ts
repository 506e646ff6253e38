export { startSentinelApi } from './server.js';
export type { SentinelApi, SentinelApiOptions } from './server.js';
export type { FailoverOutcome, SentinelModel } from './model.js';
// The version every Understudy process answers as, for the sentinel's --version banner.
export { REDIS_VERSION } from '@understudy/resp';
