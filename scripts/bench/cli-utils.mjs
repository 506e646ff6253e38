// Validation helpers for util.parseArgs string values.

export class UsageError extends Error {
  constructor(message) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Parse an integer option (string) with a lower bound. */
export function intOption(name, value, { min = 1 } = {}) {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) {
    throw new UsageError(`--${name} must be an integer >= ${min} (got ${JSON.stringify(value)})`);
  }
  return n;
}

/** Parse a comma-separated list, dropping empty items. */
export function listOption(value) {
  return String(value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Parse a comma-separated list of integers. */
export function intListOption(name, value, { min = 1 } = {}) {
  const items = listOption(value);
  if (items.length === 0) throw new UsageError(`--${name} must not be empty`);
  return items.map((v) => intOption(name, v, { min }));
}

/**
 * Reads the command line with `parseCli` (which returns the options, `help` among them, or throws): the
 * options to go on with, or the exit code after printing the help (-h: 0) or the error and the usage (a bad
 * option: 64, EX_USAGE).
 */
export function optionsOrExit(parseCli, argv, help) {
  let opts;
  try {
    opts = parseCli(argv);
  } catch (err) {
    if (!(err instanceof UsageError) && !err.code?.startsWith?.('ERR_PARSE_ARGS')) throw err;
    process.stderr.write(`${err.message}\n\n${help}`);
    return { exitCode: 64 };
  }
  if (opts.help) {
    process.stdout.write(help);
    return { exitCode: 0 };
  }
  return { opts };
}
