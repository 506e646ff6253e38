// Locate executables on PATH (no dependency on the `which` binary).
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';

function isExecutable(file) {
  try {
    if (!statSync(file).isFile()) return false;
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** @returns {string | null} absolute path of `name`, or null if not found */
export function which(name) {
  if (name.includes('/')) return isExecutable(name) ? name : null;
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    if (isExecutable(candidate)) return candidate;
  }
  return null;
}

/** Like which(), but throws a readable error when the executable is missing. */
export function requireExecutable(name, hint = '') {
  const found = which(name);
  if (!found) {
    throw new Error(`\`${name}\` was not found on PATH.${hint ? ` ${hint}` : ''}`);
  }
  return found;
}

export const REDIS_TOOLS_HINT =
  'Install it, e.g. `apt-get install -y redis-tools` (redis-cli, redis-benchmark) ' +
  'or `apt-get install -y redis-server`.';
