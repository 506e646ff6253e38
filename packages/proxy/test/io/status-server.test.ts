import { Agent, request } from 'node:http';
import { connect, createServer, type AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  formatProxyInfo,
  proxyHealth,
  startStatusServer,
  type ProxyStatus,
  type ProxyStatusSource,
  type StatusServer,
} from '../../src/io/status-server.js';

const BASE: ProxyStatus = {
  version: '0.1.0',
  pid: 4242,
  port: 6380,
  uptimeSeconds: 90_061,
  topologySource: 'sentinels',
  masterName: 'mymaster',
  sentinels: [
    { host: '127.0.0.1', port: 36379 },
    { host: '::1', port: 36380 },
  ],
  sentinelsConnected: 2,
  primary: { host: '127.0.0.1', port: 6379 },
  configEpoch: 3,
  failoverInProgress: false,
  connectedClients: 5,
  heldCommands: 0,
  holdTimeoutMs: 10_000,
  totalConnectionsReceived: 17,
  totalCommandsForwarded: 123_456,
  failoversSeen: 2,
  plannedSwitches: 1,
  unplannedSwitches: 1,
  commandsFailedHoldTimeout: 4,
  commandsFailedUnknownOutcome: 3,
};

/** The proxy's side, faked: the status it reports can change between requests, and it counts the reads. */
class FakeSource implements ProxyStatusSource {
  reads = 0;
  failure: Error | null = null;
  constructor(public status: ProxyStatus) {}
  proxyStatus(): ProxyStatus {
    this.reads++;
    if (this.failure !== null) throw this.failure;
    return this.status;
  }
}

