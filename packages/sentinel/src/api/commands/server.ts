import { SYNTAX } from '@understudy/resp';
import { buildInfo, requestedSections } from '../info.js';
import { toWire } from '../wire.js';
import type { CommandDef, CommandHost } from './table.js';

/** INFO, ROLE, and SHUTDOWN when the owner gave a way to stop the process. */
export function serverCommands(host: CommandHost): CommandDef[] {
  const model = host.model;
  const commands: CommandDef[] = [
    {
      name: 'info',
      arity: -1,
      handler: (conn, args) => {
        const text = buildInfo(requestedSections(args.slice(1)), host.infoFacts(), model.masters());
        // Sentinel's INFO is a plain bulk even in RESP3 (addReplyBulkSds), unlike a data node's verbatim string.
        conn.reply.bulk(toWire(text));
      },
    },
    {
      name: 'role',
      arity: 1,
      handler: (conn) => {
        const names = model.masters().map((m) => toWire(m.name));
        conn.reply.arrayHeader(2);
        conn.reply.bulk('sentinel');
        conn.reply.bulkArray(names);
      },
    },
  ];
  const shutdown = host.shutdown;
  if (shutdown !== undefined) {
    commands.push({
      name: 'shutdown',
      arity: -1,
      handler: (conn, args) => {
        for (let i = 1; i < args.length; i++) {
          const flag = args[i]!.toLowerCase();
          if (flag === 'abort') return conn.error('ERR No shutdown in progress.');
          if (!['nosave', 'save', 'now', 'force'].includes(flag)) return conn.error(SYNTAX);
        }
        // As redis-sentinel exits: no reply, the connection just closes.
        conn.close();
        shutdown();
      },
    });
  }
  return commands;
}
