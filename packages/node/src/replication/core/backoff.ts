/**
 * Reconnection delays of a replica's link to its primary: doubling from `initialMs` up to `maxMs`, with up to
 * `jitter` of each delay removed at random (so replicas cut at once do not reconnect in lockstep). Forever:
 * a replica never gives up on its primary.
 */
export class Backoff {
  private attempt = 0;

  constructor(
    private readonly initialMs = 50,
    private readonly maxMs = 2000,
    private readonly jitter = 0.2,
    private readonly random: () => number = Math.random,
  ) {}

  /** The delay before the next attempt. */
  next(): number {
    const base = Math.min(this.maxMs, this.initialMs * 2 ** Math.min(this.attempt, 30));
    this.attempt++;
    return Math.round(base * (1 - this.jitter * this.random()));
  }

  /** A link that got going: the next failure starts again from the shortest delay. */
  reset(): void {
    this.attempt = 0;
  }
}
