import { globMatch } from '@understudy/resp';
import type { Client } from '../server/client.js';
import { replyHelp } from './command-info.js';
import { NO_KEYS, type CommandFamily, type CommandSpec } from './types.js';

/**
 * Pub/Sub commands (pubsub.c) over node.pubsub: channels, patterns and shard channels. Confirmations are push
 * frames in RESP3 and plain arrays in RESP2, like messages, and like them survive CLIENT REPLY OFF/SKIP.
 */

/** A (un)subscribe confirmation: [kind, channel or null, running count] (addReplyPubsub(Un)Subscribed). */
function confirm(client: Client, kind: string, channel: string | null, count: number): void {
  const out = client.pushes;
  out.pushHeader(3);
  out.bulk(kind);
  if (channel === null) out.nullBulk();
  else out.bulk(channel);
  out.integer(count);
}

function subscribe(client: Client, args: string[]): void {
  const pubsub = client.node.pubsub;
  for (let i = 1; i < args.length; i++) {
    pubsub.subscribe(client, args[i]!);
    confirm(client, 'subscribe', args[i]!, client.subscriptionCount);
  }
}

function unsubscribe(client: Client, args: string[]): void {
  const pubsub = client.node.pubsub;
  const channels = args.length > 1 ? args.slice(1) : [...client.channels];
  // A mass UNSUBSCRIBE with nothing to leave still answers once, with a null channel.
  if (channels.length === 0) return confirm(client, 'unsubscribe', null, client.subscriptionCount);
  for (const channel of channels) {
    pubsub.unsubscribe(client, channel);
    confirm(client, 'unsubscribe', channel, client.subscriptionCount);
  }
}

function psubscribe(client: Client, args: string[]): void {
  const pubsub = client.node.pubsub;
  for (let i = 1; i < args.length; i++) {
    pubsub.psubscribe(client, args[i]!);
    confirm(client, 'psubscribe', args[i]!, client.subscriptionCount);
  }
}

function punsubscribe(client: Client, args: string[]): void {
  const pubsub = client.node.pubsub;
  const patterns = args.length > 1 ? args.slice(1) : [...client.patterns];
  if (patterns.length === 0) return confirm(client, 'punsubscribe', null, client.subscriptionCount);
  for (const pattern of patterns) {
    pubsub.punsubscribe(client, pattern);
    confirm(client, 'punsubscribe', pattern, client.subscriptionCount);
  }
}

function ssubscribe(client: Client, args: string[]): void {
  // A handler that runs while client.multi is set runs inside EXEC: Redis denies SSUBSCRIBE to clients
  // that must get exactly one reply per command (plain SUBSCRIBE keeps an exception for MULTI).
  if (client.multi !== null) return client.error("ERR SSUBSCRIBE isn't allowed for a DENY BLOCKING client");
  const pubsub = client.node.pubsub;
  for (let i = 1; i < args.length; i++) {
    pubsub.ssubscribe(client, args[i]!);
    confirm(client, 'ssubscribe', args[i]!, client.shardChannels.size);
  }
}

function sunsubscribe(client: Client, args: string[]): void {
  const pubsub = client.node.pubsub;
  const channels = args.length > 1 ? args.slice(1) : [...client.shardChannels];
  if (channels.length === 0) return confirm(client, 'sunsubscribe', null, 0);
  for (const channel of channels) {
    pubsub.sunsubscribe(client, channel);
    confirm(client, 'sunsubscribe', channel, client.shardChannels.size);
  }
}

/**
 * PUBLISH: delivers and replies the receiver count. Redis 7.0 outside cluster mode forces the command into
 * the replication stream (forceCommandPropagation) so subscribers of replicas get the message too.
 */
function publish(client: Client, args: string[]): void {
  const receivers = client.node.pubsub.publish(args[1]!, args[2]!);
  client.node.replaceEffect(args);
  client.reply.integer(receivers);
}

/** SPUBLISH: shard subscribers only (shard channels ignore patterns); propagated like PUBLISH. */
function spublish(client: Client, args: string[]): void {
  const receivers = client.node.pubsub.spublish(args[1]!, args[2]!);
  client.node.replaceEffect(args);
  client.reply.integer(receivers);
}

