import { describe, expect, it } from 'vitest';
import { EffectLog } from '../../src/log/effect-log.js';

const text = (log: EffectLog): string => log.backlog.readFrom(log.backlog.firstOffset)!.toString('latin1');

describe('EffectLog', () => {
  it('counts offsets in RESP bytes and selects the database before the first effect', () => {
    const log = new EffectLog();
    log.append(0, ['SET', 'a', '1']);
    expect(text(log)).toBe('*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n*3\r\n$3\r\nSET\r\n$1\r\na\r\n$1\r\n1\r\n');
    expect(log.offset).toBe(text(log).length);
    log.append(0, ['DEL', 'a']);
    log.append(3, ['DEL', 'b']);
    expect(text(log)).toContain('$3\r\nDEL\r\n$1\r\na\r\n*2\r\n$6\r\nSELECT\r\n$1\r\n3\r\n*2\r\n$3\r\nDEL');
  });

  it('wraps several effects of a transaction in MULTI/EXEC, one alone, none at all', () => {
    const log = new EffectLog();
    const seen: string[] = [];
    log.subscribe((bytes) => seen.push(bytes.toString('latin1')));
    log.beginTransaction();
    log.endTransaction();
    expect(seen).toEqual([]);
    log.beginTransaction();
    log.append(0, ['SET', 'a', '1']);
    log.endTransaction();
    expect(seen.join('')).not.toContain('MULTI');
    seen.length = 0;
    log.beginTransaction();
    log.append(0, ['SET', 'a', '1']);
    log.append(1, ['SET', 'b', '2']);
    log.endTransaction();
    const names = seen.map((s) => s.split('\r\n')[2]);
    expect(names).toEqual(['MULTI', 'SET', 'SELECT', 'SET', 'EXEC']);
  });
});
