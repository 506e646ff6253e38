import { keysOf } from '../commands/command-info.js';
import type { Command } from '../commands/command-table.js';

/**
 * What a snapshot in progress (persistence/snapshot.ts) needs to hear before the dataset changes, so that it
 * still produces the dataset exactly as it was at its start offset (DESIGN.md §3: "a key about to be changed
 * or deleted during the walk is copied first if the walk has not reached it").
 */
export interface SnapshotPreserver {
  /** `key` of database `db` is about to change: keep its current state if the walk still needs it. */
  preserve(db: number, key: string): void;
  /** Something is about to change keys nobody named (FLUSHALL, SWAPDB, MOVE...): keep everything still needed. */
  preserveEverything(): void;
}

/**
 * Write commands whose key positions do not cover what they change: they name no keys (FLUSHALL, FLUSHDB,
 * SWAPDB) or change a key of another database (MOVE, COPY ... DB).
 */
const CHANGES_UNNAMED_KEYS = new Set(['flushall', 'flushdb', 'swapdb', 'move', 'copy']);

/** Called by the dispatcher before a write command runs while at least one snapshot is in progress. */
export function preserveBeforeWrite(
  snapshots: ReadonlySet<SnapshotPreserver>,
  db: number,
  command: Command,
  args: readonly string[],
): void {
  if (CHANGES_UNNAMED_KEYS.has(command.fullName)) {
    for (const snapshot of snapshots) snapshot.preserveEverything();
    return;
  }
  const keys = keysOf(command, args);
  for (const snapshot of snapshots) {
    for (const found of keys) snapshot.preserve(db, args[found.position]!);
  }
}

/** The same for keys a served blocked command writes (the popped key, BLMOVE's destination). */
export function preserveKeys(snapshots: ReadonlySet<SnapshotPreserver>, db: number, keys: readonly string[]): void {
  for (const snapshot of snapshots) for (const key of keys) snapshot.preserve(db, key);
}
