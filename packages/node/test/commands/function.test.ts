import { RequestParser } from '@understudy/resp';
import { describe, expect, it } from 'vitest';
import { createInProcessNode } from '../support/in-process.js';

describe('FUNCTION without a scripting engine', () => {
  it('FLUSH answers OK, counts as a change and propagates', () => {
    const n = createInProcessNode();
    const parser = new RequestParser();
    const effects: string[][] = [];
    n.node.log.subscribe((bytes) => {
      parser.feed(bytes);
      for (let a = parser.next(); a !== null; a = parser.next()) if (a[0] !== 'SELECT') effects.push(a);
    });
    const before = n.node.dirtySinceSave;
    expect(n.call('FUNCTION', 'FLUSH')).toBe('OK');
    expect(n.call('FUNCTION', 'FLUSH', 'async')).toBe('OK');
    expect(n.call('FUNCTION', 'FLUSH', 'SYNC')).toBe('OK');
    expect(n.node.dirtySinceSave - before).toBe(3);
    expect(effects).toEqual([['FUNCTION', 'FLUSH'], ['FUNCTION', 'FLUSH', 'async'], ['FUNCTION', 'FLUSH', 'SYNC']]);
    expect(n.call('FUNCTION', 'FLUSH', 'later')).toEqual(new Error('ERR FUNCTION FLUSH only supports SYNC|ASYNC option'));
    expect(n.call('FUNCTION', 'FLUSH', 'sync', 'now')).toEqual(
      new Error("ERR unknown subcommand or wrong number of arguments for 'FLUSH'. Try FUNCTION HELP."),
    );
  });

  it('LIST is empty once its options are checked', () => {
    const n = createInProcessNode();
    expect(n.call('FUNCTION', 'LIST')).toEqual([]);
    expect(n.call('FUNCTION', 'LIST', 'WITHCODE', 'LIBRARYNAME', 'my*')).toEqual([]);
    expect(n.call('FUNCTION', 'LIST', 'LIBRARYNAME')).toEqual(new Error('ERR library name argument was not given'));
    expect(n.call('FUNCTION', 'LIST', 'WITHCODE', 'WITHCODE')).toEqual(new Error('ERR Unknown argument WITHCODE'));
  });

  it('STATS shows nothing running and an empty Lua engine', () => {
    const n = createInProcessNode();
    expect(n.call('FUNCTION', 'STATS')).toEqual([
      'running_script',
      null,
      'engines',
      ['LUA', ['libraries_count', 0, 'functions_count', 0]],
    ]);
  });

  it('DELETE and KILL find nothing; LOAD, DUMP and RESTORE need the engine', () => {
    const n = createInProcessNode();
    expect(n.call('FUNCTION', 'DELETE', 'mylib')).toEqual(new Error('ERR Library not found'));
    expect(n.call('FUNCTION', 'KILL')).toEqual(new Error('NOTBUSY No scripts in execution right now.'));
    expect(n.call('FUNCTION', 'LOAD', '#!lua name=x\nreturn 1')).toEqual(
      new Error('ERR FUNCTION LOAD needs the Lua scripting engine, which is not available yet'),
    );
    expect(n.call('FUNCTION', 'DUMP')).toEqual(new Error('ERR FUNCTION DUMP needs the Lua scripting engine, which is not available yet'));
    expect(n.call('FUNCTION', 'RESTORE', 'payload')).toEqual(
      new Error('ERR FUNCTION RESTORE needs the Lua scripting engine, which is not available yet'),
    );
  });

  it('HELP describes the subcommands', () => {
    const n = createInProcessNode();
    const help = n.call('FUNCTION', 'HELP') as string[];
    expect(help[0]).toBe('FUNCTION <subcommand> [<arg> [value] [opt] ...]. Subcommands are:');
    expect(help).toContain('FLUSH [ASYNC|SYNC]');
    expect(help).toHaveLength(40);
  });
});
