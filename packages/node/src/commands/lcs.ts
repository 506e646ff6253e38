import { NOT_INTEGER, SYNTAX } from '../errors.js';
import type { Client } from '../server/client.js';
import { isString, type StringValue } from '../store/values.js';
import { parseInteger } from '../util/numbers.js';
import { readKey } from './lookup.js';
import type { CommandFamily } from './types.js';

/**
 * LCS key1 key2 [LEN] [IDX] [MINMATCHLEN len] [WITHMATCHLEN] (t_string.c lcsCommand, new in 7.0, which
 * replaced STRALGO LCS): the longest common subsequence by the classic dynamic-programming table, walked
 * back from its end, so the string and the match ranges come out exactly as Redis orders them.
 */

interface LcsOptions {
  len: boolean;
  idx: boolean;
  withMatchLen: boolean;
  minMatchLen: number;
}

function parseOptions(client: Client, args: string[]): LcsOptions | null {
  const options: LcsOptions = { len: false, idx: false, withMatchLen: false, minMatchLen: 0 };
  for (let j = 3; j < args.length; j++) {
    const option = args[j]!.toLowerCase();
    if (option === 'idx') options.idx = true;
    else if (option === 'len') options.len = true;
    else if (option === 'withmatchlen') options.withMatchLen = true;
    else if (option === 'minmatchlen' && j < args.length - 1) {
      const min = parseInteger(args[++j]!);
      if (min === null) return replyError(client, NOT_INTEGER);
      options.minMatchLen = Math.max(min, 0);
    } else {
      return replyError(client, SYNTAX);
    }
  }
  if (options.len && options.idx) {
    return replyError(client, 'ERR If you want both the length and indexes, please just use IDX.');
  }
  return options;
}

function replyError(client: Client, message: string): null {
  client.error(message);
  return null;
}

function bytesOf(value: StringValue | undefined): Buffer {
  if (value === undefined) return Buffer.alloc(0);
  return typeof value === 'string' ? Buffer.from(value, 'latin1') : value.bytes;
}

/**
 * The LCS length table: entry (i, j) at j + i * (blen + 1) holds the LCS length of a[0..i) and b[0..j).
 * Redis refuses tables larger than proto-max-bulk-len bytes (4 bytes per entry); null after that error.
 */
function lcsTable(client: Client, a: Buffer, b: Buffer): Uint32Array | null {
  const width = b.length + 1;
  const entries = (a.length + 1) * width;
  if (entries * 4 > client.node.config.getNumber('proto-max-bulk-len')) {
    return replyError(client, 'ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len');
  }
  let table: Uint32Array;
  try {
    table = new Uint32Array(entries);
  } catch {
    return replyError(client, 'ERR Insufficient memory, failed allocating transient memory for LCS');
  }
  for (let i = 1; i <= a.length; i++) {
    const row = i * width;
    const above = row - width;
    const ai = a[i - 1];
    for (let j = 1; j < width; j++) {
      if (ai === b[j - 1]) table[row + j] = table[above + j - 1]! + 1;
      else table[row + j] = Math.max(table[above + j]!, table[row + j - 1]!);
    }
  }
  return table;
}

/** A match range found walking back: [aStart, aEnd, bStart, bEnd] (inclusive). */
type Match = [number, number, number, number];

/**
 * Walks the table back from (alen, blen) as lcsCommand does: the LCS bytes and, with `collectMatches`, the
 * contiguous ranges in the order Redis emits them (from the end of the strings to their start).
 */
function walkBack(a: Buffer, b: Buffer, table: Uint32Array, collectMatches: boolean): { lcs: Buffer; matches: Match[] } {
  const width = b.length + 1;
  let idx = table[a.length * width + b.length]!;
  const lcs = Buffer.alloc(idx);
  const matches: Match[] = [];
  let current: Match | null = null;
  let i = a.length;
  let j = b.length;
  while (i > 0 && j > 0) {
    let emit = false;
    if (a[i - 1] === b[j - 1]) {
      lcs[--idx] = a[i - 1]!;
      if (current === null) current = [i - 1, i - 1, j - 1, j - 1];
      else if (current[0] === i && current[2] === j) {
        // Contiguous with the range so far: extend it backwards.
        current[0]--;
        current[2]--;
      } else {
        emit = true;
      }
      if (current[0] === 0 || current[2] === 0) emit = true;
      i--;
      j--;
    } else {
      if (table[(i - 1) * width + j]! > table[i * width + j - 1]!) i--;
      else j--;
      if (current !== null) emit = true;
    }
    if (emit && current !== null) {
      if (collectMatches) matches.push(current);
      current = null;
    }
  }
  return { lcs, matches };
}

function lcs(client: Client, args: string[]): void {
  const first = readKey(client, args[1]!);
  const second = readKey(client, args[2]!);
  if ((first !== undefined && !isString(first)) || (second !== undefined && !isString(second))) {
    return client.error('ERR The specified keys must contain string values');
  }
  const options = parseOptions(client, args);
  if (options === null) return;
  const a = bytesOf(first as StringValue | undefined);
  const b = bytesOf(second as StringValue | undefined);
  const table = lcsTable(client, a, b);
  if (table === null) return;
  const length = table[a.length * (b.length + 1) + b.length]!;
  if (options.len) return client.reply.integer(length);
  const { lcs: common, matches } = walkBack(a, b, table, options.idx);
  if (!options.idx) return client.reply.bulk(common);
  const reply = client.reply;
  const kept = matches.filter((m) => options.minMatchLen === 0 || m[1] - m[0] + 1 >= options.minMatchLen);
  reply.mapHeader(2);
  reply.bulk('matches');
  reply.arrayHeader(kept.length);
  for (const [aStart, aEnd, bStart, bEnd] of kept) {
    reply.arrayHeader(options.withMatchLen ? 3 : 2);
    reply.arrayHeader(2);
    reply.integer(aStart);
    reply.integer(aEnd);
    reply.arrayHeader(2);
    reply.integer(bStart);
    reply.integer(bEnd);
    if (options.withMatchLen) reply.integer(aEnd - aStart + 1);
  }
  reply.bulk('len');
  reply.integer(length);
}

export const lcsCommands: CommandFamily = [
  {
    name: 'lcs',
    arity: -3,
    flags: ['readonly'],
    firstKey: 1,
    lastKey: 2,
    step: 1,
    group: 'string',
    categories: ['@string'],
    summary: 'Find longest common substring',
    since: '7.0.0',
    complexity: 'O(N*M) where N and M are the lengths of s1 and s2, respectively',
    handler: lcs,
  },
];
