/**
 * Redis's checkClientOutputBufferLimits for a replica's stream: cut it when what waits to be sent exceeds the
 * hard limit, or stays above the soft limit for `softSeconds` in a row. 0 disables a limit.
 */
export interface OutputLimits {
  hardBytes: number;
  softBytes: number;
  softSeconds: number;
}

export class OutputLimit {
  /** When the pending bytes first went above the soft limit (ms), or -1 while below it. */
  private softSince = -1;

  constructor(private readonly limits: () => OutputLimits) {}

  /** True if a stream with `pendingBytes` waiting at time `now` (ms) must be cut. */
  exceeded(pendingBytes: number, now: number): boolean {
    const { hardBytes, softBytes, softSeconds } = this.limits();
    if (hardBytes > 0 && pendingBytes >= hardBytes) return true;
    if (softBytes === 0 || pendingBytes < softBytes) {
      this.softSince = -1;
      return false;
    }
    if (this.softSince === -1) this.softSince = now;
    return now - this.softSince >= softSeconds * 1000;
  }
}
