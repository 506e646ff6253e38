/**
 * notify-keyspace-events flags (server.h NOTIFY_*) and their text form
 * (notify.c keyspaceEventsStringToFlags / keyspaceEventsFlagsToString).
 */

export const NOTIFY_KEYSPACE = 1 << 0; /* K */
export const NOTIFY_KEYEVENT = 1 << 1; /* E */
export const NOTIFY_GENERIC = 1 << 2; /* g */
export const NOTIFY_STRING = 1 << 3; /* $ */
export const NOTIFY_LIST = 1 << 4; /* l */
export const NOTIFY_SET = 1 << 5; /* s */
export const NOTIFY_HASH = 1 << 6; /* h */
export const NOTIFY_ZSET = 1 << 7; /* z */
export const NOTIFY_EXPIRED = 1 << 8; /* x */
export const NOTIFY_EVICTED = 1 << 9; /* e */
export const NOTIFY_STREAM = 1 << 10; /* t */
export const NOTIFY_KEY_MISS = 1 << 11; /* m (not part of A) */
export const NOTIFY_LOADED = 1 << 12; /* module only */
export const NOTIFY_MODULE = 1 << 13; /* d */
export const NOTIFY_NEW = 1 << 14; /* n (not part of A) */
export const NOTIFY_ALL =
  NOTIFY_GENERIC |
  NOTIFY_STRING |
  NOTIFY_LIST |
  NOTIFY_SET |
  NOTIFY_HASH |
  NOTIFY_ZSET |
  NOTIFY_EXPIRED |
  NOTIFY_EVICTED |
  NOTIFY_STREAM |
  NOTIFY_MODULE;

/** Flags for a class string such as "KEA" or "Ex"; -1 when a character is not a class. */
export function keyspaceEventsStringToFlags(classes: string): number {
  let flags = 0;
  for (let i = 0; i < classes.length; i++) {
    switch (classes[i]) {
      case 'A':
        flags |= NOTIFY_ALL;
        break;
      case 'g':
        flags |= NOTIFY_GENERIC;
        break;
      case '$':
        flags |= NOTIFY_STRING;
        break;
      case 'l':
        flags |= NOTIFY_LIST;
        break;
      case 's':
        flags |= NOTIFY_SET;
        break;
      case 'h':
        flags |= NOTIFY_HASH;
        break;
      case 'z':
        flags |= NOTIFY_ZSET;
        break;
      case 'x':
        flags |= NOTIFY_EXPIRED;
        break;
      case 'e':
        flags |= NOTIFY_EVICTED;
        break;
      case 'K':
        flags |= NOTIFY_KEYSPACE;
        break;
      case 'E':
        flags |= NOTIFY_KEYEVENT;
        break;
      case 't':
        flags |= NOTIFY_STREAM;
        break;
      case 'm':
        flags |= NOTIFY_KEY_MISS;
        break;
      case 'd':
        flags |= NOTIFY_MODULE;
        break;
      case 'n':
        flags |= NOTIFY_NEW;
        break;
      default:
        return -1;
    }
  }
  return flags;
}

/** Canonical text of a flag set, as CONFIG GET notify-keyspace-events prints it. */
export function keyspaceEventsFlagsToString(flags: number): string {
  let res = '';
  if ((flags & NOTIFY_ALL) === NOTIFY_ALL) {
    res += 'A';
  } else {
    if (flags & NOTIFY_GENERIC) res += 'g';
    if (flags & NOTIFY_STRING) res += '$';
    if (flags & NOTIFY_LIST) res += 'l';
    if (flags & NOTIFY_SET) res += 's';
    if (flags & NOTIFY_HASH) res += 'h';
    if (flags & NOTIFY_ZSET) res += 'z';
    if (flags & NOTIFY_EXPIRED) res += 'x';
    if (flags & NOTIFY_EVICTED) res += 'e';
    if (flags & NOTIFY_STREAM) res += 't';
    if (flags & NOTIFY_MODULE) res += 'd';
    if (flags & NOTIFY_NEW) res += 'n';
  }
  if (flags & NOTIFY_KEYSPACE) res += 'K';
  if (flags & NOTIFY_KEYEVENT) res += 'E';
  if (flags & NOTIFY_KEY_MISS) res += 'm';
  return res;
}
