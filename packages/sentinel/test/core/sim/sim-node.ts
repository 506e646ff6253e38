import type { ControlOutcome, Hello, NodeFacts, ReplicaFact } from '../../../src/core/types.js';

/**
 * A data node's control plane, simulated: role, epoch fencing (refuses calls older than the newest epoch it
 * obeyed), offsets, and the hellos sentinels leave on it. A crashed or hung node answers nothing.
 */
export class SimNode {
  role: 'master' | 'slave';
  primary: string | null;
  epoch = 0;
  offset = 0;
  state: 'up' | 'crashed' | 'hung' = 'up';
  paused = false;
  runId: string;
  private restarts = 0;
  private readonly hellos = new Map<string, Hello>();

  constructor(
    readonly host: string,
    readonly port: number,
    private readonly initial: { role: 'master' | 'slave'; primary: string | null },
  ) {
    this.role = initial.role;
    this.primary = initial.primary;
    this.runId = `${host.padEnd(8, '0')}-0`;
  }

  get key(): string {
    return `${this.host}:${this.port}`;
  }

  get answers(): boolean {
    return this.state === 'up';
  }

  /** A restart without persistence: back to the command line's role, epoch 0, empty. */
  restart(): void {
    this.role = this.initial.role;
    this.primary = this.initial.primary;
    this.epoch = 0;
    this.offset = 0;
    this.paused = false;
    this.state = 'up';
    this.hellos.clear();
    this.runId = `${this.host.padEnd(8, '0')}-${++this.restarts}`;
  }

  probe(hello: Hello, replicas: readonly ReplicaFact[]): NodeFacts {
    this.hellos.set(hello.sentinelId, hello);
    const [primaryHost, primaryPort] = this.primary === null ? ['', 0] : splitKey(this.primary);
    return {
      runId: this.runId,
      role: this.role,
      epoch: this.epoch,
      offset: this.offset,
      grpcPort: this.port + 10000,
      priority: 100,
      primaryHost,
      primaryPort,
      linkUp: this.role === 'slave',
      linkDownMs: 0,
      replicas: this.role === 'master' ? replicas : [],
      sentinels: [...this.hellos.values()].filter((other) => other.sentinelId !== hello.sentinelId),
    };
  }

  promote(epoch: number): ControlOutcome {
    if (epoch < this.epoch) return { ok: false, error: `stale epoch ${epoch} < ${this.epoch}` };
    this.epoch = epoch;
    this.role = 'master';
    this.primary = null;
    this.paused = false;
    return { ok: true, offset: this.offset };
  }

  follow(epoch: number, primary: string): ControlOutcome {
    if (epoch < this.epoch) return { ok: false, error: `stale epoch ${epoch} < ${this.epoch}` };
    this.epoch = epoch;
    this.role = 'slave';
    this.primary = primary;
    this.paused = false;
    return { ok: true, offset: this.offset };
  }

  /** Fenced like the others, but it does not raise the node's epoch: only promote and follow change its role. */
  pause(epoch: number, resume: boolean): ControlOutcome {
    if (epoch < this.epoch) return { ok: false, error: `stale epoch ${epoch} < ${this.epoch}` };
    this.paused = !resume;
    return { ok: true, offset: this.offset };
  }
}

export function splitKey(key: string): [string, number] {
  const at = key.lastIndexOf(':');
  return [key.slice(0, at), Number(key.slice(at + 1))];
}
