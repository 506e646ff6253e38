import { performance } from 'node:perf_hooks';
import type { Command } from '../commands/command-table.js';
import type { Client } from './client.js';

/**
 * MONITOR: clients that receive every command the node executes, one line each in Redis's format
 * (`+<seconds>.<micros> [<db> <addr>] "arg" "arg"`). Fed after a command runs, like Redis's call(); commands
 * flagged admin or skip_monitor are never shown, and credentials are shown as "(redacted)".
 */
export class Monitors {
  private readonly clients = new Set<Client>();

  get size(): number {
    return this.clients.size;
  }

  add(client: Client): void {
    this.clients.add(client);
  }

  has(client: Client): boolean {
    return this.clients.has(client);
  }

  remove(client: Client): void {
    this.clients.delete(client);
  }

  /** Sends one executed command to every monitor. */
  feed(source: Client, command: Command, args: readonly string[]): void {
    if (command.isAdmin || command.spec.flags.includes('skip_monitor')) return;
    const micros = Math.floor((performance.timeOrigin + performance.now()) * 1000);
    const time = `${Math.floor(micros / 1_000_000)}.${String(micros % 1_000_000).padStart(6, '0')}`;
    const origin = source.transport ? source.transport.remoteAddress : 'lua';
    const shown = redact(command, args);
    let line = `+${time} [${source.dbIndex} ${origin}]`;
    for (const arg of shown) line += ` ${quote(arg)}`;
    line += '\r\n';
    for (const monitor of this.clients) {
      monitor.reply.raw(line);
      monitor.transport?.requestFlush();
    }
  }
}

/** The arguments with passwords replaced, as Redis's redactClientCommandArgument does for these commands. */
function redact(command: Command, args: readonly string[]): readonly string[] {
  const name = command.fullName;
  if (name === 'auth') return args.map((a, i) => (i === 0 ? a : '(redacted)'));
  if (name === 'hello') {
    const out = [...args];
    for (let i = 2; i < out.length; i++) {
      if (out[i]!.toLowerCase() === 'auth' && i + 2 < out.length) {
        out[i + 1] = out[i + 2] = '(redacted)';
        i += 2;
      }
    }
    return out;
  }
  return args;
}

/** sdscatrepr: a double-quoted string with C escapes, other non-printable bytes as \xHH. */
export function quote(text: string): string {
  let out = '"';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5c || c === 0x22) out += `\\${text[i]}`;
    else if (c === 0x0a) out += '\\n';
    else if (c === 0x0d) out += '\\r';
    else if (c === 0x09) out += '\\t';
    else if (c === 0x07) out += '\\a';
    else if (c === 0x08) out += '\\b';
    else if (c >= 0x20 && c <= 0x7e) out += text[i];
    else out += `\\x${c.toString(16).padStart(2, '0')}`;
  }
  return out + '"';
}
