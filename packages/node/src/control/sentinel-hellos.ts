import type { SentinelHello, SentinelHello__Output } from '@understudy/grpc';

/** A hello not renewed for this long is forgotten (its sentinel is gone or no longer watches this node). */
export const HELLO_MAX_AGE_MS = 60_000;

interface StoredHello {
  readonly hello: SentinelHello__Output;
  /** When it arrived (ms on the node's clock). */
  readonly at: number;
}

/**
 * The hellos sentinels leave with their probes (Redis's __sentinel__:hello channel, carried by NodeControl
 * Probe): each sentinel's latest one, so that every sentinel probing this node learns about the others.
 * Probed every ~100 ms by each sentinel: a map keyed by sentinel id, pruned as it is read.
 */
export class SentinelHellos {
  private readonly hellos = new Map<string, StoredHello>();

  /** Keeps `hello` as its sentinel's latest (a hello without a sentinel id names no one and is ignored). */
  leave(hello: SentinelHello__Output, now: number): void {
    if (hello.sentinelId === '') return;
    this.hellos.set(hello.sentinelId, { hello, at: now });
  }

  /** The hellos of every sentinel but `callerId` heard from in the last HELLO_MAX_AGE_MS; older ones go. */
  others(callerId: string, now: number): SentinelHello[] {
    const result: SentinelHello[] = [];
    for (const [id, stored] of this.hellos) {
      if (now - stored.at > HELLO_MAX_AGE_MS) this.hellos.delete(id);
      else if (id !== callerId) result.push(stored.hello);
    }
    return result;
  }
}
