/** The part of a gRPC server call a held call needs: whether its caller gave up (cancel, deadline, gone). */
export interface HoldableCall {
  readonly cancelled: boolean;
  once(event: 'cancelled', listener: () => void): unknown;
}

interface HeldCall {
  readonly call: HoldableCall;
  readonly serve: () => void;
}

/**
 * The faults injected into this node (NodeControl SetFaults): for now, isolation, a network partition between
 * the node and everything that talks to it over gRPC (sentinels, replicas, its own primary). An isolated node
 * keeps serving RESP clients but answers no gRPC call: calls arriving meanwhile are held, unanswered, as a
 * partition would swallow them, until their caller's deadline or cancellation drops them, or the partition
 * heals and they are served late (as packets held back by a healed link arrive).
 */
export class NetworkFaults {
  isolated = false;
  private readonly held = new Set<HeldCall>();

  /** Holds `call` until the partition heals, then runs `serve` (unless its caller gave up meanwhile). */
  hold(call: HoldableCall, serve: () => void): void {
    const held: HeldCall = { call, serve };
    this.held.add(held);
    call.once('cancelled', () => this.held.delete(held));
  }

  /** The partition healed: serves every held call still waiting, oldest first. */
  releaseHeld(): void {
    const waiting = [...this.held];
    this.held.clear();
    for (const { call, serve } of waiting) if (!call.cancelled) serve();
  }
}
