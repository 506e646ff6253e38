/**
 * Channel options for calls to nodes and peers. grpc-js backs off up to 2 minutes before reconnecting to a
 * peer that went away; a sentinel must notice a restarted node within a probe period, so reconnect fast.
 */
export const CHANNEL_OPTIONS = {
  'grpc.initial_reconnect_backoff_ms': 50,
  'grpc.min_reconnect_backoff_ms': 50,
  'grpc.max_reconnect_backoff_ms': 500,
  // A hung peer keeps its TCP connection: keepalive pings find it out even between calls.
  'grpc.keepalive_time_ms': 5_000,
  'grpc.keepalive_timeout_ms': 2_000,
  'grpc.keepalive_permit_without_calls': 1,
} as const;

/** "host:port" as a gRPC target (IPv6 hosts bracketed). */
export function grpcTarget(host: string, port: number): string {
  return `${host.includes(':') ? `[${host}]` : host}:${port}`;
}
