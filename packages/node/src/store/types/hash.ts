import { createHash } from 'node:crypto';
import { xorInto, type Digestible } from '../digest.js';
import type { ScanSource } from '../scan-cursors.js';
import type { TypedValue } from '../values.js';

/**
 * The hash type (t_hash.c). Fields and values are latin1 strings (one char per byte).
 *
 * Layout: `index` maps each field to its slot in the parallel arrays `fields` and `values`. The Map answers
 * HGET/HEXISTS in O(1) and gives SCAN its stable iterator; the arrays give HRANDFIELD an O(1) random pick,
 * as Redis's dictGetFairRandomKey does, without a wrapper object per field.
 *
 * Encoding: "listpack" while the hash stays within hash-max-listpack-entries fields and every field and value
 * within hash-max-listpack-value bytes, "hashtable" once either is exceeded, never back (as Redis converts
 * only one way). The structure is the same for both; what differs is deletion: a listpack keeps insertion
 * order (a delete closes the gap, O(n) like listpack's memmove, n being small by definition), a hashtable
 * moves its last slot into the hole (O(1)) and so has no meaningful order, like a dict.
 */
export class HashValue implements TypedValue, Digestible {
  readonly type = 'hash' as const;
  /** The key's access stamp, kept by the database (TypedValue.stamp). */
  stamp = 0;
  encoding: 'listpack' | 'hashtable' = 'listpack';
  private readonly index = new Map<string, number>();
  private readonly fields: string[] = [];
  private readonly values: string[] = [];

  get size(): number {
    return this.fields.length;
  }

  get(field: string): string | undefined {
    const slot = this.index.get(field);
    return slot === undefined ? undefined : this.values[slot];
  }

  has(field: string): boolean {
    return this.index.has(field);
  }

  /**
   * Sets a field (hashTypeSet): converts to a hashtable first if the field or the value is longer than
   * `maxValue`, and after the insert if there are more than `maxEntries` fields. True if the field is new.
   */
  set(field: string, value: string, maxEntries: number, maxValue: number): boolean {
    if (this.encoding === 'listpack' && (field.length > maxValue || value.length > maxValue)) this.encoding = 'hashtable';
    const slot = this.index.get(field);
    if (slot !== undefined) {
      this.values[slot] = value;
      return false;
    }
    this.index.set(field, this.fields.length);
    this.fields.push(field);
    this.values.push(value);
    if (this.encoding === 'listpack' && this.fields.length > maxEntries) this.encoding = 'hashtable';
    return true;
  }

  /** Removes a field; true if it was there. */
  delete(field: string): boolean {
    const slot = this.index.get(field);
    if (slot === undefined) return false;
    this.index.delete(field);
    if (this.encoding === 'listpack') this.closeGap(slot);
    else this.fillFromLast(slot);
    return true;
  }

  /** Listpack deletion: later slots move down one, keeping insertion order. */
  private closeGap(slot: number): void {
    this.fields.splice(slot, 1);
    this.values.splice(slot, 1);
    for (let i = slot; i < this.fields.length; i++) this.index.set(this.fields[i]!, i);
  }

  /** Hashtable deletion: the last slot moves into the hole. */
  private fillFromLast(slot: number): void {
    const lastField = this.fields.pop()!;
    const lastValue = this.values.pop()!;
    if (slot === this.fields.length) return;
    this.fields[slot] = lastField;
    this.values[slot] = lastValue;
    this.index.set(lastField, slot);
  }

  /** The field in slot `slot` (0 <= slot < size): with valueAt, random access for HRANDFIELD. */
  fieldAt(slot: number): string {
    return this.fields[slot]!;
  }

  valueAt(slot: number): string {
    return this.values[slot]!;
  }

  /** A uniformly random slot of a non-empty hash. */
  randomSlot(): number {
    return Math.floor(Math.random() * this.fields.length);
  }

  /** What HSCAN walks: the field index (its iterator survives changes to the hash). */
  get scanSource(): ScanSource<string> {
    return this.index;
  }

  /**
   * Every [field, value] pair, in the hash's order (insertion order for a listpack). For RDB_TYPE_HASH
   * encoding and other whole-value walks; the hash must not change during the walk.
   */
  *pairs(): IterableIterator<[string, string]> {
    for (let i = 0; i < this.fields.length; i++) yield [this.fields[i]!, this.values[i]!];
  }

  clone(): HashValue {
    const copy = new HashValue();
    copy.encoding = this.encoding;
    for (let i = 0; i < this.fields.length; i++) {
      copy.index.set(this.fields[i]!, i);
      copy.fields.push(this.fields[i]!);
      copy.values.push(this.values[i]!);
    }
    return copy;
  }

  /**
   * XOR of one SHA-1 per pair (field length, field, value): the same content digests the same whatever the
   * order or the encoding it was built in; the length keeps ("ab","c") apart from ("a","bc").
   */
  digest(): Buffer {
    const total = Buffer.alloc(20);
    for (let i = 0; i < this.fields.length; i++) {
      const field = this.fields[i]!;
      const hash = createHash('sha1').update(`${field.length}\0`).update(field, 'latin1');
      xorInto(total, hash.update(this.values[i]!, 'latin1').digest());
    }
    return total;
  }
}
