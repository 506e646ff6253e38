import type { Database } from './database.js';

/**
 * Redis's active expiry cycle (expire.c activeExpireCycle, "slow" mode): each run walks every database's
 * expires table from where the last run stopped, testing up to `keysPerLoop` keys per loop, and loops again
 * while more than `acceptableStalePercent` of the tested keys had expired, until the time budget is spent.
 * Pure: time comes from `now()` (the injected clock) so tests drive it by hand.
 */
export interface ActiveExpireOptions {
  keysPerLoop: number; // ACTIVE_EXPIRE_CYCLE_KEYS_PER_LOOP (20), scaled by active-expire-effort
  acceptableStalePercent: number; // 10 in Redis 7.0, lowered by active-expire-effort
  budgetMs: number; // 25% of one 1000/hz period
}

export function activeExpireOptions(hz: number, effort: number): ActiveExpireOptions {
  const extra = Math.max(0, effort - 1); // effort 1..10
  return {
    keysPerLoop: 20 + Math.floor((20 / 4) * extra),
    acceptableStalePercent: 10 - extra,
    budgetMs: (1000 / hz) * 0.25 * (1 + extra / 10),
  };
}

/** Returns how many keys it expired (each through Database.expireIfNeeded, which announces it). */
export function activeExpireCycle(
  dbs: readonly Database[],
  now: () => number,
  options: ActiveExpireOptions,
): number {
  const start = now();
  let expired = 0;
  for (const db of dbs) {
    for (;;) {
      if (db.expires.size === 0) {
        db.expireCursor = null;
        break;
      }
      let sampled = 0;
      let expiredNow = 0;
      let wrapped = false;
      while (sampled < options.keysPerLoop) {
        db.expireCursor ??= db.expires.entries();
        const step = db.expireCursor.next();
        if (step.done) {
          db.expireCursor = null;
          if (wrapped) break;
          wrapped = true;
          continue;
        }
        sampled++;
        const [key, when] = step.value;
        if (when <= now() && db.expireIfNeeded(key)) expiredNow++;
      }
      expired += expiredNow;
      if (now() - start > options.budgetMs) return expired;
      if (sampled === 0 || (expiredNow * 100) / sampled <= options.acceptableStalePercent) break;
    }
  }
  return expired;
}
