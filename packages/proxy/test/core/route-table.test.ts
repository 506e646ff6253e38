import { describe, expect, it } from 'vitest';
import { RouteTable } from '../../src/core/route-table.js';

const A = { host: '127.0.0.1', port: 7000 };
const B = { host: '127.0.0.1', port: 7001 };

describe('RouteTable: the primary of the highest epoch', () => {
  it('follows a higher epoch from any source and never goes back to a lower one', () => {
    const table = new RouteTable();
    expect(table.route().primary).toBeNull();
    expect(table.offer({ source: 's1', configEpoch: 0, primary: A, plannedFailover: false })).toBe(true);
    expect(table.offer({ source: 's2', configEpoch: 0, primary: A, plannedFailover: false })).toBe(false);
    expect(table.offer({ source: 's2', configEpoch: 1, primary: B, plannedFailover: false })).toBe(true);
    expect(table.route()).toEqual({ primary: B, epoch: 1, hold: false });
    // s1 has not heard yet, or restarted: its older view changes nothing.
    expect(table.offer({ source: 's1', configEpoch: 0, primary: A, plannedFailover: false })).toBe(false);
    expect(table.route().primary).toEqual(B);
  });

  it('holds while a planned failover of the current primary runs, and stops holding when it ends or moves on', () => {
    const table = new RouteTable();
    table.offer({ source: 's1', configEpoch: 0, primary: A, plannedFailover: false });
    expect(table.offer({ source: 's2', configEpoch: 0, primary: A, plannedFailover: true })).toBe(true);
    expect(table.route().hold).toBe(true);
    // The switch: a higher epoch, and the sentinel stops flagging the failover as planned once it switched.
    table.offer({ source: 's2', configEpoch: 1, primary: B, plannedFailover: false });
    expect(table.route()).toEqual({ primary: B, epoch: 1, hold: false });
    // s1 still reports the old primary in a planned failover: an older epoch, it does not hold the new one.
    table.offer({ source: 's1', configEpoch: 0, primary: A, plannedFailover: true });
    expect(table.route()).toEqual({ primary: B, epoch: 1, hold: false });
    // Abandoned instead: the flag drops and the primary stays.
    const other = new RouteTable();
    other.offer({ source: 's1', configEpoch: 0, primary: A, plannedFailover: true });
    expect(other.route().hold).toBe(true);
    expect(other.offer({ source: 's1', configEpoch: 0, primary: A, plannedFailover: false })).toBe(true);
    expect(other.route().hold).toBe(false);
  });
});
