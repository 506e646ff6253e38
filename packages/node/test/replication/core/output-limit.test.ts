import { describe, expect, it } from 'vitest';
import { OutputLimit } from '../../../src/replication/core/output-limit.js';

describe('OutputLimit', () => {
  it('cuts at once past the hard limit', () => {
    const limit = new OutputLimit(() => ({ hardBytes: 1000, softBytes: 0, softSeconds: 0 }));
    expect(limit.exceeded(999, 0)).toBe(false);
    expect(limit.exceeded(1000, 0)).toBe(true);
  });

  it('cuts after staying above the soft limit for soft-seconds in a row', () => {
    const limit = new OutputLimit(() => ({ hardBytes: 0, softBytes: 100, softSeconds: 2 }));
    expect(limit.exceeded(150, 0)).toBe(false);
    expect(limit.exceeded(150, 1999)).toBe(false);
    expect(limit.exceeded(150, 2000)).toBe(true);
  });

  it('forgets the soft overrun once back below it', () => {
    const limit = new OutputLimit(() => ({ hardBytes: 0, softBytes: 100, softSeconds: 2 }));
    expect(limit.exceeded(150, 0)).toBe(false);
    expect(limit.exceeded(50, 1500)).toBe(false);
    expect(limit.exceeded(150, 2500)).toBe(false);
    expect(limit.exceeded(150, 4499)).toBe(false);
    expect(limit.exceeded(150, 4500)).toBe(true);
  });

  it('never cuts with both limits at 0', () => {
    const limit = new OutputLimit(() => ({ hardBytes: 0, softBytes: 0, softSeconds: 0 }));
    expect(limit.exceeded(1e12, 1e9)).toBe(false);
  });
});