/** addReplySubcommandSyntaxError: the subcommand exists but its argument count is wrong. */
function subcommandSyntaxError(client: Client, args: string[]): void {
  client.error(
    `ERR unknown subcommand or wrong number of arguments for '${args[1]!.slice(0, 128)}'. Try ${args[0]!.toUpperCase()} HELP.`,
  );
}

/** PUBSUB CHANNELS / SHARDCHANNELS [pattern]: active channels, filtered by a glob pattern. */
function listChannels(client: Client, args: string[], channels: Map<string, Set<Client>>): void {
  if (args.length > 3) return subcommandSyntaxError(client, args);
  const pattern = args[2];
  const matching: string[] = [];
  for (const channel of channels.keys()) {
    if (pattern === undefined || globMatch(pattern, channel)) matching.push(channel);
  }
  client.reply.bulkArray(matching);
}

/** PUBSUB NUMSUB / SHARDNUMSUB [channel ...]: a flat array of channel, subscriber count pairs. */
function countSubscribers(client: Client, args: string[], count: (channel: string) => number): void {
  const out = client.reply;
  out.arrayHeader((args.length - 2) * 2);
  for (let i = 2; i < args.length; i++) {
    out.bulk(args[i]!);
    out.integer(count(args[i]!));
  }
}

const PUBSUB_HELP = [
  'CHANNELS [<pattern>]',
  "    Return the currently active channels matching a <pattern> (default: '*').",
  'NUMPAT',
  '    Return number of subscriptions to patterns.',
  'NUMSUB [<channel> ...]',
  '    Return the number of subscribers for the specified channels, excluding',
  '    pattern subscriptions(default: no channels).',
  'SHARDCHANNELS [<pattern>]',
  "    Return the currently active shard level channels matching a <pattern> (default: '*').",
  'SHARDNUMSUB [<shardchannel> ...]',
  '    Return the number of subscribers for the specified shard level channel(s)',
];

function pubsubChannels(client: Client, args: string[]): void {
  listChannels(client, args, client.node.pubsub.channels);
}

function pubsubNumsub(client: Client, args: string[]): void {
  const channels = client.node.pubsub.channels;
  countSubscribers(client, args, (channel) => channels.get(channel)?.size ?? 0);
}

function pubsubShardChannels(client: Client, args: string[]): void {
  listChannels(client, args, client.node.pubsub.shardChannels);
}

function pubsubShardNumsub(client: Client, args: string[]): void {
  const channels = client.node.pubsub.shardChannels;
  countSubscribers(client, args, (channel) => channels.get(channel)?.size ?? 0);
}

const pubsubGroup = { group: 'pubsub', ...NO_KEYS } as const;
/** SSUBSCRIBE/SUNSUBSCRIBE declare their channels as NOT_KEY key specs, which COMMAND INFO shows as 1 -1 1. */
const CHANNEL_ARGS = { firstKey: 1, lastKey: -1, step: 1 } as const;

function pubsubSubcommand(
  name: string,
  arity: number,
  summary: string,
  since: string,
  handler: CommandSpec['handler'],
  complexity: string,
): CommandSpec {
  const flags = name === 'help' ? (['loading', 'stale'] as const) : (['pubsub', 'loading', 'stale'] as const);
  return { ...pubsubGroup, name, arity, flags, summary, since, complexity, handler };
}

