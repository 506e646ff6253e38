/**
 * redis-server's command line and config-file loading (server.c main() and
 * config.c loadServerConfig / loadServerConfigFromString of Redis 7.0.15),
 * without I/O: files are read through the `readFile` callback.
 *
 * Like redis-server, the command-line options are turned into config-file
 * text ("--port 6380" becomes the line `port "6380"`) appended after the
 * config file, and the whole text is parsed line by line; so line numbers,
 * the echoed line and error texts in failures are the ones redis-server
 * prints.
 *
 * Two steps:
 * - parseServerArgs(): builds the text, reads the config file and includes,
 *   splits lines into directives (nothing is validated yet, except quoting);
 * - applyDirectives(): validates and applies them to a ConfigStore in order,
 *   stopping at the first error with redis-server's fatal message.
 */

import { catRepr, quoteArg, REDIS_VERSION, splitArgs } from '@understudy/resp';
import type { ConfigStore } from './config-store.js';
import { DEPRECATED_DIRECTIVES } from './directives.js';
import { cString, fromByteString, splitLen, toByteString, trimChars } from './cstr.js';

/** Where a directive comes from (for error messages). */
export interface DirectiveSource {
  /** File the line was read from; null for the main config text (file + command line). */
  readonly file: string | null;
  /** 1-based line number inside that text, as redis-server counts it. */
  readonly lineNumber: number;
  /** The (trimmed) line, as redis-server echoes it. */
  readonly lineText: string;
}

export interface DirectiveMeta {
  readonly source?: DirectiveSource;
  /**
   * config.c `reading_config_file`: false for lines that follow an `include`
   * in the same file (a Redis quirk: there every `save` line replaces the
   * previous ones instead of appending). Defaults to true.
   */
  readonly readingConfigFile?: boolean;
  /** Set on the entry that stands for a parse / read failure; applying it fails with this message. */
  readonly failure?: string;
}

/** `[name, args]` (name lower-cased, args after the name), plus optional metadata. */
export type Directive = [name: string, args: string[]] & DirectiveMeta;

/** What applyDirectives() accepts: plain `[name, args]` tuples work too. */
export type DirectiveInput = readonly [name: string, args: readonly string[]] & DirectiveMeta;

export type ParseServerArgsResult =
  | {
      ok: true;
      directives: Directive[];
      /** The config file given as first argument (as given), or null. */
      configFile: string | null;
      /** A lone `-` asked for config text on stdin. */
      configFromStdin: boolean;
    }
  | { ok: false; message: string };

export interface ParseServerArgsOptions {
  /** Config text from stdin (`-` argument). Without it, stdin contributes nothing. */
  readStdin?: () => string;
  /**
   * Expand a wildcard include / config path (`*`, `?` or `[`) to the matching
   * files, sorted as glob(3) does. Without it a wildcard path matches nothing
   * (which Redis treats as "nothing to include").
   */
  expandGlob?: (pattern: string) => string[];
}

const MAX_INCLUDE_DEPTH = 64;

/* libc strerror() texts for the errors Node reports when reading a file. */
const STRERROR: Record<string, string> = {
  ENOENT: 'No such file or directory',
  EACCES: 'Permission denied',
  EPERM: 'Operation not permitted',
  ENOTDIR: 'Not a directory',
  EISDIR: 'Is a directory',
  ELOOP: 'Too many levels of symbolic links',
  ENAMETOOLONG: 'File name too long',
  EMFILE: 'Too many open files',
  ENFILE: 'Too many open files in system',
  EIO: 'Input/output error',
  ENXIO: 'No such device or address',
  ENODEV: 'No such device',
};

function strerror(e: unknown): string {
  if (e && typeof e === 'object') {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && STRERROR[code]) return STRERROR[code]!;
    const message = (e as { message?: unknown }).message;
    if (typeof message === 'string') return message;
  }
  return String(e);
}

