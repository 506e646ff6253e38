import { pino, type Logger } from 'pino';
import type { ProxyConfig } from './config/index.js';

/** Redis's log levels as pino's: notice is info, verbose is debug. */
const LEVELS: Record<string, string> = { debug: 'debug', verbose: 'debug', notice: 'info', warning: 'warn' };

/** JSON lines on stdout (pretty in a terminal), or appended to `logfile`. */
export function createProxyLogger(config: ProxyConfig): Logger {
  const destination =
    config.logfile !== ''
      ? pino.destination({ dest: config.logfile, append: true, mkdir: false, sync: true })
      : process.stdout.isTTY
        ? pino.transport({ target: 'pino-pretty' })
        : pino.destination(1);
  return pino({ base: { pid: process.pid, role: 'proxy' }, level: LEVELS[config.loglevel] ?? 'info' }, destination);
}
