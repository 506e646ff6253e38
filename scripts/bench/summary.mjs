// Reduce the raw runs to one row per (pipeline depth, benchmark test):
// medians over rounds per server, the understudy/redis ratios, and targets.
import { median, ratio } from './stats.mjs';
import { evaluateTargets } from './targets.mjs';

/**
 * @typedef {object} RunRecord
 * @property {number} round
 * @property {number} pipeline
 * @property {string} test          the -t argument
 * @property {'understudy' | 'redis'} server
 * @property {number | null} cpuUsPerRequest
 * @property {Array<{ test: string, rps: number, p50Ms: number, p99Ms: number }>} rows
 */

const finite = (xs) => xs.filter((v) => typeof v === 'number' && Number.isFinite(v));
const minOrNull = (xs) => (finite(xs).length ? Math.min(...finite(xs)) : null);
const maxOrNull = (xs) => (finite(xs).length ? Math.max(...finite(xs)) : null);

/** @param {RunRecord[]} runs */
export function summarize(runs, serverNames) {
  /** @type {Map<string, { pipeline: number, test: string, samples: Record<string, Array<object>> }>} */
  const groups = new Map();
  for (const run of runs) {
    for (const row of run.rows) {
      const key = `${run.pipeline}\u0000${row.test}`;
      let g = groups.get(key);
      if (!g) {
        g = { pipeline: run.pipeline, test: row.test, samples: {} };
        groups.set(key, g);
      }
      (g.samples[run.server] ??= []).push({
        rps: row.rps,
        p50Ms: row.p50Ms,
        p99Ms: row.p99Ms,
        cpuUsPerRequest: run.cpuUsPerRequest,
      });
    }
  }
  const order = [...groups.values()].sort((a, b) => a.pipeline - b.pipeline); // stable: tests keep run order
  return order.map((g) => {
    const per = {};
    for (const name of serverNames) {
      const s = g.samples[name] ?? [];
      const rpsValues = s.map((x) => x.rps);
      per[name] = s.length
        ? {
            rounds: s.length,
            rps: median(rpsValues),
            rpsMin: Math.min(...rpsValues),
            rpsMax: Math.max(...rpsValues),
            p50Ms: median(s.map((x) => x.p50Ms)),
            p99Ms: median(s.map((x) => x.p99Ms)),
            cpuUsPerRequest: median(s.map((x) => x.cpuUsPerRequest)),
            cpuUsPerRequestMin: minOrNull(s.map((x) => x.cpuUsPerRequest)),
            cpuUsPerRequestMax: maxOrNull(s.map((x) => x.cpuUsPerRequest)),
          }
        : null;
    }
    const u = per.understudy;
    const r = per.redis;
    const rpsRatio = ratio(u?.rps, r?.rps);
    const cpuRatio = ratio(u?.cpuUsPerRequest, r?.cpuUsPerRequest);
    const targets = evaluateTargets({ pipeline: g.pipeline, rpsRatio, cpuRatio });
    return { test: g.test, pipeline: g.pipeline, understudy: u ?? null, redis: r ?? null, rpsRatio, cpuRatio, targets };
  });
}
