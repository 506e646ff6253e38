/**
 * Current configuration values, with CONFIG GET / CONFIG SET semantics of
 * Redis 7.0.15 (src/config.c).
 *
 * Values are kept in typed form (bigint for numerics, so 64-bit bounds and
 * wrap-around behave as in C) and rendered to the canonical text CONFIG GET
 * prints. The store performs no I/O: changing the working directory (`dir`)
 * goes through the optional `chdir` / `getcwd` hooks, and everything else
 * the server must do when a value changes (rebinding, resizing, ...) goes
 * through `onChange` listeners, which can veto a CONFIG SET (Redis "apply"
 * functions), triggering the same rollback Redis performs.
 */

import type { DirectiveSpec, EnumValue, NumericCType } from './directives.js';
import { DIRECTIVES } from './directives.js';
import { globMatch, string2ll } from '@understudy/resp';
import { formatTrimmedDouble, memtoull, splitLen, string2d, strtoll, toCInt } from './cstr.js';
import { keyspaceEventsFlagsToString, keyspaceEventsStringToFlags } from './keyspace-events.js';

/* ------------------------------------------------------------------------ */
/* Public types                                                              */
/* ------------------------------------------------------------------------ */

export interface SaveParam {
  seconds: number;
  changes: number;
}

export interface ClientOutputBufferLimit {
  hardLimitBytes: number;
  softLimitBytes: number;
  softLimitSeconds: number;
}

export interface ClientOutputBufferLimits {
  normal: ClientOutputBufferLimit;
  /** "slave" / "replica" class */
  replica: ClientOutputBufferLimit;
  pubsub: ClientOutputBufferLimit;
}

export interface ReplicaOf {
  host: string;
  port: number;
}

/** Who is running CONFIG SET (affects protected and deny-loading configs). */
export interface ConfigSetContext {
  /** The dataset is being loaded (DENY_LOADING configs answer -LOADING). */
  loading?: boolean;
  /** The client is local (loopback or unix socket): enough for `enable-protected-configs local`. */
  localClient?: boolean;
}

/**
 * Called after a CONFIG SET changed `name` (primary name) to `value` (its
 * CONFIG GET text). Returning a string vetoes the change: every config of the
 * CONFIG SET is rolled back, listeners already notified are called again
 * with the restored value, and CONFIG SET fails with
 * `ERR CONFIG SET failed (possibly related to argument '<name>') - <string>`.
 * Listeners are not called for values loaded from the config file / argv.
 */
export type ConfigChangeListener = (value: string, name: string) => string | void;

export interface ConfigStoreOptions {
  /** Include the TLS configs (TLS-enabled build, like the official images). Default true. */
  tls?: boolean;
  /** Initial `dir` (Redis reports getcwd()). Ignored when `getcwd` is given. */
  cwd?: string;
  /** Change the working directory; return null on success or the strerror() text. */
  chdir?: (path: string) => string | null;
  /** Current working directory, used by CONFIG GET dir. */
  getcwd?: () => string;
}

/* ------------------------------------------------------------------------ */
/* Internal representation                                                   */
/* ------------------------------------------------------------------------ */

interface ObufLimit {
  hard: bigint;
  soft: bigint;
  seconds: bigint;
}

interface ReplicaOfValue {
  host: string;
  port: number;
}

type Value =
  | boolean /* bool */
  | bigint /* numeric: the C value read back as long long */
  | number /* enum, notify-keyspace-events flags */
  | string /* string (non-null), dir */
  | null /* string stored as NULL, replicaof none */
  | readonly (readonly [bigint, bigint])[] /* save */
  | readonly ObufLimit[] /* client-output-buffer-limit */
  | readonly number[] /* oom-score-adj-values, latency-tracking-info-percentiles */
  | readonly string[] /* bind */
  | ReplicaOfValue;

interface Entry {
  readonly spec: DirectiveSpec;
  value: Value;
  /** cached CONFIG GET text (undefined = recompute) */
  text: string | undefined;
  /** cached numeric view for getNumber() */
  num: number;
  listeners: ConfigChangeListener[];
}

interface Registered {
  /** name as registered (primary name or alias), lower case */
  readonly name: string;
  readonly entry: Entry;
  readonly isAlias: boolean;
}

type SetOutcome = { ok: false; error: string } | { ok: true; value: Value; changed: boolean };