export const pubsubCommands: CommandFamily = [
  {
    ...pubsubGroup,
    name: 'subscribe',
    arity: -2,
    flags: ['pubsub', 'noscript', 'loading', 'stale'],
    summary: 'Listen for messages published to the given channels',
    since: '2.0.0',
    complexity: 'O(N) where N is the number of channels to subscribe to.',
    handler: subscribe,
  },
  {
    ...pubsubGroup,
    name: 'unsubscribe',
    arity: -1,
    flags: ['pubsub', 'noscript', 'loading', 'stale'],
    summary: 'Stop listening for messages posted to the given channels',
    since: '2.0.0',
    complexity: 'O(N) where N is the number of clients already subscribed to a channel.',
    handler: unsubscribe,
  },
  {
    ...pubsubGroup,
    name: 'psubscribe',
    arity: -2,
    flags: ['pubsub', 'noscript', 'loading', 'stale'],
    summary: 'Listen for messages published to channels matching the given patterns',
    since: '2.0.0',
    complexity: 'O(N) where N is the number of patterns the client is already subscribed to.',
    handler: psubscribe,
  },
  {
    ...pubsubGroup,
    name: 'punsubscribe',
    arity: -1,
    flags: ['pubsub', 'noscript', 'loading', 'stale'],
    summary: 'Stop listening for messages posted to channels matching the given patterns',
    since: '2.0.0',
    complexity:
      'O(N+M) where N is the number of patterns the client is already subscribed and M is the number of total patterns subscribed in the system (by any client).',
    handler: punsubscribe,
  },
  {
    ...pubsubGroup,
    name: 'publish',
    arity: 3,
    flags: ['pubsub', 'loading', 'stale', 'fast', 'may_replicate'],
    summary: 'Post a message to a channel',
    since: '2.0.0',
    complexity:
      'O(N+M) where N is the number of clients subscribed to the receiving channel and M is the total number of subscribed patterns (by any client).',
    handler: publish,
  },
  {
    ...pubsubGroup,
    ...CHANNEL_ARGS,
    name: 'ssubscribe',
    arity: -2,
    flags: ['pubsub', 'noscript', 'loading', 'stale'],
    summary: 'Listen for messages published to the given shard channels',
    since: '7.0.0',
    complexity: 'O(N) where N is the number of shard channels to subscribe to.',
    handler: ssubscribe,
  },
  {
    ...pubsubGroup,
    ...CHANNEL_ARGS,
    name: 'sunsubscribe',
    arity: -1,
    flags: ['pubsub', 'noscript', 'loading', 'stale'],
    summary: 'Stop listening for messages posted to the given shard channels',
    since: '7.0.0',
    complexity: 'O(N) where N is the number of clients already subscribed to a shard channel.',
    handler: sunsubscribe,
  },
  {
    ...pubsubGroup,
    firstKey: 1,
    lastKey: 1,
    step: 1,
    name: 'spublish',
    arity: 3,
    flags: ['pubsub', 'loading', 'stale', 'fast', 'may_replicate'],
    summary: 'Post a message to a shard channel',
    since: '7.0.0',
    complexity: 'O(N) where N is the number of clients subscribed to the receiving shard channel.',
    handler: spublish,
  },
  {
    ...pubsubGroup,
    name: 'pubsub',
    arity: -2,
    flags: [],
    summary: 'A container for Pub/Sub commands',
    since: '2.8.0',
    complexity: 'Depends on subcommand.',
    subcommands: [
      pubsubSubcommand(
        'channels',
        -2,
        'List active channels',
        '2.8.0',
        pubsubChannels,
        'O(N) where N is the number of active channels, and assuming constant time pattern matching (relatively short channels and patterns)',
      ),
      pubsubSubcommand(
        'numsub',
        -2,
        'Get the count of subscribers for channels',
        '2.8.0',
        pubsubNumsub,
        'O(N) for the NUMSUB subcommand, where N is the number of requested channels',
      ),
      pubsubSubcommand(
        'numpat',
        2,
        'Get the count of unique patterns pattern subscriptions',
        '2.8.0',
        (client) => client.reply.integer(client.node.pubsub.patterns.size),
        'O(1)',
      ),
      pubsubSubcommand(
        'help',
        2,
        'Show helpful text about the different subcommands',
        '6.2.0',
        (client, args) => replyHelp(client, args[0]!, PUBSUB_HELP),
        'O(1)',
      ),
      pubsubSubcommand(
        'shardchannels',
        -2,
        'List active shard channels',
        '7.0.0',
        pubsubShardChannels,
        'O(N) where N is the number of active shard channels, and assuming constant time pattern matching (relatively short shard channels).',
      ),
      pubsubSubcommand(
        'shardnumsub',
        -2,
        'Get the count of subscribers for shard channels',
        '7.0.0',
        pubsubShardNumsub,
        'O(N) for the SHARDNUMSUB subcommand, where N is the number of requested shard channels',
      ),
    ],
  },
];
