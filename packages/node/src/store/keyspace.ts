import type { Clock } from '../clock.js';
import { Database, type KeyspaceHooks } from './database.js';

/** The node's numbered databases (`databases` directive, 16 by default). */
export class Keyspace {
  readonly dbs: Database[];

  constructor(count: number, readonly clock: Clock, hooks: KeyspaceHooks) {
    this.dbs = Array.from({ length: count }, (_, i) => new Database(i, clock, hooks));
  }

  db(index: number): Database {
    return this.dbs[index]!;
  }

  totalKeys(): number {
    let n = 0;
    for (const db of this.dbs) n += db.size;
    return n;
  }

  /** See Database.applyingStream. */
  setApplyingStream(on: boolean): void {
    for (const db of this.dbs) db.applyingStream = on;
  }

  /** Expired keys are kept (replica) or deleted on access (primary). */
  setDeleteExpired(on: boolean): void {
    for (const db of this.dbs) db.deleteExpired = on;
  }
}
