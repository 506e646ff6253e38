import type { ConnectionState } from './connection-state.js';

/** Commands whose replies are pub/sub confirmations, one per channel or pattern. */
const SUBSCRIBE_FAMILY = new Set(['subscribe', 'psubscribe', 'unsubscribe', 'punsubscribe', 'ssubscribe', 'sunsubscribe']);

/** First elements of a pub/sub confirmation frame (a reply to a SUBSCRIBE-family command). */
const CONFIRMATIONS = new Set(['subscribe', 'psubscribe', 'unsubscribe', 'punsubscribe', 'ssubscribe', 'sunsubscribe']);

export function isSubscribeFamily(name: string): boolean {
  return SUBSCRIBE_FAMILY.has(name);
}

/**
 * How many reply frames a command sent now will produce (and, for CLIENT REPLY, the mode it sets, which has no
 * reply to observe): one, except CLIENT REPLY OFF/SKIP (none for the commands they silence) and the SUBSCRIBE family (a confirmation per channel; UNSUBSCRIBE without arguments
 * one per current subscription, or one when there is none).
 */
export function expectedReplies(name: string, args: readonly string[] | null, argc: number, state: ConnectionState): number {
  if (name === 'client' && args !== null && args.length === 3 && args[1]!.toLowerCase() === 'reply') {
    const mode = args[2]!.toLowerCase();
    if (mode === 'on' || mode === 'off' || mode === 'skip') {
      state.replyMode = mode;
      return mode === 'on' ? 1 : 0;
    }
  }
  // With replies off, even errors are not sent (Redis's CLIENT REPLY).
  if (state.replyMode === 'off') return 0;
  if (state.replyMode === 'skip') {
    state.replyMode = 'on';
    return 0;
  }
  if (SUBSCRIBE_FAMILY.has(name)) {
    if (argc > 1) return argc - 1;
    const current = name === 'unsubscribe' ? state.channels.size : name === 'punsubscribe' ? state.patterns.size : 0;
    return Math.max(1, current);
  }
  return 1;
}

/**
 * Whether a reply frame answers the oldest command in flight (true), or is pushed data the server sends on
 * its own — pub/sub messages, RESP3 invalidations (false). `first` is the frame's first element, lower-cased,
 * when it is an array or push (null otherwise); `awaitingConfirmation`: the oldest command in flight is of the
 * SUBSCRIBE family.
 */
export function answersCommand(push: boolean, first: string | null, subscribed: boolean, awaitingConfirmation: boolean): boolean {
  // RESP3 sends confirmations as pushes too.
  if (push) return awaitingConfirmation && first !== null && CONFIRMATIONS.has(first);
  // RESP2 in subscribed mode: messages are arrays like any reply.
  if (subscribed && (first === 'message' || first === 'pmessage' || first === 'smessage')) return false;
  return true;
}
