import type { ConnectionState } from './connection-state.js';

/** Commands whose replies are pub/sub confirmations, one per channel or pattern. */
const SUBSCRIBE_FAMILY = new Set(['subscribe', 'psubscribe', 'unsubscribe', 'punsubscribe', 'ssubscribe', 'sunsubscribe']);

/** First elements of a pub/sub confirmation frame (a reply to a SUBSCRIBE-family command). */
const CONFIRMATIONS = new Set(['subscribe', 'psubscribe', 'unsubscribe', 'punsubscribe', 'ssubscribe', 'sunsubscribe']);

export function isSubscribeFamily(name: string): boolean {
  return SUBSCRIBE_FAMILY.has(name);
}

/**
 * How many reply frames a command sent now will produce, and the effect sending it has on what the next ones
 * produce (CLIENT REPLY's mode, MULTI's queuing: the replies they change cannot be observed): one, except
 * - what CLIENT REPLY OFF/SKIP silence, themselves included: none, even errors (Redis's CLIENT REPLY);
 * - the SUBSCRIBE family: a confirmation per channel; (P|S)UNSUBSCRIBE without arguments one per current
 *   subscription, or one when there is none;
 * - inside MULTI everything answers once (+QUEUED or an error), SUBSCRIBE of several channels too.
 */
export function expectedReplies(name: string, args: readonly string[] | null, argc: number, state: ConnectionState): number {
  if (name === 'client' && !state.queuing && args !== null && args.length === 3 && args[1]!.toLowerCase() === 'reply') {
    const replies = switchReplyMode(state, args[2]!.toLowerCase());
    if (replies >= 0) return replies;
  }
  if (name === 'reset') {
    // RESET ends a transaction and turns replies back on before it answers, but a SKIP in effect for it holds.
    const skipped = state.replyMode === 'skip';
    state.replyMode = 'on';
    state.queuing = false;
    return skipped ? 0 : 1;
  }
  const frames = framesOf(name, argc, state);
  if (state.replyMode === 'off') return 0;
  if (state.replyMode === 'skip') {
    state.replyMode = 'on';
    return 0;
  }
  return frames;
}

/** CLIENT REPLY ON|OFF|SKIP sent: the frames it answers with, or -1 for another argument (a syntax error, sent as any reply). */
function switchReplyMode(state: ConnectionState, mode: string): number {
  if (mode === 'on') {
    // Sent even when it is the command a SKIP silences: ON clears the flag before it answers.
    state.replyMode = 'on';
    return 1;
  }
  if (mode === 'off') {
    state.replyMode = 'off';
    return 0;
  }
  if (mode === 'skip') {
    // SKIP while replies are off changes nothing (Redis: "if (!(c->flags & CLIENT_REPLY_OFF))").
    if (state.replyMode !== 'off') state.replyMode = 'skip';
    return 0;
  }
  return -1;
}

/** The frames a command answers with when replies are on; MULTI, EXEC and DISCARD open and close the queuing. */
function framesOf(name: string, argc: number, state: ConnectionState): number {
  if (state.queuing) {
    // With the wrong arity they are refused and the transaction stays open (to fail at EXEC).
    if ((name === 'exec' || name === 'discard') && argc === 1) state.queuing = false;
    return 1;
  }
  // MULTI is refused in RESP2's subscribed mode; a refusal seen later (NOAUTH...) is undone by ConnectionState.
  if (name === 'multi' && argc === 1 && !(state.subscribed && state.protocol === 2)) state.queuing = true;
  if (SUBSCRIBE_FAMILY.has(name)) {
    if (argc > 1) return argc - 1;
    const current = name === 'unsubscribe' ? state.channels.size : name === 'punsubscribe' ? state.patterns.size : name === 'sunsubscribe' ? state.shardChannels.size : 0;
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
