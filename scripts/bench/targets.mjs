// Performance targets for Understudy relative to redis-server 7.0.15, and
// their evaluation for one (test, pipeline depth) row.
//
//   throughput ratio (understudy ops/s / redis ops/s) >= 0.8   at P = 1
//   CPU ratio (understudy CPU µs/req / redis CPU µs/req) <= 1.3 at P = 1
//                                                         <= 1.5 at P > 1 (16)
//   memory ratio (understudy RSS / redis RSS after the same bulk load) <= 1.5   (memory.mjs)

export const TARGETS = {
  minThroughputRatioP1: 0.8,
  maxCpuRatioP1: 1.3,
  maxCpuRatioPipelined: 1.5,
  maxMemoryRatio: 1.5,
};

/**
 * @param {{ pipeline: number, rpsRatio: number | null, cpuRatio: number | null }} row
 * @returns {{ status: 'ok' | 'MISS' | '-', checks: Array<{ metric: string, op: string, target: number, actual: number, ok: boolean }> }}
 */
export function evaluateTargets({ pipeline, rpsRatio, cpuRatio }) {
  const checks = [];
  if (pipeline === 1 && rpsRatio != null) {
    const target = TARGETS.minThroughputRatioP1;
    checks.push({ metric: 'ops', op: '>=', target, actual: rpsRatio, ok: rpsRatio >= target });
  }
  if (cpuRatio != null) {
    const target = pipeline === 1 ? TARGETS.maxCpuRatioP1 : TARGETS.maxCpuRatioPipelined;
    checks.push({ metric: 'cpu', op: '<=', target, actual: cpuRatio, ok: cpuRatio <= target });
  }
  if (checks.length === 0) return { status: '-', checks };
  return { status: checks.every((c) => c.ok) ? 'ok' : 'MISS', checks };
}

/** "ok", "MISS(ops)", "MISS(cpu)", "MISS(ops,cpu)" or "-". */
export function statusLabel({ status, checks }) {
  if (status !== 'MISS') return status;
  return `MISS(${checks.filter((c) => !c.ok).map((c) => c.metric).join(',')})`;
}

export const TARGETS_LEGEND =
  `targets: ops ratio >= ${TARGETS.minThroughputRatioP1} at P=1; ` +
  `CPU ratio <= ${TARGETS.maxCpuRatioP1} at P=1, <= ${TARGETS.maxCpuRatioPipelined} at P>1`;
