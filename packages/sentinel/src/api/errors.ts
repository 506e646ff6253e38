/**
 * redis-sentinel 7.0.15's own error texts (without the leading '-'), and Understudy's refusals; the texts every
 * server answers alike (syntax, arity, unknown command...) come from @understudy/resp.
 */

export const NO_SUCH_MASTER = 'ERR No such master with that name';
export const ONLY_HELLO = 'ERR Only HELLO messages are accepted by Sentinel instances.';

/** A refusal for what this sentinel cannot do (its configuration is fixed at start, it runs no scripts). */
export function notSupported(what: string, why: string): string {
  return `ERR ${what} is not supported by Understudy's sentinel: ${why}`;
}
