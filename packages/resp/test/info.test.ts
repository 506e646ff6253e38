import { describe, expect, it } from 'vitest';
import { infoSection, serverInfoFields, statsInfoFields } from '../src/info.js';

const server = {
  mode: 'sentinel',
  os: 'Linux 6.1.0 x86_64',
  archBits: 64,
  multiplexingApi: 'epoll',
  pid: 1,
  runId: 'r',
  port: 26379,
  grpcPort: undefined,
  now: 90_061_000,
  uptimeSeconds: 90_061,
  hz: 10,
  executable: '/bin/x',
  configFile: '',
} as const;

describe('INFO format', () => {
  it('prints a section as a title line and name:value lines, each ending in CRLF', () => {
    expect(infoSection('Stats', [['a', 1], ['b', 'x']])).toBe('# Stats\r\na:1\r\nb:x\r\n');
    expect(infoSection('Modules', [])).toBe('# Modules\r\n');
  });

  it('leaves grpc_port out when it is unknown, and derives the times from the clock', () => {
    const without = new Map(serverInfoFields(server));
    expect(without.has('grpc_port')).toBe(false);
    expect(without.get('uptime_in_days')).toBe(1);
    expect(without.get('server_time_usec')).toBe(90_061_000_000);
    expect(without.get('lru_clock')).toBe(90_061);
    const names = serverInfoFields({ ...server, grpcPort: 36379 }).map(([name]) => name);
    expect(names.slice(names.indexOf('tcp_port'), names.indexOf('tcp_port') + 3)).toEqual(['tcp_port', 'grpc_port', 'server_time_usec']);
  });

  it('reads 0 for the counters a process does not keep', () => {
    const stats = new Map(
      statsInfoFields({ connectionsReceived: 3, commandsProcessed: 4, netInputBytes: 5, netOutputBytes: 6, pubsubChannels: 1, pubsubPatterns: 2, errorReplies: 7 }),
    );
    expect(stats.get('total_connections_received')).toBe(3);
    expect(stats.get('keyspace_hits')).toBe(0);
    expect(stats.get('total_reads_processed')).toBe(0);
    expect(stats.get('total_error_replies')).toBe(7);
  });
});
