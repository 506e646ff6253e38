// Brings a fresh checkout to a runnable state using only Node and npm: pnpm (through npx, pinned to the
// version package.json declares), the workspace's dependencies, then the TypeScript build.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
const PNPM = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).packageManager;

function run(command, args, quiet) {
  const result = spawnSync(command, args, {
    cwd: ROOT,
    stdio: quiet ? ['ignore', 'pipe', 'inherit'] : 'inherit',
    env: { ...process.env, COREPACK_ENABLE_STRICT: '0', npm_config_update_notifier: 'false' },
  });
  if (result.status !== 0) {
    if (quiet && result.stdout) process.stdout.write(result.stdout);
    throw new Error(`${command} ${args.join(' ')} failed with status ${result.status}`);
  }
}

/** pnpm through npx: works where corepack's signature check fails, needs nothing installed. */
export function pnpm(args, quiet = false) {
  run('npx', ['-y', PNPM, ...args], quiet);
}

export function setup() {
  pnpm(['install', '--frozen-lockfile', '--reporter=silent'], true);
  pnpm(['run', '--silent', 'build'], true);
}
