import { describe, expect, it } from 'vitest';
import { ConnectionState } from '../../src/core/connection-state.js';
import { expectedReplies } from '../../src/core/replies.js';

describe('ConnectionState', () => {
  it('learns AUTH, HELLO, SELECT, CLIENT SETNAME and CLIENT TRACKING from successful replies, and replays them in order', () => {
    const state = new ConnectionState();
    state.observe(['auth', 'secret'], false);
    state.observe(['select', '4'], false);
    state.observe(['hello', '3', 'SETNAME', 'worker'], false);
    state.observe(['client', 'tracking', 'on', 'BCAST', 'PREFIX', 'a:'], false);
    state.observe(['subscribe', 'c1', 'c2'], false);
    state.observe(['psubscribe', 'p*'], false);
    state.observe(['ssubscribe', 's1'], false);
    expect(state.replay()).toEqual([
      ['HELLO', '3', 'AUTH', 'default', 'secret'],
      ['SELECT', '4'],
      ['CLIENT', 'SETNAME', 'worker'],
      ['CLIENT', 'TRACKING', 'on', 'BCAST', 'PREFIX', 'a:'],
      ['SUBSCRIBE', 'c1', 'c2'],
      ['PSUBSCRIBE', 'p*'],
      ['SSUBSCRIBE', 's1'],
    ]);
  });

  it('ignores what failed', () => {
    const state = new ConnectionState();
    state.observe(['auth', 'wrong'], true);
    state.observe(['select', '99'], true);
    state.observe(['hello', '4'], true);
    state.observe(['subscribe', 'c'], true);
    expect(state.replay()).toEqual([]);
    expect(state.subscribed).toBe(false);
  });

  it('shard channels count as subscribed mode and are forgotten by SUNSUBSCRIBE', () => {
    const state = new ConnectionState();
    state.observe(['ssubscribe', 'a', 'b'], false);
    expect(state.subscribed).toBe(true);
    state.observe(['sunsubscribe', 'a'], false);
    expect([...state.shardChannels]).toEqual(['b']);
    state.observe(['sunsubscribe'], false);
    expect(state.subscribed).toBe(false);
  });

  it('RESET forgets the connection state but not the reply mode set after it was sent', () => {
    const state = new ConnectionState();
    state.observe(['hello', '3'], false);
    state.observe(['subscribe', 'c'], false);
    state.observe(['ssubscribe', 's'], false);
    // RESET, then CLIENT REPLY OFF, are sent before RESET's reply arrives.
    expect(expectedReplies('reset', ['reset'], 1, state)).toBe(1);
    expect(expectedReplies('client', ['client', 'REPLY', 'OFF'], 3, state)).toBe(0);
    state.observe(['reset'], false);
    // Only the reply mode set after the RESET survives, and a new connection gets it last.
    expect(state.replay()).toEqual([['CLIENT', 'REPLY', 'OFF']]);
    expect(state.subscribed).toBe(false);
    expect(state.replyMode).toBe('off');
    expect(expectedReplies('get', null, 2, state)).toBe(0);
  });

  it('tracks MULTI and WATCH, never replayed', () => {
    const state = new ConnectionState();
    state.observe(['watch', 'k'], false);
    state.observe(['multi'], false);
    expect(state.inMulti && state.watching).toBe(true);
    expect(state.replay()).toEqual([]);
    state.observe(['exec'], false);
    expect(state.inMulti || state.watching).toBe(false);
  });
});
