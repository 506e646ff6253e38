/**
 * Config-epoch fencing (DESIGN.md §4): a node obeys a control call only if it was made under an epoch at
 * least as high as the highest one it already obeyed. A sentinel that lost an election, or acts on an old
 * view after a partition, can therefore never undo a newer failover. Equal epochs pass: one failover sends
 * several calls under the same epoch (pause the primary, promote a replica, repoint the others).
 */

/** Null when a call under `requestEpoch` may act on a node that obeyed up to `nodeEpoch`; else why not. */
export function fenceEpoch(action: string, requestEpoch: number, nodeEpoch: number): string | null {
  if (requestEpoch >= nodeEpoch) return null;
  return `${action} refused: request epoch ${requestEpoch} is older than this node's epoch ${nodeEpoch}`;
}
