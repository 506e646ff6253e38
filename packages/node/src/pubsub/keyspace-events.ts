import {
  NOTIFY_EVICTED,
  NOTIFY_EXPIRED,
  NOTIFY_GENERIC,
  NOTIFY_HASH,
  NOTIFY_KEY_MISS,
  NOTIFY_KEYEVENT,
  NOTIFY_KEYSPACE,
  NOTIFY_LIST,
  NOTIFY_MODULE,
  NOTIFY_NEW,
  NOTIFY_SET,
  NOTIFY_STREAM,
  NOTIFY_STRING,
  NOTIFY_ZSET,
} from '../config/keyspace-events.js';

/**
 * Keyspace notification classes by name, for command handlers: `node.notify(NOTIFY.string, 'set', key, db)`.
 * The bits and the `notify-keyspace-events` letters are defined once, with the config that parses them.
 */
export const NOTIFY = {
  keyspace: NOTIFY_KEYSPACE,
  keyevent: NOTIFY_KEYEVENT,
  generic: NOTIFY_GENERIC,
  string: NOTIFY_STRING,
  list: NOTIFY_LIST,
  set: NOTIFY_SET,
  hash: NOTIFY_HASH,
  zset: NOTIFY_ZSET,
  expired: NOTIFY_EXPIRED,
  evicted: NOTIFY_EVICTED,
  stream: NOTIFY_STREAM,
  keyMiss: NOTIFY_KEY_MISS,
  module: NOTIFY_MODULE,
  newKey: NOTIFY_NEW,
} as const;