const UNSIGNED_CTYPES: ReadonlySet<NumericCType> = new Set<NumericCType>(['unsigned long long', 'uint', 'size_t']);
const LOADBUF_SIZE = 256;
const CONFIG_BINDADDR_MAX = 16;
const CONFIG_MIN_HZ = 1n;
const CONFIG_MAX_HZ = 500n;
const SHUTDOWN_SAVE = 1;
const SHUTDOWN_NOSAVE = 2;
const OBUF_CLASSES = ['normal', 'slave', 'pubsub'] as const;

function fail(error: string): SetOutcome {
  return { ok: false, error };
}

function loadbuf(s: string): string {
  return s.length > LOADBUF_SIZE - 1 ? s.slice(0, LOADBUF_SIZE - 1) : s;
}

function eqIgnoreCase(a: string, b: string): boolean {
  return a.length === b.length && a.toLowerCase() === b.toLowerCase();
}

/* ------------------------------------------------------------------------ */
/* Per-type parsing (the `set` functions of config.c)                        */
/* ------------------------------------------------------------------------ */

function parseNumeric(spec: DirectiveSpec, value: string): { ok: true; ll: bigint } | { ok: false; error: string } {
  const memory = spec.type === 'memory';
  const percent = spec.percent === true;
  const octal = spec.type === 'octal';
  if (memory) {
    const r = memtoull(value);
    if (r !== null) return { ok: true, ll: BigInt.asIntN(64, r) };
  }
  if (percent && value.length > 1 && value.endsWith('%')) {
    const r = string2ll(value.slice(0, -1));
    if (r !== null && r >= 0n) return { ok: true, ll: -r };
  }
  if (octal) {
    const r = strtoll(value, 8);
    /* like strtoll(): "" converts to 0 with endptr at the (empty) end */
    if (!r.overflow && r.end === value.length) return { ok: true, ll: r.value };
  }
  if (!memory && !percent && !octal) {
    const r = string2ll(value);
    if (r !== null) return { ok: true, ll: r };
  }
  if (memory && percent) return { ok: false, error: 'argument must be a memory or percent value' };
  if (memory) return { ok: false, error: 'argument must be a memory value' };
  if (octal) return { ok: false, error: "argument couldn't be parsed as an octal number" };
  return { ok: false, error: "argument couldn't be parsed into an integer" };
}

function numericBoundaryCheck(spec: DirectiveSpec, ll: bigint): string | null {
  const lower = spec.min!;
  const upper = spec.max!;
  if (UNSIGNED_CTYPES.has(spec.ctype!)) {
    const ull = BigInt.asUintN(64, ll);
    const ulo = BigInt.asUintN(64, lower);
    const uhi = BigInt.asUintN(64, upper);
    if (ull > uhi || ull < ulo) {
      if (spec.type === 'octal') {
        return loadbuf(`argument must be between ${ulo.toString(8)} and ${uhi.toString(8)} inclusive`);
      }
      return loadbuf(`argument must be between ${ulo} and ${uhi} inclusive`);
    }
    return null;
  }
  if (spec.percent && ll < 0n) {
    if (ll < lower) return loadbuf(`percentage argument must be less or equal to ${-lower}`);
    return null;
  }
  if (ll > upper || ll < lower) return loadbuf(`argument must be between ${lower} and ${upper} inclusive`);
  return null;
}

function enumError(values: readonly EnumValue[]): string {
  return loadbuf('argument(s) must be one of the following: ' + values.map((v) => v.name).join(', '));
}

function enumGetValue(values: readonly EnumValue[], argv: readonly string[], bitflags: boolean): number | null {
  if (argv.length === 0 || (!bitflags && argv.length !== 1)) return null;
  let result = 0;
  for (const arg of argv) {
    let matched = false;
    for (const ev of values) {
      if (eqIgnoreCase(arg, ev.name)) {
        result |= ev.value;
        matched = true;
      }
    }
    if (!matched) return null;
  }
  return result;
}

function enumGetName(values: readonly EnumValue[], val: number, bitflags: boolean): string {
  const names: string[] = [];
  let unmatched = val;
  for (const ev of values) {
    if (val === ev.value) return ev.name;
    if (bitflags && ev.value !== 0 && ev.value === (unmatched & ev.value)) {
      names.push(ev.name);
      unmatched &= ~ev.value;
    }
  }
  if (names.length === 0 || unmatched !== 0) return 'unknown';
  return names.join(' ');
}

function pathIsBaseName(p: string): boolean {
  return !p.includes('/') && !p.includes('\\');
}

