import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { NetworkFaults } from '../../src/control/faults.js';

class FakeCall extends EventEmitter {
  cancelled = false;
  cancel(): void {
    this.cancelled = true;
    this.emit('cancelled');
  }
}

describe('NetworkFaults', () => {
  it('serves held calls, oldest first, once the partition heals', () => {
    const faults = new NetworkFaults();
    const served: string[] = [];
    faults.hold(new FakeCall(), () => served.push('first'));
    faults.hold(new FakeCall(), () => served.push('second'));
    expect(served).toEqual([]);
    faults.releaseHeld();
    expect(served).toEqual(['first', 'second']);
    // Released once only.
    faults.releaseHeld();
    expect(served).toEqual(['first', 'second']);
  });

  it('drops a held call whose caller gave up', () => {
    const faults = new NetworkFaults();
    const served: string[] = [];
    const gone = new FakeCall();
    faults.hold(gone, () => served.push('gone'));
    faults.hold(new FakeCall(), () => served.push('kept'));
    gone.cancel();
    faults.releaseHeld();
    expect(served).toEqual(['kept']);
  });
});
