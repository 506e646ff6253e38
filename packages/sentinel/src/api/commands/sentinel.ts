import { globMatch, NOT_INTEGER, replyHelp, string2ll } from '@understudy/resp';
import type { MasterView } from '../../core/view.js';
import type { Connection } from '../connection.js';
import { NO_SUCH_MASTER, notSupported } from '../errors.js';
import { ckquorumError, masterFields, peerFields, replicaFields, writeFields } from '../instances.js';
import { fromWire, toWire } from '../wire.js';
import type { CommandDef, CommandHost, ContainerDef, Handler } from './table.js';

const SENTINEL_HELP = [
  'CKQUORUM <master-name>',
  '    Check if the current Sentinel configuration is able to reach the quorum',
  '    needed to failover a master and the majority needed to authorize the',
  '    failover.',
  'CONFIG SET <param> <value>',
  '    Set a global Sentinel configuration parameter.',
  'CONFIG GET <param>',
  '    Get global Sentinel configuration parameter.',
  'DEBUG [<param> <value> ...]',
  '    Show a list of configurable time parameters and their values (milliseconds).',
  '    Or update current configurable parameters values (one or more).',
  'GET-MASTER-ADDR-BY-NAME <master-name>',
  '    Return the ip and port number of the master with that name.',
  'FAILOVER <master-name>',
  '    Manually failover a master node without asking for agreement from other',
  '    Sentinels',
  'FLUSHCONFIG',
  '    Force Sentinel to rewrite its configuration on disk, including the current',
  '    Sentinel state.',
  'INFO-CACHE <master-name>',
  '    Return last cached INFO output from masters and all its replicas.',
  'IS-MASTER-DOWN-BY-ADDR <ip> <port> <current-epoch> <runid>',
  "    Check if the master specified by ip:port is down from current Sentinel's",
  '    point of view.',
  'MASTER <master-name>',
  '    Show the state and info of the specified master.',
  'MASTERS',
  '    Show a list of monitored masters and their state.',
  'MONITOR <name> <ip> <port> <quorum>',
  '    Start monitoring a new master with the specified name, ip, port and quorum.',
  'MYID',
  '    Return the ID of the Sentinel instance.',
  'PENDING-SCRIPTS',
  '    Get pending scripts information.',
  'REMOVE <master-name>',
  "    Remove master from Sentinel's monitor list.",
  'REPLICAS <master-name>',
  '    Show a list of replicas for this master and their state.',
  'RESET <pattern>',
  '    Reset masters for specific master name matching this pattern.',
  'SENTINELS <master-name>',
  '    Show a list of Sentinel instances for this master and their state.',
  'SET <master-name> <option> <value> [<option> <value> ...]',
  '    Set configuration parameters for certain masters.',
  'SIMULATE-FAILURE [CRASH-AFTER-ELECTION] [CRASH-AFTER-PROMOTION] [HELP]',
  '    Simulate a Sentinel crash.',
];

