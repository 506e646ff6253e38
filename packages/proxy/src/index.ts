// @understudy/proxy: the RESP-aware proxy, the one endpoint that always reaches the current primary: its
// configuration and its health/status endpoint.
export * from './config/index.js';
export {
  formatProxyInfo,
  proxyHealth,
  proxyInfoFields,
  startStatusServer,
} from './io/status-server.js';
export type {
  ProxyStatus,
  ProxyStatusSource,
  StatusServer,
  StatusServerOptions,
} from './io/status-server.js';