/** sds.c sdstemplate() + server.c validateProcTitleTemplate(). */
function validProcTitleTemplate(template: string, vars: (name: string) => string | null): boolean {
  let res = '';
  let p = 0;
  while (p < template.length) {
    const sv = template.indexOf('{', p);
    if (sv === -1) {
      res += template.slice(p);
      break;
    }
    res += template.slice(p, sv);
    const nameStart = sv + 1;
    if (nameStart >= template.length) return false;
    if (template[nameStart] === '{') {
      res += '{';
      p = nameStart + 1;
      continue;
    }
    const ev = template.indexOf('}', nameStart);
    if (ev === -1) return false;
    const value = vars(template.slice(nameStart, ev));
    if (value === null) return false;
    res += value;
    p = ev + 1;
  }
  return res.replace(/^ +| +$/g, '').length > 0;
}

/* ------------------------------------------------------------------------ */
/* The store                                                                 */
/* ------------------------------------------------------------------------ */

export class ConfigStore {
  private readonly registry = new Map<string, Registered>();
  /** registration order: primary name then its aliases */
  private readonly ordered: Registered[] = [];
  private readonly entries = new Map<string, Entry>();
  private readonly chdirHook: ((path: string) => string | null) | undefined;
  private readonly getcwdHook: (() => string) | undefined;
  /** config.c `save_loaded`: the first `save` line of a config file replaces the defaults, later ones append. */
  private saveLoaded = false;

  constructor(options: ConfigStoreOptions = {}) {
    this.chdirHook = options.chdir;
    this.getcwdHook = options.getcwd;
    const withTls = options.tls ?? true;
    for (const spec of DIRECTIVES) {
      if (spec.tls && !withTls) continue;
      const entry: Entry = { spec, value: initialValue(spec), text: undefined, num: 0, listeners: [] };
      let initial: SetOutcome;
      if (spec.type === 'dir') {
        initial = { ok: true, value: options.getcwd ? options.getcwd() : (options.cwd ?? ''), changed: true };
      } else if (spec.type === 'replicaof') {
        /* no master: prints "" but "" is not a valid argument */
        initial = { ok: true, value: null, changed: true };
      } else {
        initial = this.parse(entry, this.defaultArgv(spec), false);
      }
      if (!initial.ok) throw new Error(`bad default for ${spec.name}: ${initial.error}`);
      this.assign(entry, initial.value);
      this.entries.set(spec.name, entry);
      this.register(spec.name, entry, false);
      for (const alias of spec.aliases ?? []) this.register(alias, entry, true);
    }
  }

  private register(name: string, entry: Entry, isAlias: boolean): void {
    const reg: Registered = { name, entry, isAlias };
    this.registry.set(name, reg);
    this.ordered.push(reg);
  }

  private defaultArgv(spec: DirectiveSpec): string[] {
    return spec.multiArg ? splitLen(spec.default, ' ') : [spec.default];
  }

  private lookup(name: string): Registered | undefined {
    return this.registry.get(name) ?? this.registry.get(name.toLowerCase());
  }

  private entryOf(name: string): Entry {
    const reg = this.lookup(name);
    if (!reg) throw new Error(`Unknown config '${name}'`);
    return reg.entry;
  }

  /* ---------------------------------------------------------------- */
  /* Introspection                                                     */
  /* ---------------------------------------------------------------- */

  /** Whether `name` is a config or an alias (case-insensitive). */
  has(name: string): boolean {
    return this.lookup(name) !== undefined;
  }

  /** The table entry for a config or alias. */
  getSpec(name: string): DirectiveSpec | undefined {
    return this.lookup(name)?.entry.spec;
  }

  /** The primary name for a config or alias. */
  canonicalName(name: string): string | undefined {
    return this.lookup(name)?.entry.spec.name;
  }

  /** SENSITIVE_CONFIG: the CONFIG SET value of this config must be redacted. */
  isSensitive(name: string): boolean {
    return this.lookup(name)?.entry.spec.sensitive === true;
  }

  /** All registered names (primary names and aliases), lower case. */
  names(): string[] {
    return this.ordered.map((r) => r.name);
  }

  /**
   * Redis allowProtectedAction() for `enable-protected-configs`,
   * `enable-debug-command` or `enable-module-command`.
   */
  isProtectedActionAllowed(
    which: 'enable-protected-configs' | 'enable-debug-command' | 'enable-module-command',
    localClient: boolean,
  ): boolean {
    const v = this.entryOf(which).value as number;
    return v === 1 || (v === 2 && localClient);
  }

