// @understudy/resp: the RESP2/RESP3 codec of the Understudy server, and Redis's protocol-level texts and
// formats that every Understudy process (data node, sentinel) answers alike.
//
// Binary-safe data is carried as latin1 "binary strings" (one char code
// 0..255 per byte) throughout the server; Buffers are accepted where noted.

export { DEFAULT_PARSER_LIMITS, MAX_ARGUMENT_BYTES, ProtocolError, RequestParser } from './request-parser.js';
export type { ParserLimits } from './request-parser.js';
// The proxy's framing: where commands and replies end, without building them.
export { RequestScanner } from './request-scanner.js';
export type { ScannedCommand } from './request-scanner.js';
export { FIRST_ELEMENT_MAX, ReplyScanner } from './reply-scanner.js';
export type { ReplyScannerOptions, ScannedReply } from './reply-scanner.js';
export { ReplyWriter } from './reply-writer.js';
export { formatDouble } from './format-double.js';
export { encodeCommand } from './command-encoder.js';
export { ReplyParser } from './reply-parser.js';
export type { RespValue } from './reply-parser.js';
export { globMatch, globMatchBytes } from './glob.js';
export {
  AUTH_NO_PASSWORD,
  BAD_CLIENT_NAME,
  NOAUTH,
  NOT_INTEGER,
  notInSubscribeContext,
  SYNTAX,
  unknownCommand,
  unknownSubcommand,
  WRONGPASS,
  wrongArity,
} from './command-errors.js';
export { string2ll } from './string2ll.js';
export { catRepr, quoteArg, splitArgs } from './split-args.js';
export { replyHelp } from './reply-help.js';
export {
  CLIENT_HELP,
  clientTypeByName,
  formatClientInfo,
  isValidClientName,
  parseClientKill,
} from './client-command.js';
export type { ClientInfo, ClientKillFilter, ClientType } from './client-command.js';
export {
  clientsInfoFields,
  infoSection,
  REDIS_VERSION,
  serverInfoFields,
  statsInfoFields,
} from './info.js';
export type { ClientsInfo, InfoFields, ServerInfo, StatsInfo } from './info.js';
