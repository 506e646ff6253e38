// @understudy/resp: the RESP2/RESP3 codec of the Understudy server.
//
// Binary-safe data is carried as latin1 "binary strings" (one char code
// 0..255 per byte) throughout the server; Buffers are accepted where noted.

export { DEFAULT_PARSER_LIMITS, MAX_ARGUMENT_BYTES, ProtocolError, RequestParser } from './request-parser.js';
export type { ParserLimits } from './request-parser.js';
export { ReplyWriter } from './reply-writer.js';
export { formatDouble } from './format-double.js';
export { encodeCommand } from './command-encoder.js';
export { ReplyParser } from './reply-parser.js';
export type { RespValue } from './reply-parser.js';
export { globMatch, globMatchBytes } from './glob.js';