/** SENTINEL and its subcommands: the model's state and the sentinel's fixed configuration. */
export function sentinelCommand(host: CommandHost): ContainerDef {
  const model = host.model;

  /** The named master (names arrive as bytes), or the "No such master" error and undefined. */
  const masterOr = (conn: Connection, name: string) => {
    const m = model.master(fromWire(name));
    if (m === undefined) conn.error(NO_SUCH_MASTER);
    return m;
  };

  /** SENTINEL REPLICAS / SENTINELS <master>: one field list per instance the master has. */
  const instancesOf =
    <T>(list: (master: string) => T[], fields: (item: T, master: MasterView, now: number) => [string, string][]): Handler =>
    (conn, args) => {
      const m = masterOr(conn, args[2]!);
      if (!m) return;
      const now = model.now();
      const items = list(m.name);
      conn.reply.arrayHeader(items.length);
      for (const item of items) writeFields(conn.reply, encode(fields(item, m, now)));
    };

  return {
    name: 'sentinel',
    arity: -2,
    subcommands: [
      { name: 'help', arity: 2, handler: (conn, args) => replyHelp(conn.reply, args[0]!, SENTINEL_HELP) },
      {
        name: 'masters',
        arity: 2,
        handler: (conn) => {
          const now = model.now();
          const masters = model.masters();
          conn.reply.arrayHeader(masters.length);
          for (const m of masters) writeFields(conn.reply, encode(masterFields(m, now)));
        },
      },
      {
        name: 'master',
        arity: 3,
        handler: (conn, args) => {
          const m = masterOr(conn, args[2]!);
          if (m) writeFields(conn.reply, encode(masterFields(m, model.now())));
        },
      },
      ...(['replicas', 'slaves'] as const).map((name) => ({
        name,
        arity: 3,
        handler: instancesOf((m) => model.replicas(m) ?? [], replicaFields),
      })),
      { name: 'sentinels', arity: 3, handler: instancesOf((m) => model.sentinels(m) ?? [], peerFields) },
      { name: 'myid', arity: 2, handler: (conn) => conn.reply.bulk(model.myId) },
      {
        name: 'is-master-down-by-addr',
        arity: 6,
        handler: (conn, args) => {
          const port = string2ll(args[3]!);
          const epoch = string2ll(args[4]!);
          if (port === null || epoch === null) return conn.error(NOT_INTEGER);
          const [down, leader, leaderEpoch] = model.isMasterDownByAddr(fromWire(args[2]!), Number(port), Number(epoch), fromWire(args[5]!));
          conn.reply.arrayHeader(3);
          conn.reply.integer(down ? 1 : 0);
          conn.reply.bulk(toWire(leader));
          conn.reply.integer(leaderEpoch);
        },
      },
      { name: 'reset', arity: 3, handler: (conn, args) => conn.reply.integer(model.reset(fromWire(args[2]!))) },
      {
        name: 'get-master-addr-by-name',
        arity: 3,
        handler: (conn, args) => {
          const address = model.masterAddress(fromWire(args[2]!));
          if (address === undefined) return conn.reply.nullArray();
          conn.reply.arrayHeader(2);
          conn.reply.bulk(toWire(address.host));
          conn.reply.bulk(String(address.port));
        },
      },
      {
        name: 'failover',
        arity: 3,
        handler: (conn, args) => {
          const m = masterOr(conn, args[2]!);
          if (!m) return;
          const outcome = model.failover(m.name);
          if (outcome.ok) conn.reply.simple('OK');
          // The model's error carries its code ("INPROG ...", "NOGOODSLAVE ..."), with or without the '-'.
          else conn.error(toWire(outcome.error.startsWith('-') ? outcome.error.slice(1) : outcome.error));
        },
      },
      {
        name: 'ckquorum',
        arity: 3,
        handler: (conn, args) => {
          const m = masterOr(conn, args[2]!);
          if (!m) return;
          const check = model.ckquorum(m.name);
          if (!check) return conn.error(NO_SUCH_MASTER);
          const error = ckquorumError(check);
          if (error === null) conn.reply.simple(`OK ${check.usable} usable Sentinels. Quorum and failover authorization can be reached`);
          else conn.error(error);
        },
      },
      // Understudy's sentinel runs no notification or reconfiguration scripts: none is ever pending.
      { name: 'pending-scripts', arity: 2, handler: (conn) => conn.reply.arrayHeader(0) },
      {
        name: 'config',
        arity: -3,
        handler: (conn, args) => {
          const sub = args[2]!.toLowerCase();
          if (sub === 'get' && args.length === 4) return sentinelConfigGet(host, conn, args[3]!);
          if (sub === 'set' && args.length === 5) {
            return conn.error(notSupported('SENTINEL CONFIG SET', 'its configuration is fixed when it starts'));
          }
          conn.error('ERR Only SENTINEL CONFIG GET <option> / SET <option> <value> are supported.');
        },
      },
      refusal('monitor', 6, 'the masters are given on its command line or config file'),
      refusal('remove', 3, 'the masters are given on its command line or config file'),
      refusal('set', -5, 'the per-master settings are fixed when it starts'),
      refusal('flushconfig', 2, 'it does not rewrite its config file'),
      refusal('debug', -2, 'its timing parameters are fixed when it starts'),
      refusal('info-cache', -3, 'nodes are probed over gRPC, there is no INFO output to cache'),
      refusal('simulate-failure', -3, 'use the management API to inject faults'),
    ],
  };
}

/** A SENTINEL subcommand this sentinel refuses, and why. */
function refusal(name: string, arity: number, why: string): CommandDef {
  return { name, arity, handler: (conn) => conn.error(notSupported(`SENTINEL ${name.toUpperCase()}`, why)) };
}

/** Field values come from the model as JS strings: as UTF-8 bytes for the wire. */
function encode(fields: [string, string][]): [string, string][] {
  for (const f of fields) f[1] = toWire(f[1]);
  return fields;
}

/** SENTINEL CONFIG GET <pattern>: the global parameters matching it, as a map. */
function sentinelConfigGet(host: CommandHost, conn: Connection, pattern: string): void {
  const params: [string, string][] = [
    ['resolve-hostnames', host.resolveHostnames ? 'yes' : 'no'],
    ['announce-hostnames', host.announceHostnames ? 'yes' : 'no'],
    ['announce-ip', toWire(host.announceIp)],
    ['announce-port', String(host.announcePort)],
    ['sentinel-user', ''],
    ['sentinel-pass', ''],
  ];
  const matching = params.filter(([name]) => globMatch(pattern, name, true));
  conn.reply.mapHeader(matching.length);
  for (const [name, value] of matching) {
    conn.reply.bulk(name);
    conn.reply.bulk(value);
  }
}
