import { describe, expect, it } from 'vitest';
import { Backlog } from '../../src/log/backlog.js';

describe('Backlog', () => {
  it('returns what was appended from any held offset', () => {
    const b = new Backlog(16 * 1024, 100);
    b.append(Buffer.from('hello '));
    b.append(Buffer.from('world'));
    expect(b.readFrom(100)!.toString()).toBe('hello world');
    expect(b.readFrom(106)!.toString()).toBe('world');
    expect(b.readFrom(111)!.toString()).toBe('');
    expect(b.readFrom(99)).toBeNull();
    expect(b.readFrom(112)).toBeNull();
  });

  it('keeps only the newest bytes once it wraps', () => {
    const b = new Backlog(16 * 1024, 0);
    const chunk = Buffer.alloc(10_000);
    for (let i = 0; i < 5; i++) b.append(chunk.fill(65 + i));
    expect(b.histlen).toBe(16 * 1024);
    expect(b.firstOffset).toBe(50_000 - 16 * 1024);
    const tail = b.readFrom(40_000)!;
    expect(tail.length).toBe(10_000);
    expect(tail.every((x) => x === 69)).toBe(true);
    expect(b.readFrom(30_000)).toBeNull();
    b.resize(32 * 1024);
    expect(b.readFrom(40_000)!.every((x) => x === 69)).toBe(true);
  });
});
