/**
 * The replication backlog: a ring holding the last `size` bytes of the effect log, so a replica that asks to
 * continue from an offset still in the ring gets the bytes it missed (Redis's repl_backlog).
 */
export class Backlog {
  private ring: Buffer;
  private writeAt = 0;
  /** How many valid bytes the ring holds (<= size). */
  private held = 0;
  /** Log offset of the byte after the newest one in the ring. */
  private endOffset: number;

  constructor(size: number, startOffset: number) {
    this.ring = Buffer.alloc(Math.max(16 * 1024, size));
    this.endOffset = startOffset;
  }

  get size(): number {
    return this.ring.length;
  }

  /** The oldest offset still held (Redis's repl_backlog_off, 0-based here). */
  get firstOffset(): number {
    return this.endOffset - this.held;
  }

  get histlen(): number {
    return this.held;
  }

  append(bytes: Buffer): void {
    const size = this.ring.length;
    let src = bytes;
    if (src.length > size) src = src.subarray(src.length - size);
    const first = Math.min(src.length, size - this.writeAt);
    src.copy(this.ring, this.writeAt, 0, first);
    if (first < src.length) src.copy(this.ring, 0, first);
    this.writeAt = (this.writeAt + src.length) % size;
    this.held = Math.min(size, this.held + src.length);
    this.endOffset += bytes.length;
  }

  /** The bytes from `offset` to the end, or null when `offset` is no longer (or not yet) held. */
  readFrom(offset: number): Buffer | null {
    if (offset < this.firstOffset || offset > this.endOffset) return null;
    const count = this.endOffset - offset;
    const size = this.ring.length;
    const start = (this.writeAt - count + size) % size;
    if (start + count <= size) return Buffer.from(this.ring.subarray(start, start + count));
    return Buffer.concat([this.ring.subarray(start), this.ring.subarray(0, count - (size - start))]);
  }

  /** Forgets the history: the next byte appended is at `offset` (a replica that loaded a full copy). */
  restartAt(offset: number): void {
    this.writeAt = 0;
    this.held = 0;
    this.endOffset = offset;
  }

  /** Changes the ring's size, keeping as much recent history as fits. */
  resize(size: number): void {
    const history = this.readFrom(this.firstOffset) ?? Buffer.alloc(0);
    const end = this.endOffset;
    this.ring = Buffer.alloc(Math.max(16 * 1024, size));
    this.writeAt = 0;
    this.held = 0;
    this.endOffset = end - history.length;
    this.append(history);
  }
}
