/**
 * A string value that is changed in place (SETRANGE, SETBIT, APPEND on a long string). Plain values are
 * immutable latin1 JS strings; copying one for every SETBIT would make bitmaps O(n) per write, so a value
 * that is edited moves into this growable byte buffer, as Redis turns an embstr into a raw sds.
 */
export class MutableString {
  readonly type = 'string' as const;
  /** The key's access stamp, kept by the database (TypedValue.stamp). */
  stamp = 0;
  /** Redis's APPEND/SETRANGE/SETBIT leave a raw sds behind: so does editing in place here. */
  readonly encoding = 'raw';
  private buf: Buffer;
  length: number;

  constructor(initial: string | Buffer, capacity = 0) {
    const size = typeof initial === 'string' ? initial.length : initial.length;
    this.buf = Buffer.allocUnsafe(Math.max(capacity, size, 16));
    if (typeof initial === 'string') this.buf.write(initial, 0, 'latin1');
    else initial.copy(this.buf, 0);
    this.length = size;
  }

  /** Makes room for `size` bytes; new bytes are zero, as Redis pads SETRANGE/SETBIT with zeros. */
  ensureLength(size: number): void {
    if (size <= this.length) return;
    if (size > this.buf.length) {
      const grown = Buffer.allocUnsafe(Math.max(size, Math.min(this.buf.length * 2, size + 1024 * 1024)));
      this.buf.copy(grown, 0, 0, this.length);
      this.buf = grown;
    }
    this.buf.fill(0, this.length, size);
    this.length = size;
  }

  get bytes(): Buffer {
    return this.buf.subarray(0, this.length);
  }

  byteAt(i: number): number {
    return i < this.length ? this.buf[i]! : 0;
  }

  setByte(i: number, value: number): void {
    this.ensureLength(i + 1);
    this.buf[i] = value;
  }

  write(offset: number, data: string): void {
    this.ensureLength(offset + data.length);
    this.buf.write(data, offset, 'latin1');
  }

  append(data: string): void {
    this.write(this.length, data);
  }

  clone(): MutableString {
    return new MutableString(this.bytes);
  }

  toString(): string {
    return this.buf.toString('latin1', 0, this.length);
  }
}
