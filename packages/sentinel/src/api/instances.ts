import type { ReplyWriter } from '@understudy/resp';
import type { MasterView, PeerView, QuorumCheck, ReplicaView } from '../core/view.js';

/**
 * SENTINEL MASTER / MASTERS / REPLICAS / SENTINELS replies (sentinel.c addReplySentinelRedisInstance): one
 * field/value list per instance, every value a bulk string, in Redis's order; a flat array in RESP2, a map in
 * RESP3. Times are shown as Redis shows them: milliseconds ago on the sentinel's clock.
 */

type Fields = [name: string, value: string][];

/** sentinel.c's order of the flags, whatever order the view lists them in. */
const FLAG_ORDER = [
  's_down',
  'o_down',
  'master',
  'slave',
  'sentinel',
  'disconnected',
  'master_down',
  'failover_in_progress',
  'promoted',
  'reconf_sent',
  'reconf_inprog',
  'reconf_done',
  'force_failover',
  'script_kill_sent',
];

export function formatFlags(flags: readonly string[]): string {
  const rank = (f: string): number => {
    const i = FLAG_ORDER.indexOf(f);
    return i === -1 ? FLAG_ORDER.length : i;
  };
  return [...new Set(flags)].sort((a, b) => rank(a) - rank(b)).join(',');
}

/** "ms ago", or 0 for "never" where Redis prints 0 for it (last-ping-sent, info-refresh). */
function ago(now: number, time: number): string {
  return String(Math.max(0, Math.round(now - time)));
}

function agoOrZero(now: number, time: number): string {
  return time ? ago(now, time) : '0';
}

/** anetFormatAddr: a replica's name, with IPv6 addresses in brackets. */
export function formatAddr(ip: string, port: number): string {
  return ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`;
}

/** The fields every instance kind shares, up to down-after-milliseconds. */
function linkFields(
  fields: Fields,
  now: number,
  flags: readonly string[],
  times: { lastPingSent: number; lastOkPingReply: number; lastPingReply: number; sdownSince: number; odownSince: number },
  failoverState: string | null,
  downAfterMs: number,
): void {
  // A probe in flight is the link's one pending command; the link is never shared between instances here.
  fields.push(['link-pending-commands', times.lastPingSent ? '1' : '0']);
  fields.push(['link-refcount', '1']);
  if (failoverState !== null && flags.includes('failover_in_progress')) fields.push(['failover-state', failoverState]);
  fields.push(['last-ping-sent', agoOrZero(now, times.lastPingSent)]);
  fields.push(['last-ok-ping-reply', ago(now, times.lastOkPingReply)]);
  fields.push(['last-ping-reply', ago(now, times.lastPingReply)]);
  if (flags.includes('s_down')) fields.push(['s-down-time', ago(now, times.sdownSince)]);
  if (flags.includes('o_down')) fields.push(['o-down-time', ago(now, times.odownSince)]);
  fields.push(['down-after-milliseconds', String(downAfterMs)]);
}

export function masterFields(m: MasterView, now: number): Fields {
  const fields: Fields = [
    ['name', m.name],
    ['ip', m.ip],
    ['port', String(m.port)],
    ['runid', m.runId],
    ['flags', formatFlags(m.flags)],
  ];
  linkFields(fields, now, m.flags, m, m.failoverState, m.downAfterMs);
  fields.push(
    ['info-refresh', agoOrZero(now, m.infoRefresh)],
    ['role-reported', m.roleReported],
    ['role-reported-time', ago(now, m.roleReportedTime)],
    ['config-epoch', String(m.configEpoch)],
    ['num-slaves', String(m.numSlaves)],
    ['num-other-sentinels', String(m.numOtherSentinels)],
    ['quorum', String(m.quorum)],
    ['failover-timeout', String(m.failoverTimeoutMs)],
    ['parallel-syncs', String(m.parallelSyncs)],
  );
  return fields;
}

export function replicaFields(r: ReplicaView, master: MasterView, now: number): Fields {
  const fields: Fields = [
    ['name', formatAddr(r.ip, r.port)],
    ['ip', r.ip],
    ['port', String(r.port)],
    ['runid', r.runId],
    ['flags', formatFlags(r.flags)],
  ];
  linkFields(fields, now, r.flags, { ...r, odownSince: 0 }, null, master.downAfterMs);
  fields.push(
    ['info-refresh', agoOrZero(now, r.infoRefresh)],
    ['role-reported', r.roleReported],
    ['role-reported-time', ago(now, r.roleReportedTime)],
    ['master-link-down-time', String(r.masterLinkDownMs)],
    ['master-link-status', r.masterLinkUp ? 'ok' : 'err'],
    ['master-host', r.masterHost === '' ? '?' : r.masterHost],
    ['master-port', String(r.masterPort)],
    ['slave-priority', String(r.priority)],
    ['slave-repl-offset', String(r.replOffset)],
    ['replica-announced', '1'],
  );
  return fields;
}

export function peerFields(p: PeerView, master: MasterView, now: number): Fields {
  const fields: Fields = [
    ['name', p.runId],
    ['ip', p.ip],
    ['port', String(p.port)],
    ['runid', p.runId],
    ['flags', formatFlags(p.flags)],
  ];
  const times = { lastPingSent: p.lastPingSent, lastOkPingReply: p.lastOkPingReply, lastPingReply: p.lastPingReply, sdownSince: p.sdownSince, odownSince: 0 };
  linkFields(fields, now, p.flags, times, null, master.downAfterMs);
  fields.push(
    ['last-hello-message', ago(now, p.lastHelloMessage)],
    ['voted-leader', p.votedLeader === '' ? '?' : p.votedLeader],
    ['voted-leader-epoch', String(p.votedLeaderEpoch)],
  );
  return fields;
}

export function writeFields(out: ReplyWriter, fields: Fields): void {
  out.mapHeader(fields.length);
  for (const [name, value] of fields) {
    out.bulk(name);
    out.bulk(value);
  }
}

/** SENTINEL CKQUORUM (sentinelIsQuorumReachable): null when both can be reached, else the NOQUORUM error. */
export function ckquorumError(check: QuorumCheck): string | null {
  const noQuorum = check.usable < check.quorum;
  const noAuth = check.usable < Math.floor(check.voters / 2) + 1;
  if (!noQuorum && !noAuth) return null;
  let e = `NOQUORUM ${check.usable} usable Sentinels. `;
  if (noQuorum) e += 'Not enough available Sentinels to reach the specified quorum for this master';
  if (noAuth) {
    if (noQuorum) e += '. ';
    e += 'Not enough available Sentinels to reach the majority and authorize a failover';
  }
  return e;
}
