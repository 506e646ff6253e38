import type { Client } from './client.js';

/**
 * CLIENT PAUSE state: until `until`, clients stop being served (mode 'all') or stop at their first write
 * (mode 'write'). Paused clients are parked here and resumed when the pause ends.
 */
export class ClientPause {
  mode: 'off' | 'write' | 'all' = 'off';
  until = 0;
  private readonly parked = new Set<Client>();

  start(mode: 'write' | 'all', until: number): void {
    // A new pause can only make the current one stricter or longer, as Redis's pauseClients.
    if (this.mode === 'all' && mode === 'write') mode = 'all';
    this.mode = mode;
    this.until = Math.max(this.until, until);
  }

  /** Whether a command must wait: `isWrite` covers write and may-replicate commands. */
  blocks(isWrite: boolean): boolean {
    return this.mode === 'all' || (this.mode === 'write' && isWrite);
  }

  park(client: Client): void {
    this.parked.add(client);
  }

  forget(client: Client): void {
    this.parked.delete(client);
  }

  get parkedCount(): number {
    return this.parked.size;
  }

  end(): void {
    this.mode = 'off';
    this.until = 0;
    if (this.parked.size === 0) return;
    const waiting = [...this.parked];
    this.parked.clear();
    // After the command that ended the pause (CLIENT UNPAUSE, or the one that found it expired): a parked
    // client never runs inside another client's command.
    setImmediate(() => {
      for (const client of waiting) client.transport?.resume();
    });
  }

  expire(now: number): void {
    if (this.mode !== 'off' && now >= this.until) this.end();
  }
}