interface Reply {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

function http(port: number, path: string, method = 'GET', agent?: Agent): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, agent: agent ?? false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

const started: StatusServer[] = [];
async function start(source: ProxyStatusSource, onError?: (err: unknown) => void): Promise<StatusServer> {
  const server = await startStatusServer({ host: '127.0.0.1', port: 0, source, ...(onError ? { onError } : {}) });
  started.push(server);
  return server;
}

afterEach(async () => {
  await Promise.all(started.splice(0).map((s) => s.close()));
});

describe('formatProxyInfo', () => {
  it('a "# Proxy" section: name:value lines in this order, CRLF as Redis prints INFO', () => {
    expect(formatProxyInfo(BASE)).toBe(
      [
        '# Proxy',
        'proxy_version:0.1.0',
        'redis_version:7.0.15',
        'process_id:4242',
        'tcp_port:6380',
        'uptime_in_seconds:90061',
        'uptime_in_days:1',
        'topology_source:sentinels',
        'master_name:mymaster',
        'sentinels:127.0.0.1:36379,[::1]:36380',
        'sentinels_connected:2',
        'primary_host:127.0.0.1',
        'primary_port:6379',
        'config_epoch:3',
        'failover_in_progress:0',
        'connected_clients:5',
        'held_commands:0',
        'hold_timeout_ms:10000',
        'total_connections_received:17',
        'total_commands_forwarded:123456',
        'failovers_seen:2',
        'planned_switches:1',
        'unplanned_switches:1',
        'commands_failed_hold_timeout:4',
        'commands_failed_unknown_outcome:3',
        '',
      ].join('\r\n'),
    );
  });

  it('no primary: an empty host and port 0; a static upstream: no master name, no sentinels', () => {
    const text = formatProxyInfo({
      ...BASE,
      topologySource: 'static',
      masterName: '',
      sentinels: [],
      sentinelsConnected: 0,
      primary: null,
      configEpoch: 0,
      failoverInProgress: true,
      heldCommands: 7,
    });
    for (const line of ['topology_source:static', 'master_name:', 'sentinels:', 'primary_host:', 'primary_port:0', 'config_epoch:0', 'failover_in_progress:1', 'held_commands:7']) {
      expect(text.split('\r\n')).toContain(line);
    }
  });
});

describe('proxyHealth', () => {
  it('healthy with the primary and its epoch; IPv6 in brackets; NO PRIMARY without one', () => {
    expect(proxyHealth(BASE)).toEqual({ healthy: true, text: 'OK 127.0.0.1:6379 epoch 3' });
    expect(proxyHealth({ ...BASE, primary: { host: '::1', port: 7000 }, configEpoch: 0 })).toEqual({ healthy: true, text: 'OK [::1]:7000 epoch 0' });
    expect(proxyHealth({ ...BASE, primary: null })).toEqual({ healthy: false, text: 'NO PRIMARY' });
  });
});

describe('the status server over HTTP', () => {
  it('listens on a free port when given 0', async () => {
    const a = await start(new FakeSource(BASE));
    const b = await start(new FakeSource(BASE));
    expect(a.port).toBeGreaterThan(0);
    expect(b.port).toBeGreaterThan(0);
    expect(a.port).not.toBe(b.port);
    expect(a.host).toBe('127.0.0.1');
  });

  it('GET /health: 200 "OK host:port epoch n" with a primary, 503 "NO PRIMARY" without; the source is read at each request', async () => {
    const source = new FakeSource(BASE);
    const server = await start(source);
    const ok = await http(server.port, '/health');
    expect(ok.status).toBe(200);
    expect(ok.body).toBe('OK 127.0.0.1:6379 epoch 3\n');
    expect(ok.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(ok.headers['cache-control']).toBe('no-store');

    source.status = { ...BASE, primary: null };
    const down = await http(server.port, '/health');
    expect(down.status).toBe(503);
    expect(down.body).toBe('NO PRIMARY\n');

    source.status = { ...BASE, primary: { host: '127.0.0.1', port: 6381 }, configEpoch: 4 };
    expect(await http(server.port, '/health?verbose=1')).toMatchObject({ status: 200, body: 'OK 127.0.0.1:6381 epoch 4\n' });
    expect(source.reads).toBe(3);
  });

  it('GET /status: 200 with formatProxyInfo of the current status', async () => {
    const source = new FakeSource(BASE);
    const server = await start(source);
    const reply = await http(server.port, '/status');
    expect(reply.status).toBe(200);
    expect(reply.body).toBe(formatProxyInfo(BASE));
    expect(reply.headers['content-type']).toBe('text/plain; charset=utf-8');

    source.status = { ...BASE, primary: null, heldCommands: 12 };
    const later = await http(server.port, '/status');
    expect(later.status).toBe(200); // the status page answers whatever the health
    expect(later.body).toContain('\r\nheld_commands:12\r\n');
    expect(later.body).toContain('\r\nprimary_port:0\r\n');
  });

  it('HEAD: the status code and headers of GET, no body', async () => {
    const source = new FakeSource({ ...BASE, primary: null });
    const server = await start(source);
    const reply = await http(server.port, '/health', 'HEAD');
    expect(reply.status).toBe(503);
    expect(reply.body).toBe('');
    expect(reply.headers['content-length']).toBe(String('NO PRIMARY\n'.length));
  });

  it('another method: 405 with Allow; another path: 404; neither reads the source', async () => {
    const source = new FakeSource(BASE);
    const server = await start(source);
    const post = await http(server.port, '/status', 'POST');
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe('GET, HEAD');
    expect(post.body).toBe('Method not allowed: GET or HEAD\n');
    const missing = await http(server.port, '/');
    expect(missing.status).toBe(404);
    expect(missing.body).toBe('Not found: GET /health or GET /status\n');
    expect((await http(server.port, '/health/extra')).status).toBe(404);
    expect(source.reads).toBe(0);
  });

  it('a source that throws: 500 with the reason, onError told, and the server goes on serving', async () => {
    const source = new FakeSource(BASE);
    const errors: unknown[] = [];
    const server = await start(source, (err) => errors.push(err));
    source.failure = new Error('core not started');
    const reply = await http(server.port, '/health');
    expect(reply.status).toBe(500);
    expect(reply.body).toBe("ERR cannot read the proxy's status: core not started\n");
    expect(errors).toEqual([source.failure]);
    source.failure = null;
    expect((await http(server.port, '/health')).status).toBe(200);
  });

  it('a port already taken: startStatusServer rejects, naming the address', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as AddressInfo).port;
    try {
      await expect(startStatusServer({ host: '127.0.0.1', port, source: new FakeSource(BASE) })).rejects.toThrow(
        new RegExp(`^Cannot serve the status endpoint on 127\\.0\\.0\\.1:${port}: listen EADDRINUSE`),
      );
    } finally {
      await new Promise<void>((resolve) => blocker.close(() => resolve()));
    }
  });

  it('close() resolves with connections open (an idle keep-alive one, a half-sent request), and the port stops answering', async () => {
    const server = await startStatusServer({ host: '127.0.0.1', port: 0, source: new FakeSource(BASE) });
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const slow = connect(server.port, '127.0.0.1');
    slow.on('error', () => {});
    try {
      expect((await http(server.port, '/health', 'GET', agent)).status).toBe(200);
      // A client that sent half a request: a plain server.close() waits for it (headersTimeout, 60 s).
      await new Promise<void>((resolve) => slow.write('GET /health HTTP/1.1\r\nHost: x\r\n', () => resolve()));
      const slowClosed = new Promise<void>((resolve) => slow.once('close', () => resolve()));
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<string>((resolve) => (timer = setTimeout(() => resolve('still open after 2 s'), 2000)));
      const outcome = await Promise.race([server.close().then(() => 'closed'), deadline]);
      clearTimeout(timer);
      expect(outcome).toBe('closed');
      await slowClosed;
      await expect(http(server.port, '/health')).rejects.toThrow(/ECONNREFUSED/);
      await server.close(); // twice: fine
    } finally {
      agent.destroy();
      slow.destroy();
    }
  });
});
