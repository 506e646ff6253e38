import { describe, expect, it } from 'vitest';
import { fenceEpoch } from '../../src/control/epoch.js';

describe('fenceEpoch', () => {
  it('lets a call under the same or a newer epoch act', () => {
    expect(fenceEpoch('Promote', 0, 0)).toBeNull();
    expect(fenceEpoch('Follow', 7, 7)).toBeNull();
    expect(fenceEpoch('PauseWrites', 8, 7)).toBeNull();
  });

  it('refuses a call under an older epoch, naming both epochs', () => {
    expect(fenceEpoch('Follow', 6, 7)).toBe("Follow refused: request epoch 6 is older than this node's epoch 7");
    expect(fenceEpoch('Promote', 0, 1)).toMatch(/request epoch 0 .* epoch 1$/);
  });
});
