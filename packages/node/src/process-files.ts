import { rmSync, writeFileSync } from 'node:fs';
import { pino, type Logger as PinoLogger } from 'pino';
import type { ConfigStore } from './config/config-store.js';

/** Redis's log levels as pino's: notice is info, verbose is debug. */
const LEVELS: Record<string, string> = { debug: 'debug', verbose: 'debug', notice: 'info', warning: 'warn', nothing: 'silent' };

/**
 * The node's logger as the `logfile` and `loglevel` directives ask: JSON lines on stdout (pretty in a
 * terminal), or appended to the log file; the level follows CONFIG SET loglevel.
 */
export function createLogger(config: ConfigStore): PinoLogger {
  const file = config.getString('logfile');
  const destination =
    file !== ''
      ? pino.destination({ dest: file, append: true, mkdir: false, sync: true })
      : process.stdout.isTTY
        ? pino.transport({ target: 'pino-pretty' })
        : pino.destination(1);
  const logger = pino({ base: { pid: process.pid, role: 'node' }, level: LEVELS[config.getString('loglevel')] ?? 'info' }, destination);
  config.onChange('loglevel', (value) => {
    logger.level = LEVELS[value] ?? 'info';
  });
  return logger;
}

/** The `pidfile` directive: written once listening, removed at exit (as redis-server does). */
export function writePidFile(config: ConfigStore): () => void {
  const path = config.getString('pidfile');
  if (path === '') return () => {};
  writeFileSync(path, `${process.pid}\n`);
  return () => rmSync(path, { force: true });
}
