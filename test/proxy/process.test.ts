import { afterAll, describe, expect, it } from 'vitest';
import { startNodeProcess, stopAllNodeProcesses } from '../../packages/node/test/support/node-process.js';
import { startProxyProcess, stopAllProxyProcesses } from '../support/proxy-process.js';

afterAll(async () => {
  await stopAllProxyProcesses();
  await stopAllNodeProcesses();
});

describe('startProxyProcess', () => {
  it('reports the RESP and status ports the proxy bound, and stop() kills it', async () => {
    const node = await startNodeProcess();
    const proxy = await startProxyProcess(['--upstream', `127.0.0.1:${node.port}`, '--status-port', '0']);
    expect(proxy.port).toBeGreaterThan(0);
    expect(proxy.statusPort).toBeGreaterThan(0);
    expect(proxy.statusPort).not.toBe(proxy.port);
    const health = await fetch(`http://127.0.0.1:${proxy.statusPort}/health`);
    expect(health.status).toBe(200);
    expect(await health.text()).toContain(`127.0.0.1:${node.port}`);
    expect(await proxy.client().ping()).toBe('PONG');
    expect(proxy.output()).toContain('Ready to accept connections');
    await proxy.stop();
    expect(() => process.kill(proxy.pid, 0)).toThrow();
  });

  it('has no status port unless asked', async () => {
    const node = await startNodeProcess();
    const proxy = await startProxyProcess(['--upstream', `127.0.0.1:${node.port}`]);
    expect(proxy.statusPort).toBeUndefined();
    expect(await proxy.client({ protocol: 2 }).set('k', 'v')).toBe('OK');
    expect(await node.client().get('k')).toBe('v');
  });
});
