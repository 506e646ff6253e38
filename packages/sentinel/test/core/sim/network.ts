/**
 * An in-memory network between named endpoints (sentinel ids, node keys): each one-way link can be cut, every
 * message is delayed by a random amount, and a share of messages can be dropped. isolate() cuts an endpoint
 * from everyone; partition() splits the endpoints into sides that only talk within themselves.
 */
export class Network {
  private readonly cut = new Set<string>();
  dropRate = 0;
  maxDelayMs = 2;

  constructor(private readonly random: () => number) {}

  delay(): number {
    return this.random() * this.maxDelayMs;
  }

  /** Whether a message from `from` to `to` sent now gets through. */
  delivers(from: string, to: string): boolean {
    if (from === to) return true;
    if (this.cut.has(`${from}>${to}`)) return false;
    return this.random() >= this.dropRate;
  }

  cutLink(from: string, to: string, bothWays = true): void {
    this.cut.add(`${from}>${to}`);
    if (bothWays) this.cut.add(`${to}>${from}`);
  }

  isolate(endpoint: string, everyone: readonly string[]): void {
    for (const other of everyone) if (other !== endpoint) this.cutLink(endpoint, other);
  }

  partition(sides: readonly (readonly string[])[]): void {
    for (const side of sides) {
      for (const other of sides) {
        if (other === side) continue;
        for (const a of side) for (const b of other) this.cutLink(a, b, false);
      }
    }
  }

  heal(): void {
    this.cut.clear();
    this.dropRate = 0;
  }
}
