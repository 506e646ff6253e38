import { describe, expect, it } from 'vitest';
import { ConnectionState } from '../../src/core/connection-state.js';
import { answersCommand, expectedReplies } from '../../src/core/replies.js';

/** The frames each command of a pipeline is expected to produce, sent in order on one connection. */
function framesFor(commands: readonly string[][], state = new ConnectionState()): number[] {
  return commands.map((command) => {
    const args = command.map((arg, i) => (i === 0 ? arg.toLowerCase() : arg));
    return expectedReplies(args[0]!, args, args.length, state);
  });
}

describe('expectedReplies', () => {
  it('one frame per command, one per channel for the SUBSCRIBE family', () => {
    expect(framesFor([['GET', 'k'], ['SUBSCRIBE', 'a', 'b'], ['PSUBSCRIBE', 'p*'], ['SSUBSCRIBE', 'x', 'y', 'z']])).toEqual([1, 2, 1, 3]);
  });

  it('a bare (P|S)UNSUBSCRIBE confirms each current subscription, or once when there is none', () => {
    const state = new ConnectionState();
    state.observe(['subscribe', 'a', 'b', 'c'], false);
    state.observe(['psubscribe', 'p*'], false);
    state.observe(['ssubscribe', 's1', 's2'], false);
    expect(framesFor([['UNSUBSCRIBE'], ['PUNSUBSCRIBE'], ['SUNSUBSCRIBE']], state)).toEqual([3, 1, 2]);
    expect(framesFor([['UNSUBSCRIBE'], ['PUNSUBSCRIBE'], ['SUNSUBSCRIBE'], ['SUBSCRIBE']])).toEqual([1, 1, 1, 1]);
  });

  it('CLIENT REPLY OFF silences everything, itself and errors included, until ON (which answers)', () => {
    expect(framesFor([['CLIENT', 'REPLY', 'OFF'], ['SET', 'a', '1'], ['NOSUCH'], ['SUBSCRIBE', 'a', 'b'], ['CLIENT', 'REPLY', 'ON'], ['GET', 'a']])).toEqual([0, 0, 0, 0, 1, 1]);
  });

  it('CLIENT REPLY SKIP silences itself and the next command only', () => {
    expect(framesFor([['client', 'reply', 'skip'], ['GET', 'a'], ['GET', 'a']])).toEqual([0, 0, 1]);
    // SKIP then SKIP: the second is the silenced command, and silences the next one again.
    expect(framesFor([['CLIENT', 'REPLY', 'SKIP'], ['CLIENT', 'REPLY', 'SKIP'], ['GET', 'a'], ['GET', 'a']])).toEqual([0, 0, 0, 1]);
    // ON clears the skip before it answers.
    expect(framesFor([['CLIENT', 'REPLY', 'SKIP'], ['CLIENT', 'REPLY', 'ON'], ['GET', 'a']])).toEqual([0, 1, 1]);
  });

  it('CLIENT REPLY SKIP while replies are off keeps them off', () => {
    expect(framesFor([['CLIENT', 'REPLY', 'OFF'], ['CLIENT', 'REPLY', 'SKIP'], ['GET', 'a'], ['GET', 'b'], ['CLIENT', 'REPLY', 'ON'], ['GET', 'c']])).toEqual([0, 0, 0, 0, 1, 1]);
  });

  it('CLIENT REPLY with another argument is a syntax error, answered unless replies are off', () => {
    expect(framesFor([['CLIENT', 'REPLY', 'maybe'], ['CLIENT', 'REPLY', 'OFF'], ['CLIENT', 'REPLY', 'maybe'], ['CLIENT', 'REPLY']])).toEqual([1, 0, 0, 0]);
  });

  it('RESET answers even with replies off, not when a SKIP silences it, and turns replies back on', () => {
    expect(framesFor([['CLIENT', 'REPLY', 'OFF'], ['RESET'], ['GET', 'a']])).toEqual([0, 1, 1]);
    expect(framesFor([['CLIENT', 'REPLY', 'SKIP'], ['RESET'], ['GET', 'a']])).toEqual([0, 0, 1]);
  });

  it('inside MULTI every command answers once, until EXEC or DISCARD', () => {
    expect(framesFor([['MULTI'], ['SUBSCRIBE', 'a', 'b'], ['UNSUBSCRIBE'], ['CLIENT', 'REPLY', 'OFF'], ['EXEC'], ['SUBSCRIBE', 'a', 'b']])).toEqual([1, 1, 1, 1, 1, 2]);
    expect(framesFor([['MULTI'], ['PSUBSCRIBE', 'a', 'b'], ['DISCARD'], ['PSUBSCRIBE', 'a', 'b']])).toEqual([1, 1, 1, 2]);
    // EXEC/DISCARD with arguments are refused and leave the transaction open; a MULTI with arguments opens none.
    expect(framesFor([['MULTI'], ['EXEC', 'x'], ['DISCARD', 'x'], ['SUBSCRIBE', 'a', 'b'], ['EXEC'], ['MULTI', 'x'], ['SUBSCRIBE', 'a', 'b']])).toEqual([1, 1, 1, 1, 1, 1, 2]);
    // RESET ends it.
    expect(framesFor([['MULTI'], ['RESET'], ['SUBSCRIBE', 'a', 'b']])).toEqual([1, 1, 2]);
  });

  it('a MULTI refused later (NOAUTH) stops the queuing; one refused as nested does not', () => {
    const state = new ConnectionState();
    expect(framesFor([['MULTI']], state)).toEqual([1]);
    state.observe(['multi'], true);
    expect(framesFor([['SUBSCRIBE', 'a', 'b']], state)).toEqual([2]);
    const nested = new ConnectionState();
    expect(framesFor([['MULTI'], ['MULTI']], nested)).toEqual([1, 1]);
    nested.observe(['multi'], false);
    nested.observe(['multi'], true);
    expect(framesFor([['SUBSCRIBE', 'a', 'b']], nested)).toEqual([1]);
  });

  it('MULTI in RESP2 subscribed mode is refused: nothing is queued', () => {
    const state = new ConnectionState();
    state.observe(['subscribe', 'a'], false);
    expect(framesFor([['MULTI'], ['SUBSCRIBE', 'b', 'c']], state)).toEqual([1, 2]);
    const resp3 = new ConnectionState();
    resp3.observe(['hello', '3'], false);
    resp3.observe(['subscribe', 'a'], false);
    expect(framesFor([['MULTI'], ['SUBSCRIBE', 'b', 'c']], resp3)).toEqual([1, 1]);
  });

  it('a fresh upstream connection (the replay) is never in a transaction', () => {
    const state = new ConnectionState();
    framesFor([['MULTI']], state);
    state.replay();
    expect(framesFor([['SUBSCRIBE', 'a', 'b']], state)).toEqual([2]);
  });
});

describe('answersCommand', () => {
  it('RESP3 pushes answer only a SUBSCRIBE-family command, with a confirmation', () => {
    expect(answersCommand(true, 'subscribe', false, true)).toBe(true);
    expect(answersCommand(true, 'sunsubscribe', true, true)).toBe(true);
    expect(answersCommand(true, 'message', true, true)).toBe(false);
    expect(answersCommand(true, 'invalidate', false, false)).toBe(false);
    expect(answersCommand(true, 'subscribe', false, false)).toBe(false);
  });

  it('RESP2 arrays are replies, except messages in subscribed mode', () => {
    expect(answersCommand(false, 'message', true, false)).toBe(false);
    expect(answersCommand(false, 'pmessage', true, true)).toBe(false);
    expect(answersCommand(false, 'smessage', true, false)).toBe(false);
    expect(answersCommand(false, 'message', false, false)).toBe(true);
    expect(answersCommand(false, 'pong', true, false)).toBe(true);
    expect(answersCommand(false, null, true, false)).toBe(true);
  });
});
