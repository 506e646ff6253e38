/** Where a group's primary is, as one source (a sentinel's topology stream, or the static upstream) says. */
export interface TopologyReport {
  /** Which sentinel (or "static") said it. */
  readonly source: string;
  readonly configEpoch: number;
  readonly primary: { readonly host: string; readonly port: number } | null;
  readonly plannedFailover: boolean;
}

export interface Route {
  readonly primary: { readonly host: string; readonly port: number } | null;
  readonly epoch: number;
  /** A planned failover of this primary is under way: hold new commands until it is done or abandoned. */
  readonly hold: boolean;
}

/**
 * The proxy's routing decision (DESIGN.md §4): the primary of the highest config epoch any source reported,
 * never one of a lower epoch (a sentinel that restarts and reports epoch 0 does not send clients back), and
 * whether a planned failover asks new commands to wait.
 */
export class RouteTable {
  private readonly reports = new Map<string, TopologyReport>();
  private best: TopologyReport | null = null;

  /** Takes a report; returns whether the route changed. */
  offer(report: TopologyReport): boolean {
    const before = this.route();
    this.reports.set(report.source, report);
    if (report.primary !== null && (this.best === null || report.configEpoch > this.best.configEpoch)) this.best = report;
    const after = this.route();
    return before.epoch !== after.epoch || before.hold !== after.hold || !samePrimary(before.primary, after.primary);
  }

  route(): Route {
    const best = this.best;
    if (best === null) return { primary: null, epoch: 0, hold: false };
    let hold = false;
    for (const report of this.reports.values()) {
      if (report.plannedFailover && report.configEpoch === best.configEpoch && samePrimary(report.primary, best.primary)) hold = true;
    }
    return { primary: best.primary, epoch: best.configEpoch, hold };
  }
}

export function samePrimary(a: Route['primary'], b: Route['primary']): boolean {
  return a === b || (a !== null && b !== null && a.host === b.host && a.port === b.port);
}
