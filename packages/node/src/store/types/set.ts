import { createHash } from 'node:crypto';
import { parseInt64, parseInteger } from '../../util/numbers.js';
import { xorInto, type Digestible } from '../digest.js';
import type { ScanSource } from '../scan-cursors.js';
import type { TypedValue } from '../values.js';

/**
 * The set type (t_set.c, intset.c). Members are latin1 strings (one char per byte).
 *
 * Two encodings, as in Redis 7.0 (which has no listpack sets):
 * - "intset": every member is a canonical int64 (Redis's string2ll: no sign but '-', no leading zero, no
 *   spaces) and there are at most set-max-intset-entries of them. Kept as a sorted array of the integers
 *   themselves, not their texts: a number when it is a safe integer (stored unboxed by V8), a bigint beyond
 *   2^53. Each integer has exactly one representation, so `===` and `<` compare them exactly. Lookups are a
 *   binary search, inserts and deletes move the tail (O(n), like intset's memmove, n being bounded by the
 *   config), iteration is in ascending order, as Redis's intset answers SMEMBERS.
 * - "hashtable": a dense array of members plus a Map from member to its slot. The Map answers SISMEMBER in
 *   O(1) and gives SSCAN its stable iterator; the array gives SPOP/SRANDMEMBER an O(1), exactly uniform
 *   random pick (Redis's dictGetFairRandomKey) without a wrapper object per member. A delete moves the last
 *   slot into the hole, so there is no meaningful order, like a dict.
 * An intset becomes a hashtable when a non-integer arrives or it outgrows the limit, and never goes back.
 */

/** Redis caps set-max-intset-entries at 2^30 whatever the config says (intset's internal limit). */
const INTSET_HARD_LIMIT = 1 << 30;

/** A member as an intset stores it: a safe integer as a number, a larger int64 as a bigint. */
type IntMember = number | bigint;

/** The integer a member denotes for an intset (Redis's isSdsRepresentableAsLongLong), or null. */
export function intMemberOf(member: string): IntMember | null {
  if (member.length <= 15) return parseInteger(member); // up to 15 digits: always a safe integer
  const big = parseInt64(member);
  if (big === null) return null;
  const small = Number(big);
  return Number.isSafeInteger(small) ? small : big;
}

/** Binary search of a sorted intset: the slot of `value`, or -(insertion point) - 1. */
function searchInts(ints: readonly IntMember[], value: IntMember): number {
  let low = 0;
  let high = ints.length - 1;
  while (low <= high) {
    const mid = (low + high) >>> 1;
    const at = ints[mid]!;
    if (at < value) low = mid + 1;
    else if (at > value) high = mid - 1;
    else return mid;
  }
  return -low - 1;
}

export class SetValue implements TypedValue, Digestible {
  readonly type = 'set' as const;
  /** The key's access stamp, kept by the database (TypedValue.stamp). */
  stamp = 0;
  /** Sorted integers while the set is an intset; null once it is a hashtable. */
  private ints: IntMember[] | null;
  /** Hashtable encoding: members in slots, and each member's slot. */
  private slots: string[] | null = null;
  private index: Map<string, number> | null = null;

  /** An empty set of the encoding Redis's setTypeCreate picks for its first member (intset for an integer). */
  constructor(intset: boolean) {
    this.ints = intset ? [] : null;
    if (!intset) this.toHashtable();
  }

  /** setTypeCreate: an empty set able to hold `first` (the caller adds it). */
  static for(first: string): SetValue {
    return new SetValue(intMemberOf(first) !== null);
  }

  get encoding(): 'intset' | 'hashtable' {
    return this.ints !== null ? 'intset' : 'hashtable';
  }

  get size(): number {
    return this.ints !== null ? this.ints.length : this.slots!.length;
  }

  has(member: string): boolean {
    if (this.ints === null) return this.index!.has(member);
    const value = intMemberOf(member);
    return value !== null && searchInts(this.ints, value) >= 0;
  }

