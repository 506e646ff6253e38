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
