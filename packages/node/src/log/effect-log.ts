import { randomBytes } from 'node:crypto';
import { encodeCommand } from '@understudy/resp';
import { Backlog } from './backlog.js';

/** Receives each appended entry's bytes (its own Buffer, safe to keep) and its start offset. */
export type EffectListener = (bytes: Buffer, startOffset: number) => void;

/**
 * The effect log (DESIGN.md §3): every write a primary executes appends its deterministic effect, encoded as
 * the RESP array the AOF stores, under a replication id and a byte offset counted as Redis counts
 * master_repl_offset. A SELECT is written whenever an effect targets another database than the previous one.
 * Effects of one MULTI/EXEC are held until EXEC ends and written as one atomic unit: wrapped in MULTI ... EXEC
 * when there are several, alone when there is one, nothing when there is none (as Redis 7.0 propagates).
 */
export class EffectLog {
  replid: string;
  replid2 = NO_REPLICATION_ID;
  secondOffset = -1;
  offset: number;
  readonly backlog: Backlog;
  private selectedDb = -1;
  private transactionDepth = 0;
  private pending: { db: number; args: readonly string[] }[] = [];
  private readonly listeners = new Set<EffectListener>();

  constructor(backlogSize = 1024 * 1024, replid = newReplicationId(), offset = 0) {
    this.replid = replid;
    this.offset = offset;
    this.backlog = new Backlog(backlogSize, offset);
  }

  /** Appends one effect executed against database `db`. */
  append(db: number, args: readonly string[]): void {
    if (this.transactionDepth > 0) this.pending.push({ db, args });
    else this.writeIn(db, args);
  }

  /** Effects appended until the matching endTransaction() form one atomic unit. */
  beginTransaction(): void {
    this.transactionDepth++;
  }

  endTransaction(): void {
    if (--this.transactionDepth > 0) return;
    const effects = this.pending;
    if (effects.length === 0) return; // most commands: nothing to log, nothing allocated
    this.pending = [];
    if (effects.length === 1) return this.writeIn(effects[0]!.db, effects[0]!.args);
    this.writeIn(effects[0]!.db, ['MULTI']);
    for (const { db, args } of effects) this.writeIn(db, args);
    this.write(['EXEC']);
  }

  get inTransaction(): boolean {
    return this.transactionDepth > 0;
  }

  /** Forget which database the stream has selected: the next effect starts with a SELECT (new replica, new AOF). */
  forceSelect(): void {
    this.selectedDb = -1;
  }

  subscribe(listener: EffectListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private writeIn(db: number, args: readonly string[]): void {
    if (db !== this.selectedDb) {
      this.selectedDb = db;
      this.write(['SELECT', String(db)]);
    }
    this.write(args);
  }

  /**
   * Appends bytes received from this node's primary, verbatim (a replica's log is a byte-for-byte copy of its
   * primary's, offsets included, so that after a promotion the other replicas can continue from it). Which
   * database those bytes left selected is not tracked: the next effect of this node's own starts with a
   * SELECT.
   */
  appendRaw(bytes: Buffer): void {
    this.selectedDb = -1;
    const start = this.offset;
    this.offset += bytes.length;
    this.backlog.append(bytes);
    for (const listener of this.listeners) listener(bytes, start);
  }

  /** A full copy of a primary's dataset at `offset` under `replid` was loaded: the log continues from there. */
  restartAt(replid: string, offset: number): void {
    this.replid = replid;
    this.replid2 = NO_REPLICATION_ID;
    this.secondOffset = -1;
    this.offset = offset;
    this.backlog.restartAt(offset);
    this.selectedDb = -1;
  }

  /**
   * The history continues under a new replication id (shiftReplicationId): a promotion, or a primary that was
   * promoted. The old id stays valid up to the current offset, so replicas that followed it can continue.
   */
  shiftReplicationId(replid = newReplicationId()): void {
    this.replid2 = this.replid;
    this.secondOffset = this.offset + 1;
    this.replid = replid;
    this.selectedDb = -1;
  }

  private write(args: readonly string[]): void {
    const bytes = encodeCommand(args);
    const start = this.offset;
    this.offset += bytes.length;
    this.backlog.append(bytes);
    for (const listener of this.listeners) listener(bytes, start);
  }
}

/** master_replid2 when there is no previous history. */
export const NO_REPLICATION_ID = '0000000000000000000000000000000000000000';

export function newReplicationId(): string {
  return randomBytes(20).toString('hex');
}
