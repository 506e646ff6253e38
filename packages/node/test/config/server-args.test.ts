import { describe, expect, it } from 'vitest';
import { ConfigStore } from '../../src/config/config-store.js';
import type { DirectiveHooks } from '../../src/config/server-args.js';
import {
  applyDirectives,
  loadDirectives,
  parseConfigFile,
  parseServerArgs,
} from '../../src/config/server-args.js';

function enoent(path: string): never {
  throw Object.assign(new Error(`ENOENT: no such file or directory, open '${path}'`), { code: 'ENOENT' });
}

function fs(files: Record<string, string>): (path: string) => string {
  return (path) => (path in files ? files[path]! : enoent(path));
}

/** Run the command line through parse + apply like the bin does. */
function start(
  argv: string[],
  files: Record<string, string> = {},
  hooks: DirectiveHooks = {},
): { store: ConfigStore; error: string | null } {
  const store = new ConfigStore({ cwd: '/' });
  const parsed = parseServerArgs(argv, fs(files));
  if (!parsed.ok) return { store, error: parsed.message };
  return { store, error: applyDirectives(store, parsed.directives, hooks) };
}

function fatal(line: number, text: string, err: string): string {
  return `*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***\nReading the configuration file, at line ${line}\n>>> '${text}'\n${err}`;
}

