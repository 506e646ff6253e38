import { describe, expect, it } from 'vitest';
import { clientTypeByName, formatClientInfo, isValidClientName, parseClientKill } from '../src/client-command.js';

const onlyDefault = (user: string): boolean => user === 'default';

describe('CLIENT pieces every server shares', () => {
  it('accepts printable ASCII names without spaces', () => {
    expect(isValidClientName('')).toBe(true);
    expect(isValidClientName('worker-1')).toBe(true);
    for (const bad of ['a b', 'a\nb', 'é', '\x7f']) expect(isValidClientName(bad)).toBe(false);
  });

  it('names client types as getClientTypeByName does', () => {
    expect(clientTypeByName('REPLICA')).toBe('slave');
    expect(clientTypeByName('slave')).toBe('slave');
    expect(clientTypeByName('PubSub')).toBe('pubsub');
    expect(clientTypeByName('primary')).toBeNull();
  });

  it('prints CLIENT LIST fields in Redis order, whatever order they are given in', () => {
    const line = formatClientInfo({
      resp: 2, redir: -1, user: 'default', cmd: 'NULL', events: 'r', 'tot-mem': 1, omem: 0, oll: 0, obl: 0, rbp: 0,
      rbs: 16384, 'multi-mem': 0, 'argv-mem': 0, 'qbuf-free': 0, qbuf: 0, multi: -1, ssub: 0, psub: 0, sub: 0, db: 0,
      flags: 'N', idle: 0, age: 0, name: '', fd: 7, laddr: '127.0.0.1:6379', addr: '127.0.0.1:5000', id: 3,
    });
    expect(line).toBe(
      'id=3 addr=127.0.0.1:5000 laddr=127.0.0.1:6379 fd=7 name= age=0 idle=0 flags=N db=0 sub=0 psub=0 ssub=0 ' +
        'multi=-1 qbuf=0 qbuf-free=0 argv-mem=0 multi-mem=0 rbs=16384 rbp=0 obl=0 oll=0 omem=0 tot-mem=1 events=r ' +
        'cmd=NULL user=default redir=-1 resp=2',
    );
  });

  it('parses CLIENT KILL: the old form spares nobody, the new one the caller unless SKIPME no', () => {
    expect(parseClientKill(['client', 'kill', '1.2.3.4:5'], onlyDefault)).toEqual({
      addr: '1.2.3.4:5', laddr: null, type: null, id: null, user: null, skipMe: false,
    });
    expect(
      parseClientKill(['client', 'kill', 'ID', '7', 'type', 'replica', 'LADDR', 'l', 'user', 'default', 'skipme', 'NO'], onlyDefault),
    ).toEqual({ addr: null, laddr: 'l', type: 'slave', id: 7, user: 'default', skipMe: false });
  });

  it('answers the first bad CLIENT KILL option with its error', () => {
    const kill = (...rest: string[]) => parseClientKill(['client', 'kill', ...rest], onlyDefault);
    expect(kill('id', '0')).toBe('ERR client-id should be greater than 0');
    expect(kill('id', 'x')).toBe('ERR client-id should be greater than 0');
    expect(kill('type', 'nope')).toBe("ERR Unknown client type 'nope'");
    expect(kill('user', 'bob', 'bogus', 'x')).toBe("ERR No such user 'bob'");
    expect(kill('skipme', 'maybe')).toBe('ERR syntax error');
    expect(kill('bogus', 'x', 'user', 'bob')).toBe('ERR syntax error');
    expect(kill('id', '1', 'skipme')).toBe('ERR syntax error');
  });
});
