/**
 * Redis 7.0.15's error texts (without the leading '-') for what every server process answers the same way,
 * whatever it serves: lookup, arity, argument syntax, authentication, client names, the RESP2 subscribe
 * context. A process's own texts (the data node's WRONGTYPE, the sentinel's "No such master") stay with it.
 */

export const SYNTAX = 'ERR syntax error';
export const NOT_INTEGER = 'ERR value is not an integer or out of range';
export const NOAUTH = 'NOAUTH Authentication required.';
export const WRONGPASS = 'WRONGPASS invalid username-password pair or user is disabled.';
export const AUTH_NO_PASSWORD =
  'ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?';
export const BAD_CLIENT_NAME = 'ERR Client names cannot contain spaces, newlines or special characters.';

export function wrongArity(fullName: string): string {
  return `ERR wrong number of arguments for '${fullName}' command`;
}

/** processCommand's text: the name and the first arguments, each cut so the whole stays near 128 bytes. */
export function unknownCommand(args: readonly string[]): string {
  let excerpt = '';
  for (let i = 1; i < args.length && excerpt.length < 128; i++) {
    excerpt += `'${args[i]!.slice(0, 128 - excerpt.length)}' `;
  }
  return `ERR unknown command '${args[0]!.slice(0, 128)}', with args beginning with: ${excerpt}`;
}

/** processCommand's text for a container command (CLIENT, CONFIG, SENTINEL...) given an unknown subcommand. */
export function unknownSubcommand(sub: string, container: string): string {
  return `ERR unknown subcommand '${sub.slice(0, 128)}'. Try ${container.toUpperCase()} HELP.`;
}

/** RESP2 subscribe mode: the commands that may still run. */
export function notInSubscribeContext(fullName: string): string {
  return `ERR Can't execute '${fullName}': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context`;
}