describe('parseServerArgs: command line to directives', () => {
  it('no arguments: nothing to load', () => {
    expect(parseServerArgs([], fs({}))).toEqual({ ok: true, directives: [], configFile: null, configFromStdin: false });
  });

  it('turns --options into config lines after the (empty) config text', () => {
    const r = parseServerArgs(['--port', '0', '--save', '', '--appendonly', 'no'], fs({}));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.directives.map((d) => [d[0], d[1]])).toEqual([
      ['port', ['0']],
      ['save', ['']],
      ['appendonly', ['no']],
    ]);
    expect(r.directives[0]!.source).toEqual({ file: null, lineNumber: 2, lineText: 'port "0"' });
    expect(r.directives[1]!.source?.lineText).toBe('save ""');
    expect(r.directives[2]!.source?.lineNumber).toBe(4);
  });

  it('accepts --port 0, --save "" and --appendonly no', () => {
    const { store, error } = start(['--port', '0', '--save', '', '--appendonly', 'no']);
    expect(error).toBeNull();
    expect(store.getNumber('port')).toBe(0);
    expect(store.get('save')).toBe('');
    expect(store.getBool('appendonly')).toBe(false);
  });

  it('reports an unknown directive like redis-server', () => {
    const { error } = start(['--foo', 'bar']);
    expect(error).toBe(
      [
        '*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***',
        'Reading the configuration file, at line 2',
        `>>> 'foo "bar"'`,
        'Bad directive or wrong number of arguments',
      ].join('\n'),
    );
  });

  it('redis-server command line error cases (introspection.tcl)', () => {
    expect(start(['--port']).error).toBe(fatal(2, 'port', 'wrong number of arguments'));
    expect(start(['--port', '6380', '--loglevel']).error).toBe(fatal(3, 'loglevel', 'wrong number of arguments'));
    expect(start(['--port', '6379', '6380']).error).toBe(fatal(2, 'port "6379" "6380"', 'wrong number of arguments'));
    expect(start(['--port', '--loglevel', 'verbose']).error).toBe(
      fatal(2, 'port "--loglevel" "verbose"', 'wrong number of arguments'),
    );
    expect(start(['--port', '--bla', '--loglevel', 'verbose']).error).toBe(
      fatal(2, 'port "--bla"', "argument couldn't be parsed into an integer"),
    );
    expect(start(['--logfile', '--my--log--file', '--loglevel', '--bla']).error).toBe(
      fatal(3, 'loglevel "--bla"', 'argument(s) must be one of the following: debug, verbose, notice, warning'),
    );
    const sigErr = 'argument(s) must be one of the following: default, save, nosave, now, force';
    expect(start(['--shutdown-on-sigint']).error).toBe(fatal(2, 'shutdown-on-sigint', sigErr));
    expect(start(['--shutdown-on-sigint', 'now force', '--shutdown-on-sigterm']).error).toBe(
      fatal(3, 'shutdown-on-sigterm', sigErr),
    );
    expect(start(['--replicaof', '127.0.0.1', 'abc']).error).toBe(
      fatal(2, 'replicaof "127.0.0.1" "abc"', 'Invalid master port'),
    );
    expect(start(['--replicaof', '--127.0.0.1', 'abc']).error).toBe(
      fatal(2, 'replicaof "--127.0.0.1" "abc"', 'Invalid master port'),
    );
    expect(start(['--replicaof', '--127.0.0.1', '--abc']).error).toBe(
      fatal(2, 'replicaof "--127.0.0.1"', 'wrong number of arguments'),
    );
  });

  it('option name and value in the same argument', () => {
    const { store, error } = start(['--maxmemory 700mb', '--maxmemory-policy volatile-lru']);
    expect(error).toBeNull();
    expect(store.get('maxmemory')).toBe('734003200');
    expect(store.get('maxmemory-policy')).toBe('volatile-lru');
  });

  it('wrong usage that redis-server supports anyway', () => {
    const { store, error } = start(
      ['/etc/redis.conf', 'loglevel', 'verbose', "--maxmemory '700mb'", "--maxmemory-policy 'volatile-lru'"],
      { '/etc/redis.conf': '' },
    );
    expect(error).toBeNull();
    expect(store.get('loglevel')).toBe('verbose');
    expect(store.get('maxmemory')).toBe('734003200');
    expect(store.get('maxmemory-policy')).toBe('volatile-lru');
  });

  it('option values may start with --', () => {
    let r = start(['--proc-title-template', '--my--title--template', '--loglevel', 'verbose']);
    expect(r.error).toBeNull();
    expect(r.store.get('proc-title-template')).toBe('--my--title--template');
    expect(r.store.get('loglevel')).toBe('verbose');
    r = start(['--proc-title-template --my--title--template', '--loglevel verbose']);
    expect(r.store.get('proc-title-template')).toBe('--my--title--template');
    expect(r.store.get('loglevel')).toBe('verbose');
  });

  it('--save with empty input', () => {
    const conf = { '/d.conf': 'save 900 1\n' };
    for (const args of [
      ['--save', '--loglevel', 'verbose'],
      ['--loglevel', 'verbose', '--save'],
      ['--save', '', '--loglevel', 'verbose'],
      ['--loglevel', 'verbose', '--save', ''],
    ]) {
      const { store, error } = start(['/d.conf', ...args], conf);
      expect(error).toBeNull();
      expect(store.get('save')).toBe('');
      expect(store.get('loglevel')).toBe('verbose');
    }
    const { store } = start(['/d.conf', '--proc-title-template', '--save', '--save', '', '--loglevel', 'verbose'], conf);
    expect(store.get('proc-title-template')).toBe('--save');
    expect(store.get('save')).toBe('');
    expect(store.get('loglevel')).toBe('verbose');
  });

  it('save lines: the first one replaces the defaults, later ones append', () => {
    expect(start(['/m.conf'], { '/m.conf': 'port 7000\n' }).store.get('save')).toBe('3600 1 300 100 60 10000');
    expect(start(['/m.conf', '--save', '100 100'], { '/m.conf': '' }).store.get('save')).toBe('100 100');
    expect(start(['/d.conf'], { '/d.conf': 'save 900 1\n' }).store.get('save')).toBe('900 1');
    expect(start(['/d.conf', '--save', '100', '100'], { '/d.conf': 'save 900 1\n' }).store.get('save')).toBe(
      '900 1 100 100',
    );
    expect(start(['/d.conf', '--save', ''], { '/d.conf': 'save 900 1\n' }).store.get('save')).toBe('');
  });

  it('MULTI_ARG configs take one argument with spaces', () => {
    const { store, error } = start([
      '--shutdown-on-sigint',
      'nosave',
      'force',
      'now',
      '--shutdown-on-sigterm',
      'nosave force',
      '--bind',
      '127.0.0.1 ::1',
      '--save',
      '3600 1 300 100',
    ]);
    expect(error).toBeNull();
    expect(store.get('shutdown-on-sigint')).toBe('nosave now force');
    expect(store.get('shutdown-on-sigterm')).toBe('nosave force');
    expect(store.getBindAddresses()).toEqual(['127.0.0.1', '::1']);
    expect(store.get('save')).toBe('3600 1 300 100');
  });

  it('config file plus overrides (later wins), line numbers continue after the file', () => {
    const files = { '/etc/redis.conf': '# comment\n\nport 7000\r\nmaxmemory 1gb\n  databases 4  \n' };
    let r = start(['/etc/redis.conf', '--port', '7001', '--maxmemory-policy', 'allkeys-lru'], files);
    expect(r.error).toBeNull();
    expect(r.store.getNumber('port')).toBe(7001);
    expect(r.store.get('maxmemory')).toBe('1073741824');
    expect(r.store.getNumber('databases')).toBe(4);
    expect(r.store.get('maxmemory-policy')).toBe('allkeys-lru');
    r = start(['/etc/redis.conf', '--nope', 'x'], files);
    expect(r.error).toBe(fatal(7, 'nope "x"', 'Bad directive or wrong number of arguments'));
    const parsed = parseServerArgs(['/etc/redis.conf'], fs(files));
    expect(parsed.ok && parsed.configFile).toBe('/etc/redis.conf');
  });

  it('errors inside the config file point at its line', () => {
    const files = { '/c.conf': 'port 7000\nmaxmemory lots\nport 7001\n' };
    expect(start(['/c.conf'], files).error).toBe(fatal(2, 'maxmemory lots', 'argument must be a memory value'));
    expect(start(['/c.conf'], { '/c.conf': 'appendonly maybe' }).error).toBe(
      fatal(1, 'appendonly maybe', "argument must be 'yes' or 'no'"),
    );
    expect(start(['/c.conf'], { '/c.conf': 'port 1 2' }).error).toBe(fatal(1, 'port 1 2', 'wrong number of arguments'));
    expect(start(['/c.conf'], { '/c.conf': 'foo' }).error).toBe(fatal(1, 'foo', 'Bad directive or wrong number of arguments'));
  });

  it('a missing config file', () => {
    const r = parseServerArgs(['/nope.conf', '--port', '1'], fs({}));
    expect(r).toEqual({ ok: false, message: "Fatal error, can't open config file '/nope.conf': No such file or directory" });
  });

  it('quoted values in config files', () => {
    const conf = [
      'requirepass "a b\\x41\\n"',
      "masterauth 'it\\'s'",
      'dbfilename "dump file.rdb"',
      'proc-title-template "{title} {port}"',
      'ignore-warnings ""',
    ].join('\n');
    const { store, error } = start(['/q.conf'], { '/q.conf': conf });
    expect(error).toBeNull();
    expect(store.getString('requirepass')).toBe('a bA\n');
    expect(store.getString('masterauth')).toBe("it's");
    expect(store.getString('dbfilename')).toBe('dump file.rdb');
    expect(store.getString('proc-title-template')).toBe('{title} {port}');
  });

  it('unbalanced quotes', () => {
    expect(start(['/q.conf'], { '/q.conf': 'port 1\nrequirepass "abc\n' }).error).toBe(
      fatal(2, 'requirepass "abc', 'Unbalanced quotes in configuration line'),
    );
    expect(start(['/q.conf'], { '/q.conf': 'requirepass "abc"def' }).error).toBe(
      fatal(1, 'requirepass "abc"def', 'Unbalanced quotes in configuration line'),
    );
    // an earlier bad line is reported first
    expect(start(['/q.conf'], { '/q.conf': 'port x\nrequirepass "abc' }).error).toBe(
      fatal(1, 'port x', "argument couldn't be parsed into an integer"),
    );
  });

  it('non-ASCII values survive and are echoed like sdscatrepr', () => {
    const { store, error } = start(['--requirepass', 'pässwörd']);
    expect(error).toBeNull();
    expect(store.getString('requirepass')).toBe('pässwörd');
    expect(start(['--nope', 'é']).error).toBe(fatal(2, 'nope "\\xc3\\xa9"', 'Bad directive or wrong number of arguments'));
    const file = start(['/u.conf'], { '/u.conf': 'masteruser "ünï"\nbogus ü' });
    expect(file.error).toBe(fatal(2, 'bogus ü', 'Bad directive or wrong number of arguments'));
    expect(file.store.getString('masteruser')).toBe('ünï');
  });

  it('include', () => {
    const files = {
      '/main.conf': 'port 7000\ninclude /inc.conf\nmaxmemory 1mb\n',
      '/inc.conf': 'databases 2\nport 7002\n',
    };
    const r = start(['/main.conf'], files);
    expect(r.error).toBeNull();
    expect(r.store.getNumber('port')).toBe(7002);
    expect(r.store.getNumber('databases')).toBe(2);
    expect(r.store.get('maxmemory')).toBe('1048576');

    const bad = { '/main.conf': 'port 7000\ninclude /inc.conf\n', '/inc.conf': 'databases 2\ndatabases 0\n' };
    expect(start(['/main.conf'], bad).error).toBe(
      fatal(2, 'databases 0', 'argument must be between 1 and 2147483647 inclusive'),
    );
    const parsed = parseServerArgs(['/main.conf'], fs(bad));
    expect(parsed.ok && parsed.directives[2]!.source).toEqual({ file: '/inc.conf', lineNumber: 2, lineText: 'databases 0' });

    expect(start(['/main.conf'], { '/main.conf': 'include /missing.conf\n' }).error).toBe(
      "Fatal error, can't open config file '/missing.conf': No such file or directory",
    );
    // wildcard includes without a glob expander match nothing
    expect(start(['/main.conf'], { '/main.conf': 'include /conf.d/*.conf\nport 1\n' }).error).toBeNull();
    const withGlob = parseServerArgs(['/main.conf'], fs({ '/main.conf': 'include /conf.d/*.conf', '/conf.d/a.conf': 'port 5\n' }), {
      expandGlob: () => ['/conf.d/a.conf'],
    });
    expect(withGlob.ok && withGlob.directives.map((d) => [d[0], d[1]])).toEqual([['port', ['5']]]);
    // recursion is bounded
    expect(start(['/loop.conf'], { '/loop.conf': 'include /loop.conf' }).error).toMatch(/Too many nested include directives/);
  });

  it('stdin config with a lone -', () => {
    const r = parseServerArgs(['-', '--port', '1'], fs({}), { readStdin: () => 'databases 3\n' });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.configFromStdin).toBe(true);
    const store = new ConfigStore();
    expect(applyDirectives(store, r.directives)).toBeNull();
    expect(store.getNumber('databases')).toBe(3);
    expect(store.getNumber('port')).toBe(1);
    // in the middle it is just a value
    expect(start(['--requirepass', '-', '--port', '1']).store.getString('requirepass')).toBe('-');
  });

  it('deprecated directives are ignored, aliases work', () => {
    const { store, error } = start(['/c.conf'], {
      '/c.conf': 'list-max-ziplist-entries 512\nlist-max-ziplist-value 64\nlua-replicate-commands yes\nlist-max-ziplist-size -3\nslaveof 10.0.0.1 6380\n',
    });
    expect(error).toBeNull();
    expect(store.get('list-max-listpack-size')).toBe('-3');
    expect(store.getReplicaOf()).toEqual({ host: '10.0.0.1', port: 6380 });
    expect(start(['/c.conf'], { '/c.conf': 'list-max-ziplist-entries' }).error).toBe(
      fatal(1, 'list-max-ziplist-entries', 'Bad directive or wrong number of arguments'),
    );
  });

  it('rename-command, user, loadmodule, module configs, sentinel', () => {
    const conf = [
      'rename-command flushdb badger',
      'rename-command config ""',
      'user alice on >pw ~* +@all',
      'loadmodule /m.so a b',
      'mymod.opt 1 2',
      'sentinel',
    ].join('\n');
    const store = new ConfigStore();
    const parsed = parseServerArgs(['/c.conf'], fs({ '/c.conf': conf }));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const r = loadDirectives(store, parsed.directives);
    expect(r).toEqual({
      ok: true,
      renamedCommands: [
        ['flushdb', 'badger'],
        ['config', ''],
      ],
      users: [['alice', 'on', '>pw', '~*', '+@all']],
      loadModules: [{ path: '/m.so', args: ['a', 'b'] }],
      moduleConfigs: [['mymod.opt', '1 2']],
    });

    const commands = new Set(['flushdb', 'get', 'set']);
    const hooks: DirectiveHooks = {
      commandExists: (n) => commands.has(n),
      validateUser: (argv) => (argv[2] === 'bogus' ? { argIndex: 2, message: 'Syntax error' } : null),
    };
    expect(start(['/c.conf'], { '/c.conf': 'rename-command nosuch x' }, hooks).error).toBe(
      fatal(1, 'rename-command nosuch x', 'No such command in rename-command'),
    );
    expect(start(['/c.conf'], { '/c.conf': 'rename-command get set' }, hooks).error).toBe(
      fatal(1, 'rename-command get set', 'Target command name already exists'),
    );
    expect(start(['/c.conf'], { '/c.conf': 'rename-command get x\nrename-command get y' }, hooks).error).toBe(
      fatal(2, 'rename-command get y', 'No such command in rename-command'),
    );
    expect(start(['/c.conf'], { '/c.conf': 'rename-command get x\nrename-command set get' }, hooks).error).toBeNull();
    expect(start(['/c.conf'], { '/c.conf': 'user bob bogus' }, hooks).error).toBe(
      fatal(1, 'user bob bogus', "Error in user declaration 'bogus': Syntax error"),
    );
    expect(start(['/c.conf'], { '/c.conf': 'mymod.opt' }).error).toBe(
      fatal(1, 'mymod.opt', 'Module config specified without value'),
    );
    expect(start(['/c.conf'], { '/c.conf': 'sentinel monitor m 1 2 3' }).error).toBe(
      fatal(1, 'sentinel monitor m 1 2 3', 'sentinel directive while not in sentinel mode'),
    );
    expect(start(['/c.conf'], { '/c.conf': 'rename-command get' }).error).toBe(
      fatal(1, 'rename-command get', 'Bad directive or wrong number of arguments'),
    );
  });

  it('post-load checks', () => {
    expect(start(['--cluster-enabled', 'yes', '--replicaof', '127.0.0.1', '6379']).error).toBe(
      '*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***\nreplicaof directive not allowed in cluster mode',
    );
    expect(start(['--hz', '1000']).store.getNumber('hz')).toBe(500);
    expect(start(['--hz', '0']).store.getNumber('hz')).toBe(1);
  });

  it('directive names are case-insensitive; immutable configs can be set at startup', () => {
    const { store, error } = start(['/c.conf', '--DAEMONIZE', 'no'], { '/c.conf': 'PORT 1234\nDatabases 8\nreplicaof no one\n' });
    expect(error).toBeNull();
    expect(store.getNumber('port')).toBe(1234);
    expect(store.getNumber('databases')).toBe(8);
    expect(store.getReplicaOf()).toBeNull();
  });

  it('applyDirectives accepts plain tuples', () => {
    const store = new ConfigStore();
    expect(applyDirectives(store, [['port', ['0']], ['save', ['']], ['bind', ['127.0.0.1', '::1']]])).toBeNull();
    expect(store.getNumber('port')).toBe(0);
    expect(store.get('save')).toBe('');
    expect(store.get('bind')).toBe('127.0.0.1 ::1');
    expect(applyDirectives(store, [['port', ['0']], ['foo', ['a b']]])).toBe(
      fatal(2, 'foo "a b"', 'Bad directive or wrong number of arguments'),
    );
  });

  it('parseConfigFile parses text directly', () => {
    const ds = parseConfigFile('# x\nport 1\n\nsave 10 1 20 2\n');
    expect(ds.map((d) => [d[0], d[1], d.source?.lineNumber])).toEqual([
      ['port', ['1'], 2],
      ['save', ['10', '1', '20', '2'], 4],
    ]);
  });
});
