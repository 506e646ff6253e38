/** Redis's exact error texts, shared by every command family. */

// The texts every server process answers alike live in @understudy/resp; re-exported here so that the
// command families keep importing every error text from this one module.
export { NOAUTH, NOT_INTEGER, SYNTAX, unknownCommand, unknownSubcommand, wrongArity } from '@understudy/resp';

export const WRONGTYPE = 'WRONGTYPE Operation against a key holding the wrong kind of value';
export const NOT_FLOAT = 'ERR value is not a valid float';
export const NO_SUCH_KEY = 'ERR no such key';
export const OUT_OF_RANGE = 'ERR index out of range';
export const EXECABORT = 'EXECABORT Transaction discarded because of previous errors.';
export const INVALID_EXPIRE = (cmd: string): string => `ERR invalid expire time in '${cmd}' command`;
