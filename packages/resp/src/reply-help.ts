import type { ReplyWriter } from './reply-writer.js';

/**
 * addReplyHelp: a container command's HELP reply, the same in every server: a header naming the command as
 * the client spelled it, the subcommands' lines, then HELP itself.
 */
export function replyHelp(out: ReplyWriter, command: string, lines: readonly string[]): void {
  out.arrayHeader(lines.length + 3);
  out.simple(`${command.toUpperCase()} <subcommand> [<arg> [value] [opt] ...]. Subcommands are:`);
  for (const line of lines) out.simple(line);
  out.simple('HELP');
  out.simple('    Prints this help.');
}