function errorCode(e: unknown): string | undefined {
  if (e && typeof e === 'object') {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}

/** C tolower() in the "C" locale: ASCII only. */
function asciiLower(s: string): string {
  return s.replace(/[A-Z]+/g, (m) => m.toLowerCase());
}

function asciiEqualsIgnoreCase(a: string, b: string): boolean {
  return a.length === b.length && asciiLower(a) === asciiLower(b);
}

/** The redis-server fatal config error text (redis-server prints it preceded by an empty line). */
export function fatalConfigError(err: string, line?: { lineNumber: number; lineText: string }): string {
  let msg = `*** FATAL CONFIG FILE ERROR (Redis ${REDIS_VERSION}) ***\n`;
  if (line) {
    msg += `Reading the configuration file, at line ${line.lineNumber}\n`;
    msg += `>>> '${line.lineText}'\n`;
  }
  return msg + err;
}

type ReadResult = { ok: true; text: string } | { ok: false; message: string };

class ConfigReader {
  constructor(
    private readonly readFile: (path: string) => string,
    private readonly expandGlob: ((pattern: string) => string[]) | undefined,
  ) {}

  /** config.c loadServerConfig(): a file (or wildcard) as byte-string text. */
  read(path: string): ReadResult {
    if (/[*?[]/.test(path)) {
      if (!this.expandGlob) return { ok: true, text: '' };
      let text = '';
      for (const p of this.expandGlob(path)) {
        const r = this.readOne(p);
        if (!r.ok) return r;
        text += r.text;
      }
      return { ok: true, text };
    }
    return this.readOne(path);
  }

  private readOne(path: string): ReadResult {
    try {
      return { ok: true, text: toByteString(this.readFile(path)) };
    } catch (e) {
      /* fopen() of a directory succeeds on Linux and reads nothing */
      if (errorCode(e) === 'EISDIR') return { ok: true, text: '' };
      return { ok: false, message: `Fatal error, can't open config file '${path}': ${strerror(e)}` };
    }
  }
}

function failureEntry(message: string): Directive {
  return Object.assign(['', []] as [string, string[]], { failure: message });
}

/**
 * config.c loadServerConfigFromString(), first half: split `text` (a byte
 * string) into directives, expanding includes. Returns false when parsing
 * stopped on a failure (pushed as the last entry).
 */
function parseConfigText(
  text: string,
  file: string | null,
  reader: ConfigReader,
  out: Directive[],
  depth: number,
): boolean {
  let reading = true;
  const lines = splitLen(text, '\n');
  for (let i = 0; i < lines.length; i++) {
    const lineNumber = i + 1;
    const line = cString(trimChars(lines[i]!, ' \t\r\n'));
    if (line.length === 0 || line[0] === '#') continue;
    const source: DirectiveSource = { file, lineNumber, lineText: fromByteString(line) };
    const argv = splitArgs(line);
    if (argv === null) {
      out.push(failureEntry(fatalConfigError('Unbalanced quotes in configuration line', source)));
      return false;
    }
    if (argv.length === 0) continue;
    const name = asciiLower(argv[0]!);
    if (name === 'include' && argv.length === 2) {
      const path = fromByteString(argv[1]!);
      if (depth >= MAX_INCLUDE_DEPTH) {
        out.push(failureEntry(fatalConfigError('Too many nested include directives', source)));
        return false;
      }
      const r = reader.read(path);
      if (!r.ok) {
        out.push(failureEntry(r.message));
        return false;
      }
      if (!parseConfigText(r.text, path, reader, out, depth + 1)) return false;
      /* loadServerConfigFromString() of the included file ends with reading_config_file = 0 */
      reading = false;
      continue;
    }
    const directive: Directive = Object.assign(
      [fromByteString(name), argv.slice(1).map(fromByteString)] as [string, string[]],
      { source, readingConfigFile: reading },
    );
    out.push(directive);
  }
  return true;
}

/**
 * Parse redis-server's arguments (without the program name): an optional
 * config file first (any first argument not starting with `-`), then
 * `--name value...` options, a lone `-` (first or last) for stdin. Reads the
 * config file and its includes with `readFile` (which should throw a Node
 * fs error on failure).
 *
 * On failure `message` is what redis-server prints before exiting with
 * status 1 (only file-read failures are reported here; everything else is
 * reported, in order, by applyDirectives()).
 */
export function parseServerArgs(
  argv: readonly string[],
  readFile: (path: string) => string,
  options: ParseServerArgsOptions = {},
): ParseServerArgsResult {
  if (argv.length === 0) return { ok: true, directives: [], configFile: null, configFromStdin: false };

  const args = argv.map(toByteString);
  const last = args.length - 1;
  let j = 0;
  let configFile: string | null = null;
  if (args[0]![0] !== '-') {
    configFile = argv[0]!;
    j = 1;
  }

  let opts = '';
  let handledLastConfigArg = true;
  let configFromStdin = false;
  for (; j < args.length; j++) {
    const arg = args[j]!;
    if (arg === '-' && (j === 0 || j === last)) {
      configFromStdin = true;
    } else if (handledLastConfigArg && arg.startsWith('--')) {
      if (opts.length > 0) opts += '\n';
      opts += arg.slice(2) + ' ';
      const split = splitArgs(arg);
      if (split !== null && split.length === 1) {
        /* only an option name, like --port or "--port " */
        handledLastConfigArg = false;
        const nextIsOption = j !== last && args[j + 1]!.startsWith('--');
        if (nextIsOption && asciiEqualsIgnoreCase(arg, '--save')) {
          /* `--save --other ...` means `--save ""` (pre 7.0.1 compatibility) */
          opts += '""';
          handledLastConfigArg = true;
        } else if (j === last && asciiEqualsIgnoreCase(arg, '--save')) {
          opts += '""';
        } else if (nextIsOption && asciiEqualsIgnoreCase(arg, '--sentinel')) {
          handledLastConfigArg = true;
        }
      } else {
        /* name and value in the same argument, like "--port 6380" */
        handledLastConfigArg = true;
      }
    } else {
      opts += catRepr(arg) + ' ';
      handledLastConfigArg = true;
    }
  }

  const reader = new ConfigReader(readFile, options.expandGlob);
  let text = '';
  if (configFile !== null) {
    const r = reader.read(configFile);
    if (!r.ok) return { ok: false, message: r.message };
    text += r.text;
  }
  if (configFromStdin && options.readStdin) text += toByteString(options.readStdin());
  text += '\n' + opts;

  const directives: Directive[] = [];
  parseConfigText(text, null, reader, directives, 0);
  return { ok: true, directives, configFile, configFromStdin };
}

/**
 * Parse config-file text (e.g. for tests or CONFIG REWRITE tooling) into
 * directives, expanding includes through `readFile`.
 */
export function parseConfigFile(
  text: string,
  readFile: (path: string) => string = () => {
    throw Object.assign(new Error('no such file'), { code: 'ENOENT' });
  },
  options: Pick<ParseServerArgsOptions, 'expandGlob'> = {},
): Directive[] {
  const directives: Directive[] = [];
  parseConfigText(toByteString(text), null, new ConfigReader(readFile, options.expandGlob), directives, 0);
  return directives;
}

/** Hooks for the directives that are not configs. */
export interface DirectiveHooks {
  /**
   * rename-command: whether a command exists (called with a lower-case name).
   * Without it renames are not validated.
   */
  commandExists?: (name: string) => boolean;
  /**
   * user: validate an ACL user line (`argv` includes "user" at index 0).
   * Return null, or the index of the offending argument and the error.
   */
  validateUser?: (argv: readonly string[]) => { argIndex: number; message: string } | null;
}

export interface LoadedDirectives {
  ok: true;
  /** rename-command from → to (to === '' removes the command), in order. */
  renamedCommands: [string, string][];
  /** `user` lines: [username, ...rules]. */
  users: string[][];
  /** `loadmodule path args...` lines. */
  loadModules: { path: string; args: string[] }[];
  /** `module.name value...` lines (value args joined by a space), last one wins. */
  moduleConfigs: [string, string][];
}

/**
 * Validate and apply directives to `store`, in order, as redis-server does
 * while loading its config. Returns the collected non-config directives, or
 * the fatal message of the first error.
 */
export function loadDirectives(
  store: ConfigStore,
  directives: readonly DirectiveInput[],
  hooks: DirectiveHooks = {},
): LoadedDirectives | { ok: false; message: string } {
  const result: LoadedDirectives = { ok: true, renamedCommands: [], users: [], loadModules: [], moduleConfigs: [] };
  const moduleConfigs = new Map<string, string>();
  const removedCommands = new Set<string>();
  const addedCommands = new Set<string>();
  const commandExists = (name: string): boolean => {
    const n = name.toLowerCase();
    if (addedCommands.has(n)) return true;
    if (removedCommands.has(n)) return false;
    return hooks.commandExists!(n);
  };

  for (let i = 0; i < directives.length; i++) {
    const d = directives[i]!;
    if (d.failure !== undefined) return { ok: false, message: d.failure };
    const name = asciiLower(d[0]);
    const args = d[1];
    const argc = args.length + 1;
    const where = d.source ?? { lineNumber: i + 1, lineText: [d[0], ...args.map(quoteArg)].join(' ') };
    const fatal = (err: string) => ({ ok: false as const, message: fatalConfigError(err, where) });

    const spec = store.getSpec(name);
    if (spec) {
      if (!spec.multiArg && argc !== 2) return fatal('wrong number of arguments');
      let values: readonly string[] = args;
      if (spec.multiArg && argc === 2 && args[0] !== '') {
        /* `--save "3600 1 300 100"`: a single argument is split again */
        values = (splitArgs(toByteString(args[0]!)) ?? []).map(fromByteString);
      }
      const err = store.loadConfig(name, values, d.readingConfigFile ?? true);
      if (err !== null) return fatal(err);
      continue;
    }
    if (DEPRECATED_DIRECTIVES.some((dep) => dep.name === name && argc >= dep.minArgc && argc <= dep.maxArgc)) continue;

    if (name === 'include' && argc === 2) {
      /* already expanded by parseServerArgs() */
    } else if (name === 'rename-command' && argc === 3) {
      const [from, to] = args as [string, string];
      if (hooks.commandExists) {
        if (!commandExists(from)) return fatal('No such command in rename-command');
        const fromKey = from.toLowerCase();
        addedCommands.delete(fromKey);
        removedCommands.add(fromKey);
        if (to.length !== 0) {
          if (commandExists(to)) return fatal('Target command name already exists');
          addedCommands.add(to.toLowerCase());
        }
      }
      result.renamedCommands.push([from, to]);
    } else if (name === 'user' && argc >= 2) {
      const full = [d[0], ...args];
      const bad = hooks.validateUser?.(full) ?? null;
      if (bad) return fatal(`Error in user declaration '${full[bad.argIndex] ?? ''}': ${bad.message}`);
      result.users.push([...args]);
    } else if (name === 'loadmodule' && argc >= 2) {
      result.loadModules.push({ path: args[0]!, args: args.slice(1) });
    } else if (name.includes('.')) {
      if (argc < 2) return fatal('Module config specified without value');
      moduleConfigs.set(d[0], args.join(' '));
    } else if (name === 'sentinel') {
      /* argc == 1 selects sentinel mode in main(); this server has no sentinel mode */
      if (argc !== 1) return fatal('sentinel directive while not in sentinel mode');
    } else {
      return fatal('Bad directive or wrong number of arguments');
    }
  }

  /* Sanity checks done at the end of loadServerConfigFromString(). */
  if (store.getBool('cluster-enabled') && store.getReplicaOf() !== null) {
    return { ok: false, message: fatalConfigError('replicaof directive not allowed in cluster mode') };
  }
  store.finishLoad();
  result.moduleConfigs = [...moduleConfigs];
  return result;
}

/**
 * Validate and apply directives to `store`; returns null on success or the
 * fatal message redis-server prints (the caller prints it on stderr, followed
 * by a newline, and exits with status 1). Non-config directives are checked
 * but not returned: use loadDirectives() to get them.
 */
export function applyDirectives(
  store: ConfigStore,
  directives: readonly DirectiveInput[],
  hooks: DirectiveHooks = {},
): string | null {
  const r = loadDirectives(store, directives, hooks);
  return r.ok ? null : r.message;
}
