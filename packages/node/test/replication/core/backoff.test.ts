import { describe, expect, it } from 'vitest';
import { Backoff } from '../../../src/replication/core/backoff.js';

describe('Backoff', () => {
  it('doubles up to the maximum, and starts over after a reset', () => {
    const backoff = new Backoff(50, 400, 0.2, () => 0);
    expect([backoff.next(), backoff.next(), backoff.next(), backoff.next(), backoff.next()]).toEqual([50, 100, 200, 400, 400]);
    backoff.reset();
    expect(backoff.next()).toBe(50);
  });

  it('takes up to the jitter off each delay', () => {
    const backoff = new Backoff(100, 1000, 0.5, () => 1);
    expect(backoff.next()).toBe(50);
  });

  it('never overflows after many attempts', () => {
    const backoff = new Backoff(50, 2000, 0, () => 0);
    for (let i = 0; i < 2000; i++) backoff.next();
    expect(backoff.next()).toBe(2000);
  });
});
