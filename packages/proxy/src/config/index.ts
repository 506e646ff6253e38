export {
  DEFAULT_HOLD_TIMEOUT_MS,
  DEFAULT_PROXY_BIND,
  DEFAULT_PROXY_PORT,
  LOG_LEVELS,
  MAX_HOLD_TIMEOUT_MS,
  PROXY_USAGE,
  PROXY_VERSION,
  ProxyConfigError,
  SENTINEL_GRPC_PORT_OFFSET,
  formatHostPort,
  parseProxyArgs,
  parseProxyCommandLine,
  proxyConfigFromCommandLine,
  proxyVersionLine,
} from './proxy-config.js';
export type {
  CommandLineOutput,
  HostPort,
  LogLevel,
  ProxyCommandLine,
  ProxyConfig,
  ProxyTopologySource,
} from './proxy-config.js';
