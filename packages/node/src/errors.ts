/** Redis's exact error texts, shared by every command family. */
export const WRONGTYPE = 'WRONGTYPE Operation against a key holding the wrong kind of value';
export const SYNTAX = 'ERR syntax error';
export const NOT_INTEGER = 'ERR value is not an integer or out of range';
export const NOT_FLOAT = 'ERR value is not a valid float';
export const NO_SUCH_KEY = 'ERR no such key';
export const NOAUTH = 'NOAUTH Authentication required.';
export const OUT_OF_RANGE = 'ERR index out of range';
export const EXECABORT = 'EXECABORT Transaction discarded because of previous errors.';
export const INVALID_EXPIRE = (cmd: string): string => `ERR invalid expire time in '${cmd}' command`;

export function wrongArity(fullName: string): string {
  return `ERR wrong number of arguments for '${fullName}' command`;
}

/** Redis caps names and argument excerpts at 128 bytes in these messages. */
export function unknownCommand(args: readonly string[]): string {
  let excerpt = '';
  for (let i = 1; i < args.length && excerpt.length < 128; i++) {
    excerpt += `'${args[i]!.slice(0, 128 - excerpt.length)}' `;
  }
  return `ERR unknown command '${args[0]!.slice(0, 128)}', with args beginning with: ${excerpt}`;
}

export function unknownSubcommand(sub: string, container: string): string {
  return `ERR unknown subcommand '${sub.slice(0, 128)}'. Try ${container.toUpperCase()} HELP.`;
}
