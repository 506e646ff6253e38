/** Counters behind INFO stats and INFO errorstats; CONFIG RESETSTAT zeroes them. */
export class Stats {
  connectionsReceived = 0;
  rejectedConnections = 0;
  commandsProcessed = 0;
  netInputBytes = 0;
  netOutputBytes = 0;
  expiredKeys = 0;
  evictedKeys = 0;
  /** Time (ms) used memory stayed above maxmemory in finished episodes, and when the current one began (0: none). */
  evictionExceededMs = 0;
  evictionExceededSince = 0;
  keyspaceHits = 0;
  keyspaceMisses = 0;
  errorReplies = 0;
  /** Replicas served a full copy / a continuation from the backlog / refused one (INFO sync_*). */
  syncFull = 0;
  syncPartialOk = 0;
  syncPartialErr = 0;
  /** Errors by their first word (ERR, WRONGTYPE, NOAUTH...), as INFO errorstats. */
  errorsByCode = new Map<string, number>();
  /** Samples of commandsProcessed for instantaneous_ops_per_sec (one a tick, 16 kept, as Redis). */
  private opsSamples: number[] = [];
  private lastSample: { at: number; commands: number } | null = null;

  countError(message: string): void {
    this.errorReplies++;
    const space = message.indexOf(' ');
    const code = space === -1 ? message : message.slice(0, space);
    this.errorsByCode.set(code, (this.errorsByCode.get(code) ?? 0) + 1);
  }

  /** Called about every 100 ms with the current time. */
  sample(now: number): void {
    if (this.lastSample && now > this.lastSample.at) {
      const rate = ((this.commandsProcessed - this.lastSample.commands) * 1000) / (now - this.lastSample.at);
      this.opsSamples.push(rate);
      if (this.opsSamples.length > 16) this.opsSamples.shift();
    }
    this.lastSample = { at: now, commands: this.commandsProcessed };
  }

  /**
   * performEvictions' update_metrics: an episode over maxmemory starts when eviction could not get under the
   * limit and ends, adding to the total, when it can.
   */
  evictionOutcome(underLimit: boolean, now: number): void {
    if (!underLimit) {
      if (this.evictionExceededSince === 0) this.evictionExceededSince = now;
    } else if (this.evictionExceededSince !== 0) {
      this.evictionExceededMs += now - this.evictionExceededSince;
      this.evictionExceededSince = 0;
    }
  }

  /** INFO's current_eviction_exceeded_time (ms). */
  currentEvictionExceeded(now: number): number {
    return this.evictionExceededSince === 0 ? 0 : now - this.evictionExceededSince;
  }

  get instantaneousOpsPerSec(): number {
    if (this.opsSamples.length === 0) return 0;
    return Math.round(this.opsSamples.reduce((a, b) => a + b, 0) / this.opsSamples.length);
  }

  reset(): void {
    const fresh = new Stats();
    Object.assign(this, fresh);
  }
}