  /* ---------------------------------------------------------------- */
  /* CONFIG GET                                                        */
  /* ---------------------------------------------------------------- */

  /** Canonical text of a config (what CONFIG GET prints). Throws for unknown names. */
  get(name: string): string {
    return this.textOf(this.entryOf(name));
  }

  /**
   * CONFIG GET with one or more patterns. A pattern without glob characters
   * (`*`, `?`, `[`) is an exact, case-insensitive lookup that also finds hidden
   * configs and is reported with the name as typed. Glob patterns match
   * case-insensitively against every registered name (aliases included, as in
   * Redis 7.0: `CONFIG GET *of` returns both `replicaof` and `slaveof`), hidden
   * configs excluded. Each name is reported once.
   */
  getMatching(patterns: readonly string[]): [string, string][] {
    const matches = new Map<string, [string, Entry]>();
    for (const pattern of patterns) {
      if (!/[[*?]/.test(pattern)) {
        const key = pattern.toLowerCase();
        if (matches.has(key)) continue;
        const reg = this.lookup(pattern);
        if (reg) matches.set(key, [pattern, reg.entry]);
        continue;
      }
      for (const reg of this.ordered) {
        if (reg.entry.spec.hidden) continue;
        if (matches.has(reg.name)) continue;
        if (globMatch(pattern, reg.name, true)) matches.set(reg.name, [reg.name, reg.entry]);
      }
    }
    const out: [string, string][] = [];
    for (const [name, entry] of matches.values()) out.push([name, this.textOf(entry)]);
    return out;
  }

  /* ---------------------------------------------------------------- */
  /* Typed accessors                                                   */
  /* ---------------------------------------------------------------- */

  /**
   * Numeric view of a config: integer / memory configs (unsigned ones are
   * reported unsigned; `maxmemory-clients` as a percentage is negative, as
   * Redis stores it: -10 for "10%"), enums (their Redis value), bools (1/0),
   * notify-keyspace-events (the NOTIFY_* flags).
   */
  getNumber(name: string): number {
    const e = this.entryOf(name);
    switch (e.spec.type) {
      case 'int':
      case 'memory':
      case 'octal':
      case 'enum':
      case 'bool':
      case 'notify-keyspace-events':
        return e.num;
      default:
        throw new TypeError(`config '${name}' is not numeric`);
    }
  }

  /** Exact value of an integer / memory config. */
  getBigInt(name: string): bigint {
    const e = this.entryOf(name);
    if (typeof e.value !== 'bigint') throw new TypeError(`config '${name}' is not an integer`);
    return UNSIGNED_CTYPES.has(e.spec.ctype!) ? BigInt.asUintN(64, e.value) : e.value;
  }

  getBool(name: string): boolean {
    const e = this.entryOf(name);
    if (typeof e.value !== 'boolean') throw new TypeError(`config '${name}' is not a bool`);
    return e.value;
  }

  /** String configs: the value ('' when unset). Any other config: its CONFIG GET text. */
  getString(name: string): string {
    const e = this.entryOf(name);
    if (e.spec.type === 'string') return (e.value as string | null) ?? '';
    return this.textOf(e);
  }

  getSaveParams(): SaveParam[] {
    const v = this.entryOf('save').value as readonly (readonly [bigint, bigint])[];
    return v.map(([s, c]) => ({ seconds: Number(s), changes: Number(c) }));
  }

  getBindAddresses(): string[] {
    return [...(this.entryOf('bind').value as readonly string[])];
  }

  getClientOutputBufferLimits(): ClientOutputBufferLimits {
    const v = this.entryOf('client-output-buffer-limit').value as readonly ObufLimit[];
    const conv = (l: ObufLimit): ClientOutputBufferLimit => ({
      hardLimitBytes: Number(l.hard),
      softLimitBytes: Number(l.soft),
      softLimitSeconds: Number(l.seconds),
    });
    return { normal: conv(v[0]!), replica: conv(v[1]!), pubsub: conv(v[2]!) };
  }

  /** [master, replica, bgchild] */
  getOomScoreAdjValues(): [number, number, number] {
    const v = this.entryOf('oom-score-adj-values').value as readonly number[];
    return [v[0]!, v[1]!, v[2]!];
  }

  /** NOTIFY_* flags (see keyspace-events.ts). */
  getNotifyKeyspaceEvents(): number {
    return this.entryOf('notify-keyspace-events').value as number;
  }

  getReplicaOf(): ReplicaOf | null {
    const v = this.entryOf('replicaof').value as ReplicaOfValue | null;
    return v === null ? null : { host: v.host, port: v.port };
  }

  getLatencyTrackingInfoPercentiles(): number[] {
    return [...(this.entryOf('latency-tracking-info-percentiles').value as readonly number[])];
  }

  /* ---------------------------------------------------------------- */
  /* Listeners                                                         */
  /* ---------------------------------------------------------------- */

  /** Listen to CONFIG SET changes of a config (name or alias). Returns an unsubscribe function. */
  onChange(name: string, listener: ConfigChangeListener): () => void {
    const e = this.entryOf(name);
    e.listeners.push(listener);
    return () => {
      const i = e.listeners.indexOf(listener);
      if (i !== -1) e.listeners.splice(i, 1);
    };
  }

  /* ---------------------------------------------------------------- */
  /* CONFIG SET                                                        */
  /* ---------------------------------------------------------------- */

  /**
   * CONFIG SET name value [name value ...], atomically (Redis 7.0 semantics).
   * Returns null on success, or the full error reply text (with its prefix:
   * `ERR ...` or `LOADING ...`).
   */
  set(pairs: readonly (readonly [string, string])[], ctx: ConfigSetContext = {}): string | null {
    const count = pairs.length;
    const targets: Registered[] = [];
    let invalidArgName: string | null = null;
    let invalid = false;
    let denyLoading = false;
    let errstr: string | null = null;
    let errArgName = '';

    for (let i = 0; i < count; i++) {
      const rawName = pairs[i]![0];
      const reg = this.lookup(rawName);
      if (!reg) {
        if (!invalid) {
          invalidArgName = rawName;
          invalid = true;
        }
        continue;
      }
      if (invalid) continue;
      const spec = reg.entry.spec;
      if (!spec.mutable || (spec.protected && !this.isProtectedActionAllowed('enable-protected-configs', ctx.localClient === true))) {
        errstr = !spec.mutable ? "can't set immutable config" : "can't set protected config";
        errArgName = rawName;
        invalid = true;
        continue;
      }
      if (ctx.loading && spec.denyLoading) {
        denyLoading = true;
        invalid = true;
        continue;
      }
      for (let j = 0; j < i; j++) {
        if (targets[j] === reg) {
          errstr = 'duplicate parameter';
          errArgName = rawName;
          invalid = true;
          break;
        }
      }
      targets[i] = reg;
    }

    if (invalid) {
      if (denyLoading) return 'LOADING Redis is loading the dataset in memory';
      if (invalidArgName !== null) return `ERR Unknown option or number of arguments for CONFIG SET - '${invalidArgName}'`;
      return setFailure(errArgName, errstr);
    }

    /* Backup, then set every value (not applied yet). */
    const backups: Value[] = targets.map((r) => r.entry.value);
    const changed: Registered[] = [];
    for (let i = 0; i < count; i++) {
      const reg = targets[i]!;
      const entry = reg.entry;
      const raw = pairs[i]![1];
      const argv = entry.spec.multiArg ? splitLen(raw, ' ') : [raw];
      const res = this.parse(entry, argv, false);
      if (!res.ok) {
        this.restore(targets, backups, i + 1);
        return setFailure(reg.name, res.error);
      }
      this.assign(entry, res.value);
      if (res.changed && !changed.some((c) => c.entry === entry)) changed.push(reg);
    }

    /* Apply. */
    for (let i = 0; i < changed.length; i++) {
      const reg = changed[i]!;
      const err = this.applyEntry(reg.entry);
      if (err !== null) {
        this.restore(targets, backups, count);
        for (const other of changed) this.applyEntry(other.entry);
        return setFailure(reg.name, err === '' ? null : err);
      }
    }
    return null;
  }

  /* ---------------------------------------------------------------- */
  /* Loading (config file / command line)                              */
  /* ---------------------------------------------------------------- */

  /**
   * Set a config from a config-file line: `args` are the arguments after the
   * directive name (argument-count checks and the re-splitting of a single
   * multi-arg argument are done by the caller, see server-args.ts).
   * `readingConfigFile` selects the config-file behaviour of `save` (first
   * `save` line replaces the defaults, later ones append). Listeners are not
   * called. Returns null or the error text (without prefix).
   */
  loadConfig(name: string, args: readonly string[], readingConfigFile = true): string | null {
    const reg = this.lookup(name);
    if (!reg) return 'Bad directive or wrong number of arguments';
    const res = this.parse(reg.entry, args, readingConfigFile);
    if (!res.ok) return res.error;
    this.assign(reg.entry, res.value);
    return null;
  }

  /** Post-load adjustments Redis does at the end of config loading (hz clamped to 1..500). */
  finishLoad(): void {
    this.clampHz();
  }

  /* ---------------------------------------------------------------- */
  /* Internals                                                         */
  /* ---------------------------------------------------------------- */

  private restore(targets: readonly Registered[], backups: readonly Value[], upto: number): void {
    for (let k = 0; k < upto; k++) {
      const entry = targets[k]!.entry;
      if (entry.spec.type === 'dir' && this.chdirHook) this.chdirHook(backups[k] as string);
      this.assign(entry, backups[k]!);
    }
  }

  /** Built-in apply step + listeners. Returns null, or the veto message. */
  private applyEntry(entry: Entry): string | null {
    if (entry.spec.name === 'hz') this.clampHz();
    const listeners = entry.listeners.slice();
    for (const listener of listeners) {
      const r = listener(this.textOf(entry), entry.spec.name);
      if (typeof r === 'string') return r;
    }
    return null;
  }

  private clampHz(): void {
    const e = this.entries.get('hz')!;
    const v = e.value as bigint;
    if (v < CONFIG_MIN_HZ) this.assign(e, CONFIG_MIN_HZ);
    else if (v > CONFIG_MAX_HZ) this.assign(e, CONFIG_MAX_HZ);
  }

  private assign(entry: Entry, value: Value): void {
    entry.value = value;
    entry.text = undefined;
    const spec = entry.spec;
    switch (spec.type) {
      case 'int':
      case 'memory':
      case 'octal': {
        const v = value as bigint;
        entry.num = Number(UNSIGNED_CTYPES.has(spec.ctype!) ? BigInt.asUintN(64, v) : v);
        break;
      }
      case 'enum':
      case 'notify-keyspace-events':
        entry.num = value as number;
        break;
      case 'bool':
        entry.num = value ? 1 : 0;
        break;
      default:
        entry.num = 0;
    }
  }

  private textOf(entry: Entry): string {
    if (entry.spec.type === 'dir' && this.getcwdHook) return this.getcwdHook();
    if (entry.text === undefined) entry.text = this.format(entry);
    return entry.text;
  }

  private format(entry: Entry): string {
    const spec = entry.spec;
    const value = entry.value;
    switch (spec.type) {
      case 'bool':
        return value ? 'yes' : 'no';
      case 'int':
      case 'memory':
      case 'octal': {
        const v = value as bigint;
        if (spec.percent && v < 0n) return `${-v}%`;
        if (spec.type === 'memory') return BigInt.asUintN(64, v).toString();
        if (spec.type === 'octal') return BigInt.asUintN(64, v).toString(8);
        return v.toString();
      }
      case 'enum':
        return enumGetName(spec.values!, value as number, spec.multiArg === true);
      case 'string':
        return (value as string | null) ?? '';
      case 'dir':
        return value as string;
      case 'save':
        return (value as readonly (readonly [bigint, bigint])[]).map(([s, c]) => `${s} ${c}`).join(' ');
      case 'client-output-buffer-limit':
        return (value as readonly ObufLimit[])
          .map((l, i) => `${OBUF_CLASSES[i]} ${l.hard} ${l.soft} ${l.seconds}`)
          .join(' ');
      case 'oom-score-adj-values':
        return (value as readonly number[]).join(' ');
      case 'notify-keyspace-events':
        return keyspaceEventsFlagsToString(value as number);
      case 'bind':
        return (value as readonly string[]).join(' ');
      case 'replicaof': {
        const r = value as ReplicaOfValue | null;
        return r === null ? '' : `${r.host} ${r.port}`;
      }
      case 'latency-tracking-info-percentiles':
        return (value as readonly number[]).map(formatTrimmedDouble).join(' ');
    }
  }

  /** The config.c `set` function of each type, without side effects on the store. */
  private parse(entry: Entry, argv: readonly string[], readingConfigFile: boolean): SetOutcome {
    const spec = entry.spec;
    const prev = entry.value;
    switch (spec.type) {
      case 'bool': {
        const a = argv[0] ?? '';
        let yn: boolean;
        if (eqIgnoreCase(a, 'yes')) yn = true;
        else if (eqIgnoreCase(a, 'no')) yn = false;
        else return fail("argument must be 'yes' or 'no'");
        return { ok: true, value: yn, changed: prev !== yn || spec.volatile === true };
      }
      case 'int':
      case 'memory':
      case 'octal': {
        const parsed = parseNumeric(spec, argv[0] ?? '');
        if (!parsed.ok) return fail(parsed.error);
        const boundErr = numericBoundaryCheck(spec, parsed.ll);
        if (boundErr !== null) return fail(boundErr);
        return { ok: true, value: parsed.ll, changed: prev !== parsed.ll || spec.volatile === true };
      }
      case 'enum': {
        const bitflags = spec.multiArg === true;
        const v = enumGetValue(spec.values!, argv, bitflags);
        if (v === null) return fail(enumError(spec.values!));
        if (spec.validate === 'shutdown-on-sig-flags' && v & SHUTDOWN_NOSAVE && v & SHUTDOWN_SAVE) {
          return fail("shutdown options SAVE and NOSAVE can't be used simultaneously");
        }
        return { ok: true, value: v, changed: prev !== v || spec.volatile === true };
      }
      case 'string': {
        const a = argv[0] ?? '';
        const err = this.validateString(spec, a);
        if (err !== null) return fail(err);
        const next = spec.emptyIsNull && a === '' ? null : a;
        return { ok: true, value: next, changed: prev !== next || spec.volatile === true };
      }
      case 'dir': {
        if (argv.length !== 1) return fail('wrong number of arguments');
        const path = argv[0]!;
        if (this.chdirHook) {
          const err = this.chdirHook(path);
          if (err !== null) return fail(err);
        }
        /* keep what getcwd() reports, so that a rollback re-enters the same directory */
        return { ok: true, value: this.getcwdHook ? this.getcwdHook() : path, changed: true };
      }
      case 'save':
        return this.parseSave(argv, prev as readonly (readonly [bigint, bigint])[], readingConfigFile);
      case 'client-output-buffer-limit':
        return parseClientOutputBufferLimit(argv, prev as readonly ObufLimit[]);
      case 'oom-score-adj-values': {
        if (argv.length !== 3) return fail('wrong number of arguments');
        const values: number[] = [];
        for (const a of argv) {
          const r = strtoll(a);
          if (r.end !== a.length || r.value < -2000n || r.value > 2000n) {
            return fail('Invalid oom-score-adj-values, elements must be between -2000 and 2000.');
          }
          values.push(Number(r.value));
        }
        const old = prev as readonly number[];
        return { ok: true, value: values, changed: values.some((v, i) => v !== old[i]) };
      }
      case 'notify-keyspace-events': {
        if (argv.length !== 1) return fail('wrong number of arguments');
        const flags = keyspaceEventsStringToFlags(argv[0]!);
        if (flags === -1) return fail("Invalid event class character. Use 'Ag$lshzxeKEtmdn'.");
        return { ok: true, value: flags, changed: true };
      }
      case 'bind': {
        if (argv.length > CONFIG_BINDADDR_MAX) return fail('Too many bind addresses specified.');
        const addrs = argv.length === 1 && argv[0] === '' ? [] : [...argv];
        return { ok: true, value: addrs, changed: true };
      }
      case 'replicaof': {
        if (argv.length !== 2) return fail('wrong number of arguments');
        const [host, portText] = argv as [string, string];
        if (eqIgnoreCase(host, 'no') && eqIgnoreCase(portText, 'one')) return { ok: true, value: null, changed: true };
        const r = strtoll(portText);
        const port = toCInt(r.value);
        if (port < 0n || port > 65535n || r.end !== portText.length) return fail('Invalid master port');
        return { ok: true, value: { host, port: Number(port) }, changed: true };
      }
      case 'latency-tracking-info-percentiles': {
        if (argv.length === 1 && argv[0] === '') return { ok: true, value: [], changed: true };
        const values: number[] = [];
        for (const a of argv) {
          const d = string2d(a);
          if (d === null) return fail('Invalid latency-tracking-info-percentiles parameters');
          if (d > 100 || d < 0) return fail('latency-tracking-info-percentiles parameters should sit between [0.0,100.0]');
          values.push(d);
        }
        return { ok: true, value: values, changed: true };
      }
    }
  }

  private parseSave(
    argvIn: readonly string[],
    prev: readonly (readonly [bigint, bigint])[],
    readingConfigFile: boolean,
  ): SetOutcome {
    let argv = argvIn;
    let base: readonly (readonly [bigint, bigint])[] = prev;
    /* A single "" argument means "no save points" (resets right away). */
    if (argv.length === 1 && argv[0] === '') {
      base = [];
      argv = [];
    }
    if (argv.length % 2 !== 0) return fail('Invalid save parameters');
    const parsed: (readonly [bigint, bigint])[] = [];
    for (let j = 0; j < argv.length; j += 2) {
      const s = strtoll(argv[j]!);
      const c = strtoll(argv[j + 1]!);
      if (s.end !== argv[j]!.length || s.value < 1n) return fail('Invalid save parameters');
      if (c.end !== argv[j + 1]!.length || c.value < 0n) return fail('Invalid save parameters');
      parsed.push([s.value, toCInt(c.value)]);
    }
    let next: (readonly [bigint, bigint])[];
    if (!readingConfigFile) {
      next = parsed;
    } else if (!this.saveLoaded) {
      this.saveLoaded = true;
      next = parsed;
    } else {
      next = [...base, ...parsed];
    }
    return { ok: true, value: next, changed: true };
  }

  private validateString(spec: DirectiveSpec, v: string): string | null {
    switch (spec.validate) {
      case 'dbfilename':
        return pathIsBaseName(v) ? null : "dbfilename can't be a path, just a filename";
      case 'appendfilename':
        if (v === '') return "appendfilename can't be empty";
        return pathIsBaseName(v) ? null : "appendfilename can't be a path, just a filename";
      case 'appenddirname':
        if (v === '') return "appenddirname can't be empty";
        return pathIsBaseName(v) ? null : "appenddirname can't be a path, just a dirname";
      case 'announced-hostname': {
        if (Buffer.byteLength(v, 'utf8') >= 256) return 'Hostnames must be less than 256 characters';
        if (!/^[A-Za-z0-9.-]*$/.test(v)) return 'Hostnames may only contain alphanumeric characters, hyphens or dots';
        return null;
      }
      case 'proc-title-template': {
        const ok = validProcTitleTemplate(v, (name) => {
          switch (name) {
            case 'title':
              return '';
            case 'listen-addr':
            case 'config-file':
            case 'port':
            case 'tls-port':
              return 'x';
            case 'server-mode':
              return this.entries.get('cluster-enabled')!.value ? '[cluster]' : '';
            case 'unixsocket':
              return (this.entries.get('unixsocket')!.value as string | null) ?? '';
            default:
              return null;
          }
        });
        return ok ? null : 'template format is invalid or contains unknown variables';
      }
      default:
        return null;
    }
  }
}

/** What the value is before its default is applied (the defaults of multi-part values are applied on top). */
function initialValue(spec: DirectiveSpec): Value {
  switch (spec.type) {
    case 'client-output-buffer-limit':
      return OBUF_CLASSES.map(() => ({ hard: 0n, soft: 0n, seconds: 0n }));
    case 'oom-score-adj-values':
      return [0, 0, 0];
    case 'save':
    case 'bind':
    case 'latency-tracking-info-percentiles':
      return [];
    default:
      return null;
  }
}

function parseClientOutputBufferLimit(argv: readonly string[], prev: readonly ObufLimit[]): SetOutcome {
  if (argv.length % 4 !== 0) return fail('Wrong number of arguments in buffer limit configuration.');
  const next = prev.slice();
  for (let j = 0; j < argv.length; j += 4) {
    const cls = argv[j]!.toLowerCase();
    let idx: number;
    if (cls === 'normal') idx = 0;
    else if (cls === 'slave' || cls === 'replica') idx = 1;
    else if (cls === 'pubsub') idx = 2;
    else return fail('Invalid client class specified in buffer limit configuration.');
    const hard = memtoull(argv[j + 1]!);
    const soft = memtoull(argv[j + 2]!);
    const secText = argv[j + 3]!;
    const sec = strtoll(secText);
    const seconds = toCInt(sec.value);
    if (hard === null || soft === null || seconds < 0n || sec.end !== secText.length) {
      return fail('Error in hard, soft or soft_seconds setting in buffer limit configuration.');
    }
    next[idx] = { hard, soft, seconds };
  }
  return { ok: true, value: next, changed: true };
}

function setFailure(argName: string, errstr: string | null): string {
  if (errstr !== null) return `ERR CONFIG SET failed (possibly related to argument '${argName}') - ${errstr}`;
  return `ERR CONFIG SET failed (possibly related to argument '${argName}')`;
}
