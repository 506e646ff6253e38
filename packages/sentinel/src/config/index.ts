export {
  DEFAULT_BIND,
  DEFAULT_SENTINEL_PORT,
  GRPC_PORT_OFFSET,
  SENTINEL_USAGE,
  SentinelConfigError,
  parseSentinelArgs,
  parseSentinelConfigText,
} from './sentinel-config.js';
export type {
  KnownSentinel,
  LogLevel,
  ParseSentinelArgsOptions,
  SentinelConfig,
  SentinelMasterConfig,
} from './sentinel-config.js';
