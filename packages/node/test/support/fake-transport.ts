import type { ClientTransport } from '../../src/server/client.js';

/**
 * A connection that carries nothing, for in-process clients that must look connected: blocked commands,
 * CLIENT LIST, tracking redirection. `overrides` replaces any part (e.g. a resume() that counts).
 */
export function fakeTransport(overrides: Partial<ClientTransport> = {}): ClientTransport {
  return {
    requestFlush() {},
    close() {},
    resume() {},
    remoteAddress: '127.0.0.1:1',
    localAddress: '127.0.0.1:2',
    fd: -1,
    queryBufferBytes: 0,
    ...overrides,
  };
}
