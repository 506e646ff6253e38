import { clientsInfoFields, infoSection, serverInfoFields, statsInfoFields } from '@understudy/resp';
import type { MasterView } from '../core/view.js';

/**
 * INFO as redis-sentinel 7.0.15 answers it (sentinelInfoCommand): only the server, clients, cpu, stats and
 * sentinel sections exist; with no argument all five; `all`/`everything`/`default` select them all; unknown
 * names select nothing. Sections come in genRedisInfoString's order (server, clients, stats, cpu) separated by
 * an empty line, then "# Sentinel". Fields for machinery a sentinel does not use (keyspace, forks, defrag)
 * report what an idle redis-sentinel reports. The sections a data node prints too come from @understudy/resp.
 */

const SENTINEL_SECTIONS = ['server', 'clients', 'cpu', 'stats', 'sentinel'] as const;
type Section = (typeof SENTINEL_SECTIONS)[number];

/** Everything INFO shows that is not the model's: the process and the server's counters. */
export interface InfoFacts {
  /** Wall clock, ms. */
  readonly wallNow: number;
  readonly startedAt: number;
  readonly pid: number;
  readonly runId: string;
  readonly port: number;
  /** Understudy's own field (as the data node's INFO): the sentinel's gRPC port; omitted when unknown. */
  readonly grpcPort: number | undefined;
  readonly executable: string;
  readonly configFile: string;
  readonly os: string;
  readonly connectedClients: number;
  readonly maxInputBuffer: number;
  readonly maxOutputBuffer: number;
  readonly connectionsReceived: number;
  readonly commandsProcessed: number;
  readonly netInputBytes: number;
  readonly netOutputBytes: number;
  readonly errorReplies: number;
  readonly readsProcessed: number;
  readonly writesProcessed: number;
  readonly pubsubChannels: number;
  readonly pubsubPatterns: number;
  /** process.cpuUsage(): microseconds. */
  readonly cpu: { readonly user: number; readonly system: number };
}

/** genInfoSectionDict, then the purge of sections a sentinel does not have. */
export function requestedSections(args: readonly string[]): Set<Section> {
  const wanted = new Set<Section>();
  if (args.length === 0) {
    for (const s of SENTINEL_SECTIONS) wanted.add(s);
    return wanted;
  }
  for (const arg of args) {
    const name = arg.toLowerCase();
    if (name === 'all' || name === 'everything' || name === 'default') {
      for (const s of SENTINEL_SECTIONS) wanted.add(s);
    } else if ((SENTINEL_SECTIONS as readonly string[]).includes(name)) {
      wanted.add(name as Section);
    }
  }
  return wanted;
}

function seconds(us: number): string {
  return (us / 1e6).toFixed(6);
}

export function buildInfo(sections: ReadonlySet<Section>, facts: InfoFacts, masters: readonly MasterView[]): string {
  const parts: string[] = [];
  if (sections.has('server')) {
    parts.push(
      infoSection(
        'Server',
        serverInfoFields({
          ...facts,
          mode: 'sentinel',
          archBits: 64,
          multiplexingApi: process.platform === 'linux' ? 'epoll' : process.platform === 'darwin' ? 'kqueue' : 'select',
          now: facts.wallNow,
          uptimeSeconds: Math.floor((facts.wallNow - facts.startedAt) / 1000),
          hz: 10,
        }),
      ),
    );
  }
  if (sections.has('clients')) parts.push(infoSection('Clients', clientsInfoFields({ ...facts, maxclients: 10000 })));
  if (sections.has('stats')) parts.push(infoSection('Stats', statsInfoFields(facts)));
  if (sections.has('cpu')) {
    parts.push(
      infoSection('CPU', [
        ['used_cpu_sys', seconds(facts.cpu.system)],
        ['used_cpu_user', seconds(facts.cpu.user)],
        ['used_cpu_sys_children', '0.000000'],
        ['used_cpu_user_children', '0.000000'],
        ['used_cpu_sys_main_thread', seconds(facts.cpu.system)],
        ['used_cpu_user_main_thread', seconds(facts.cpu.user)],
      ]),
    );
  }
  let info = parts.join('\r\n');
  if (sections.has('sentinel')) {
    if (info.length !== 0) info += '\r\n';
    info += sentinelSection(masters);
  }
  return info;
}

/** The "# Sentinel" section: global facts, then one line per master. */
export function sentinelSection(masters: readonly MasterView[]): string {
  let out =
    '# Sentinel\r\n' +
    `sentinel_masters:${masters.length}\r\n` +
    // TILT (the clock jumped) does not exist here: the core's clock is monotonic.
    'sentinel_tilt:0\r\n' +
    'sentinel_tilt_since_seconds:-1\r\n' +
    'sentinel_running_scripts:0\r\n' +
    'sentinel_scripts_queue_length:0\r\n' +
    'sentinel_simulate_failure_flags:0\r\n';
  masters.forEach((m, i) => {
    const status = m.flags.includes('o_down') ? 'odown' : m.flags.includes('s_down') ? 'sdown' : 'ok';
    out +=
      `master${i}:name=${m.name},status=${status},address=${m.ip}:${m.port},` +
      `slaves=${m.numSlaves},sentinels=${m.numOtherSentinels + 1}\r\n`;
  });
  return out;
}
