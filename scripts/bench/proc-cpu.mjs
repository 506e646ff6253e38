// Server CPU accounting from /proc/<pid>/stat (Linux).
//
// Fields 14 (utime) and 15 (stime) are the user and system CPU time of the
// whole process (all of its threads), in clock ticks. The ticks-per-second
// rate comes from `getconf CLK_TCK` (almost always 100; default 100).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

let ticksPerSecond;

/** @returns {number} clock ticks per second (CLK_TCK) */
export function clockTicksPerSecond() {
  if (ticksPerSecond !== undefined) return ticksPerSecond;
  ticksPerSecond = 100;
  try {
    const out = execFileSync('getconf', ['CLK_TCK'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const v = Number.parseInt(out.trim(), 10);
    if (Number.isFinite(v) && v > 0) ticksPerSecond = v;
  } catch {
    // keep the default
  }
  return ticksPerSecond;
}

/**
 * @param {number | null | undefined} pid
 * @returns {{ utime: number, stime: number, total: number } | null}
 *   null when the pid is unknown or /proc is unavailable.
 */
export function readCpuTicks(pid) {
  if (!pid) return null;
  let text;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // Field 2 (comm) is parenthesised and may contain spaces: split after the
  // last ')'. The remaining words start at field 3.
  const rest = text.slice(text.lastIndexOf(')') + 2).trim().split(/\s+/);
  const utime = Number(rest[14 - 3]);
  const stime = Number(rest[15 - 3]);
  if (!Number.isFinite(utime) || !Number.isFinite(stime)) return null;
  return { utime, stime, total: utime + stime };
}

/**
 * CPU consumed between two readCpuTicks() samples.
 * @returns {{ ticks: number, userMs: number, systemMs: number, totalMs: number } | null}
 */
export function cpuDelta(before, after) {
  if (!before || !after) return null;
  const hz = clockTicksPerSecond();
  const toMs = (t) => (t * 1000) / hz;
  return {
    ticks: after.total - before.total,
    userMs: toMs(after.utime - before.utime),
    systemMs: toMs(after.stime - before.stime),
    totalMs: toMs(after.total - before.total),
  };
}