  /**
   * setTypeAdd: true if `member` is new. An intset converts to a hashtable when `member` is not an integer, or
   * after the insert when it holds more than `maxIntsetEntries` integers.
   */
  add(member: string, maxIntsetEntries: number): boolean {
    const ints = this.ints;
    if (ints !== null) {
      const value = intMemberOf(member);
      if (value !== null) {
        const found = searchInts(ints, value);
        if (found >= 0) return false;
        ints.splice(-found - 1, 0, value);
        if (ints.length > Math.min(maxIntsetEntries, INTSET_HARD_LIMIT)) this.toHashtable();
        return true;
      }
      this.toHashtable();
    }
    const index = this.index!;
    if (index.has(member)) return false;
    index.set(member, this.slots!.length);
    this.slots!.push(member);
    return true;
  }

  /** setTypeRemove: true if `member` was there. */
  remove(member: string): boolean {
    if (this.ints !== null) {
      const value = intMemberOf(member);
      if (value === null) return false;
      const found = searchInts(this.ints, value);
      if (found < 0) return false;
      this.ints.splice(found, 1);
      return true;
    }
    const slot = this.index!.get(member);
    if (slot === undefined) return false;
    this.removeSlot(slot, member);
    return true;
  }

  /** The member in slot `slot` (0 <= slot < size): random access for SPOP and SRANDMEMBER. */
  memberAt(slot: number): string {
    return this.ints !== null ? String(this.ints[slot]!) : this.slots![slot]!;
  }

  /** A uniformly random slot of a non-empty set. */
  randomSlot(): number {
    return Math.floor(Math.random() * this.size);
  }

  /** Removes and returns a uniformly random member of a non-empty set (SPOP). */
  popRandom(): string {
    const slot = this.randomSlot();
    const member = this.memberAt(slot);
    if (this.ints !== null) this.ints.splice(slot, 1);
    else this.removeSlot(slot, member);
    return member;
  }

  /** Every member: ascending for an intset, slot order for a hashtable. The set must not change meanwhile. */
  *members(): IterableIterator<string> {
    if (this.ints !== null) for (const value of this.ints) yield String(value);
    else yield* this.slots!;
  }

  /** Every member as an array (a snapshot: the set may change afterwards). */
  toArray(): string[] {
    return this.ints !== null ? this.ints.map(String) : this.slots!.slice();
  }

  /** What SSCAN walks for a hashtable (its iterator survives changes); null for an intset, returned whole. */
  get scanSource(): ScanSource<string> | null {
    return this.index;
  }

  /** setTypeDup (COPY): same members, same encoding. */
  clone(): SetValue {
    const copy = new SetValue(this.ints !== null);
    if (this.ints !== null) {
      copy.ints = this.ints.slice();
    } else {
      copy.slots = this.slots!.slice();
      copy.index = new Map(this.index!);
    }
    return copy;
  }

  /**
   * XOR of one SHA-1 per member, over the member's text: the same members digest the same whatever the
   * insertion order or the encoding (an integer digests as its canonical decimal either way).
   */
  digest(): Buffer {
    const total = Buffer.alloc(20);
    for (const member of this.members()) xorInto(total, createHash('sha1').update(member, 'latin1').digest());
    return total;
  }

  /** setTypeConvert(OBJ_ENCODING_HT): the integers become their decimal texts, in ascending order. */
  private toHashtable(): void {
    const slots = this.ints === null ? [] : this.ints.map(String);
    const index = new Map<string, number>();
    for (let i = 0; i < slots.length; i++) index.set(slots[i]!, i);
    this.slots = slots;
    this.index = index;
    this.ints = null;
  }

  /** Hashtable deletion: the last slot moves into the hole. */
  private removeSlot(slot: number, member: string): void {
    const slots = this.slots!;
    const index = this.index!;
    index.delete(member);
    const last = slots.pop()!;
    if (slot === slots.length) return;
    slots[slot] = last;
    index.set(last, slot);
  }
}

/**
 * A set holding `members`, encoded as Redis encodes a set it builds from nothing (SINTERSTORE and friends,
 * RDB loading): an intset while every member is an integer and they fit `maxIntsetEntries`.
 */
export function buildSet(members: Iterable<string>, maxIntsetEntries: number): SetValue {
  const set = new SetValue(true);
  for (const member of members) set.add(member, maxIntsetEntries);
  return set;
}

/**
 * Every member of a set, as RDB_TYPE_SET lists them (each member's text); the set must not change during the
 * walk.
 */
export function setMembers(set: SetValue): IterableIterator<string> {
  return set.members();
}
