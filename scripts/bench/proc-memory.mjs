// Resident memory of a process from /proc/<pid>/status (Linux), and waiting until it stops moving.
import { readFileSync } from 'node:fs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * VmRSS (resident now) and VmHWM (peak resident) in KiB.
 * @returns {{ rssKiB: number, hwmKiB: number }}
 */
export function readMemory(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name) => {
    const m = new RegExp(`^${name}:\\s+(\\d+)\\s+kB`, 'm').exec(status);
    if (!m) throw new Error(`/proc/${pid}/status has no ${name} line`);
    return Number(m[1]);
  };
  return { rssKiB: field('VmRSS'), hwmKiB: field('VmHWM') };
}

/** Whether /proc/<pid>/status can be read (Linux, process alive). */
export function canReadMemory(pid) {
  try {
    readMemory(pid);
    return true;
  } catch {
    return false;
  }
}

/**
 * Polls VmRSS every `pollMs` until every sample of the last `windowMs` lies within `tolerance` of each other
 * (tolerance: max(1 MiB, `tolerancePct` % of the current RSS)), or until `timeoutMs` has passed.
 * The figure is the median of the last window: a late GC that moves RSS restarts the window.
 * @param {number} pid
 * @param {{ windowMs: number, timeoutMs: number, pollMs?: number, tolerancePct?: number }} o
 * @returns {Promise<{ rssKiB: number, hwmKiB: number, stable: boolean, waitedMs: number, minKiB: number, maxKiB: number }>}
 */
export async function waitForStableRss(pid, { windowMs, timeoutMs, pollMs = 250, tolerancePct = 1 }) {
  const start = Date.now();
  /** @type {Array<{ t: number, rss: number }>} */
  const samples = [];
  for (;;) {
    const { rssKiB, hwmKiB } = readMemory(pid);
    const t = Date.now();
    samples.push({ t, rss: rssKiB });
    while (samples.length > 1 && samples[1].t <= t - windowMs) samples.shift();
    const covered = t - samples[0].t >= windowMs - pollMs / 2;
    const values = samples.map((s) => s.rss);
    const minKiB = Math.min(...values);
    const maxKiB = Math.max(...values);
    const toleranceKiB = Math.max(1024, (rssKiB * tolerancePct) / 100);
    const stable = covered && maxKiB - minKiB <= toleranceKiB;
    if (stable || t - start >= timeoutMs) {
      const sorted = [...values].sort((a, b) => a - b);
      return { rssKiB: sorted[sorted.length >> 1], hwmKiB, stable, waitedMs: t - start, minKiB, maxKiB };
    }
    await sleep(pollMs);
  }
}
