import { describe, expect, it } from 'vitest';
import {
  ACL_CATEGORIES,
  COMMAND_GROUPS,
  REDIS_KEY_SPECS,
  everyCommand,
  legacyRange,
} from '../../src/commands/command-info.js';
import { CommandTable, type Command } from '../../src/commands/command-table.js';
import { allCommandFamilies } from '../../src/commands/index.js';
import type { CommandFlag } from '../../src/commands/types.js';

/**
 * The command table itself (DESIGN.md: "a test checks the table itself"): every spec the dispatcher and
 * COMMAND rely on is well formed, and key positions agree with Redis 7.0.15's key specs.
 */

const FLAGS = new Set<CommandFlag>([
  'write', 'readonly', 'denyoom', 'admin', 'pubsub', 'noscript', 'blocking', 'loading', 'stale', 'skip_monitor',
  'skip_slowlog', 'fast', 'no_auth', 'may_replicate', 'no_mandatory_keys', 'no_multi', 'no_async_loading', 'allow_busy',
]);
const GROUPS = new Set<string>(COMMAND_GROUPS);
const CATEGORIES = new Set<string>(ACL_CATEGORIES.map((c) => `@${c}`));

const table = new CommandTable(allCommandFamilies);
const commands = [...everyCommand(table)];

/** Checks one command; returns what is wrong with it. */
function problems(command: Command): string[] {
  const spec = command.spec;
  const found: string[] = [];
  const problem = (what: string): void => void found.push(`${command.fullName}: ${what}`);
  if (!/^[a-z][a-z0-9_-]*$/.test(spec.name)) problem('name must be lower case');
  if (spec.arity === 0 || !Number.isInteger(spec.arity)) problem('arity must be a non-zero integer');
  if (command.parent && Math.abs(spec.arity) < 2) problem('a subcommand counts the container name: |arity| >= 2');
  if (new Set(spec.flags).size !== spec.flags.length) problem('duplicate flags');
  for (const flag of spec.flags) if (!FLAGS.has(flag)) problem(`unknown flag ${flag}`);
  if (spec.flags.includes('write') && spec.flags.includes('readonly')) problem('write and readonly');
  if (spec.flags.includes('denyoom') && !spec.flags.includes('write')) problem('denyoom without write');
  if (!GROUPS.has(spec.group)) problem(`unknown group ${spec.group}`);
  if (command.parent && spec.group !== command.parent.spec.group) problem('subcommand in another group');
  if (!spec.summary) problem('no summary');
  if (!/^\d+\.\d+\.\d+$/.test(spec.since)) problem(`bad since ${spec.since}`);
  for (const category of spec.categories ?? []) if (!CATEGORIES.has(category)) problem(`unknown ACL category ${category}`);
  if (!spec.handler && !spec.subcommands) problem('neither a handler nor subcommands');
  if (command.parent && spec.subcommands) problem('subcommands nest one level only');
  if (spec.subcommands && spec.subcommands.length === 0) problem('a container without subcommands');
  keyProblems(command, problem);
  return found;
}

/** Key positions: consistent with the arity, and equal to what Redis derives from its key specs. */
function keyProblems(command: Command, problem: (what: string) => void): void {
  const { firstKey, lastKey, step, arity, flags } = command.spec;
  const argc = Math.abs(arity);
  if (firstKey === 0) {
    if (lastKey !== 0 || step !== 0) problem('no first key but a last key or step');
  } else {
    if (firstKey < 0 || step <= 0) problem('first key and step must be positive');
    // A fixed-arity command has all its keys; a variadic one has at least its first key (or none at all).
    if (arity > 0 && (firstKey >= argc || lastKey >= argc)) problem(`keys beyond the arity ${arity}`);
    if (arity < 0 && firstKey > argc && !flags.includes('no_mandatory_keys')) problem(`first key beyond the minimum ${arity}`);
    if (lastKey >= 0 && lastKey < firstKey) problem('last key before the first');
  }
  const redis = REDIS_KEY_SPECS.get(command.fullName);
  const expected = redis ? legacyRange(redis) : { firstKey: 0, lastKey: 0, step: 0 };
  if (firstKey !== expected.firstKey || lastKey !== expected.lastKey || step !== expected.step) {
    problem(`keys (${firstKey}, ${lastKey}, ${step}) differ from Redis's (${expected.firstKey}, ${expected.lastKey}, ${expected.step})`);
  }
}

describe('the command table', () => {
  it('has commands and subcommands', () => {
    expect(table.size).toBeGreaterThan(0);
    expect(commands.length).toBeGreaterThan(table.size);
  });

  it('has well-formed specs with key positions that agree with Redis', () => {
    expect(commands.flatMap(problems)).toEqual([]);
  });

  it('names subcommands by their container', () => {
    for (const command of commands) {
      expect(command.fullName).toBe(command.parent ? `${command.parent.spec.name}|${command.spec.name}` : command.spec.name);
    }
  });

  it('precomputes the dispatcher\'s flags from the spec', () => {
    for (const { spec, isWrite, noAuth, denyOom, isPubsub, noMulti, mayReplicate, isAdmin } of commands) {
      expect([isWrite, noAuth, denyOom, isPubsub, noMulti, mayReplicate, isAdmin]).toEqual(
        (['write', 'no_auth', 'denyoom', 'pubsub', 'no_multi', 'may_replicate', 'admin'] as const).map((f) => spec.flags.includes(f)),
      );
    }
  });

  it('catches a malformed spec', () => {
    const bad = new CommandTable([
      [
        {
          name: 'Bad',
          arity: 2,
          flags: ['write', 'readonly'],
          firstKey: 1,
          lastKey: 3,
          step: 1,
          group: 'nowhere',
          summary: '',
          since: 'soon',
        },
      ],
    ]);
    const found = problems(bad.get('Bad')!);
    expect(found).toEqual([
      'Bad: name must be lower case',
      'Bad: write and readonly',
      'Bad: unknown group nowhere',
      'Bad: no summary',
      'Bad: bad since soon',
      'Bad: neither a handler nor subcommands',
      'Bad: keys beyond the arity 2',
      "Bad: keys (1, 3, 1) differ from Redis's (0, 0, 0)",
    ]);
  });
});
