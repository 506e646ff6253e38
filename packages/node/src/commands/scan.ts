import { NOT_INTEGER, SYNTAX } from '../errors.js';
import { globMatch } from '@understudy/resp';
import type { Client } from '../server/client.js';
import { parseScanCursor } from '../store/scan-cursors.js';
import { typeOf } from '../store/values.js';
import { parseInteger } from '../util/numbers.js';
import { readKey } from './lookup.js';
import { NO_KEYS, type CommandFamily } from './types.js';

/**
 * SCAN (db.c scanGenericCommand) over the cursor registry of store/scan-cursors.ts. The option parsing, the
 * cursor parsing and the registry are exported for HSCAN, SSCAN and ZSCAN, which walk their own Maps/Sets.
 */

export const INVALID_CURSOR = 'ERR invalid cursor';

export interface ScanOptions {
  count: number;
  /** null when absent or "*" (which matches everything, so Redis skips matching). */
  pattern: string | null;
  /** SCAN only; lower-cased, as Redis compares type names case-insensitively. */
  type: string | null;
}

/**
 * COUNT / MATCH / TYPE from `from` on, as scanGenericCommand parses them: COUNT must be a long >= 1 (else a
 * syntax error), TYPE only where `allowType` (SCAN), anything else or a missing value is a syntax error.
 * Null after replying the error.
 */
export function parseScanOptions(client: Client, args: string[], from: number, allowType: boolean): ScanOptions | null {
  const options: ScanOptions = { count: 10, pattern: null, type: null };
  for (let i = from; i < args.length; i += 2) {
    const option = args[i]!.toLowerCase();
    const value = args[i + 1];
    if (value === undefined) {
      client.error(SYNTAX);
      return null;
    }
    if (option === 'count') {
      const count = parseInteger(value);
      if (count === null) {
        client.error(NOT_INTEGER);
        return null;
      }
      if (count < 1) {
        client.error(SYNTAX);
        return null;
      }
      options.count = count;
    } else if (option === 'match') {
      options.pattern = value === '*' ? null : value;
    } else if (option === 'type' && allowType) {
      options.type = value.toLowerCase();
    } else {
      client.error(SYNTAX);
      return null;
    }
  }
  return options;
}

/** The cursor argument as Redis reads it, or null after replying "ERR invalid cursor". */
export function parseCursorArg(client: Client, text: string): bigint | null {
  const cursor = parseScanCursor(text);
  if (cursor === null) client.error(INVALID_CURSOR);
  return cursor;
}

/** Writes the SCAN-family reply: the next cursor as a bulk string, then the elements. */
export function replyScan(client: Client, next: number, items: readonly string[]): void {
  const reply = client.reply;
  reply.arrayHeader(2);
  reply.bulk(String(next));
  reply.bulkArray(items);
}

/**
 * A key from the batch stays when it matches the pattern, has the asked type (found through a read lookup,
 * as Redis does, which counts a keyspace hit) and is not expired (an expired key is deleted on the way).
 */
function keep(client: Client, key: string, options: ScanOptions): boolean {
  if (options.pattern !== null && !globMatch(options.pattern, key)) return false;
  if (options.type !== null) {
    const value = readKey(client, key);
    const name = value === undefined ? 'none' : typeOf(value);
    if (name !== options.type) return false;
  }
  return !client.db.expireIfNeeded(key);
}

function scan(client: Client, args: string[]): void {
  const cursor = parseCursorArg(client, args[1]!);
  if (cursor === null) return;
  const options = parseScanOptions(client, args, 2, true);
  if (options === null) return;
  const node = client.node;
  const batch: string[] = [];
  const next = node.scanCursors.step(client.db.data, cursor, options.count, node.clock.now(), batch);
  let kept = 0;
  for (const key of batch) if (keep(client, key, options)) batch[kept++] = key;
  batch.length = kept;
  replyScan(client, next, batch);
}

export const scanCommands: CommandFamily = [
  {
    ...NO_KEYS,
    group: 'generic',
    categories: ['@keyspace'],
    name: 'scan',
    arity: -2,
    flags: ['readonly'],
    touchesArbitraryKeys: true,
    summary: 'Incrementally iterate the keys space',
    since: '2.8.0',
    complexity:
      'O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to return back to 0. N is the number of elements inside the collection.',
    handler: scan,
  },
];
