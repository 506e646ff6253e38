import { createHash } from 'node:crypto';
import type { Digestible } from '../digest.js';
import type { TypedValue } from '../values.js';

/**
 * The sorted set type (t_zset.c): a Map member -> score for O(1) ZSCORE, plus an order-statistic structure
 * kept sorted by (score, member) for O(log n) rank, range and insert/delete.
 *
 * Redis uses a skip list with span counts. Here the ordered side is a counted B+tree: leaves hold parallel
 * arrays of members and scores (a JS array of doubles is stored unboxed, 8 bytes a score), inner nodes hold
 * their children's sizes and largest keys. Per member that costs two array slots plus the Map entry, instead of
 * a node object with forward/span arrays per member, which matters at a million members (and nodes are kept
 * nearly full: ~86% when members arrive in random order, ~100% in ascending or descending order). Rank, select,
 * insert and delete walk one root-to-leaf path: O(log n) with a small constant B for the in-node searches and
 * splices.
 *
 * Order: by score, ties by member compared bytewise (latin1 strings compare like memcmp; a prefix sorts
 * first), exactly the skip list's order. -0 and 0 compare equal, as C doubles do.
 */

const LEAF_MAX = 128;
const INNER_MAX = 64;
/** Bulk-built leaves are filled to this, leaving room for inserts before they split. */
const LEAF_FILL = 96;

class Leaf {
  members: string[];
  scores: number[];
  constructor(members: string[], scores: number[]) {
    this.members = members;
    this.scores = scores;
  }
}

class Inner {
  children: Node[];
  /** Number of members under each child. */
  counts: number[];
  /** The largest key (score, member) under each child: what descents compare against. */
  maxScores: number[];
  maxMembers: string[];
  /** Number of members under this node. */
  size: number;
  constructor(children: Node[]) {
    this.children = children;
    this.counts = [];
    this.maxScores = [];
    this.maxMembers = [];
    this.size = 0;
    for (const child of children) {
      const n = sizeOf(child);
      this.counts.push(n);
      this.size += n;
      this.maxScores.push(maxScoreOf(child));
      this.maxMembers.push(maxMemberOf(child));
    }
  }
}

type Node = Leaf | Inner;

function sizeOf(node: Node): number {
  return node instanceof Leaf ? node.members.length : node.size;
}

function maxScoreOf(node: Node): number {
  if (node instanceof Leaf) return node.scores[node.scores.length - 1]!;
  return node.maxScores[node.maxScores.length - 1]!;
}

function maxMemberOf(node: Node): string {
  if (node instanceof Leaf) return node.members[node.members.length - 1]!;
  return node.maxMembers[node.maxMembers.length - 1]!;
}

/** (s1, m1) compared to (s2, m2): negative, 0 or positive. */
function compareKeys(s1: number, m1: string, s2: number, m2: string): number {
  if (s1 < s2) return -1;
  if (s1 > s2) return 1;
  return m1 < m2 ? -1 : m1 > m2 ? 1 : 0;
}

/** First index in a leaf whose key is >= (score, member). */
function leafLowerBound(leaf: Leaf, score: number, member: string): number {
  let lo = 0;
  let hi = leaf.members.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareKeys(leaf.scores[mid]!, leaf.members[mid]!, score, member) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The child of `node` whose range holds (score, member): the first whose largest key is >= it, else the last. */
function childFor(node: Inner, score: number, member: string): number {
  const last = node.children.length - 1;
  let lo = 0;
  let hi = last;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareKeys(node.maxScores[mid]!, node.maxMembers[mid]!, score, member) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function refreshChild(node: Inner, i: number): void {
  const child = node.children[i]!;
  node.counts[i] = sizeOf(child);
  node.maxScores[i] = maxScoreOf(child);
  node.maxMembers[i] = maxMemberOf(child);
}

/**
 * Splits an overfull node; returns the right part. `at` is where the entry that overfilled it went: an entry
 * appended at the end (ascending inserts: scores that only grow, as timestamps) leaves the left part full and
 * starts the right part with it, an entry put first does the mirror image, anything else splits in halves.
 * Both parts get arrays of their exact size (the old array would keep the capacity of the whole).
 */
function splitNode(node: Node, at: number): Node {
  const width = widthOf(node);
  const cut = at === width - 1 ? width - 1 : at === 0 ? 1 : width >>> 1;
  if (node instanceof Leaf) {
    const right = new Leaf(node.members.slice(cut), node.scores.slice(cut));
    node.members = node.members.slice(0, cut);
    node.scores = node.scores.slice(0, cut);
    return right;
  }
  const right = new Inner(node.children.slice(cut));
  node.children = node.children.slice(0, cut);
  node.counts = node.counts.slice(0, cut);
  node.maxScores = node.maxScores.slice(0, cut);
  node.maxMembers = node.maxMembers.slice(0, cut);
  node.size -= right.size;
  return right;
}

/** Moves the first `k` entries of `right` to the end of `left` (adjacent siblings of the same kind). */
function shiftLeft(left: Node, right: Node, k: number): void {
  if (left instanceof Leaf) {
    const r = right as Leaf;
    left.members.push(...r.members.splice(0, k));
    left.scores.push(...r.scores.splice(0, k));
    return;
  }
  const r = right as Inner;
  let moved = 0;
  for (let c = 0; c < k; c++) moved += r.counts[c]!;
  left.children.push(...r.children.splice(0, k));
  left.counts.push(...r.counts.splice(0, k));
  left.maxScores.push(...r.maxScores.splice(0, k));
  left.maxMembers.push(...r.maxMembers.splice(0, k));
  left.size += moved;
  r.size -= moved;
}

/** Moves the last `k` entries of `left` to the front of `right`. */
function shiftRight(left: Node, right: Node, k: number): void {
  const from = widthOf(left) - k;
  if (left instanceof Leaf) {
    const r = right as Leaf;
    r.members.unshift(...left.members.splice(from, k));
    r.scores.unshift(...left.scores.splice(from, k));
    return;
  }
  const r = right as Inner;
  let moved = 0;
  for (let c = from; c < from + k; c++) moved += left.counts[c]!;
  r.children.unshift(...left.children.splice(from, k));
  r.counts.unshift(...left.counts.splice(from, k));
  r.maxScores.unshift(...left.maxScores.splice(from, k));
  r.maxMembers.unshift(...left.maxMembers.splice(from, k));
  left.size -= moved;
  r.size += moved;
}

/**
 * Child i of `node` is one entry over its capacity (the new one, put at `at`). As in a B*-tree, entries move
 * to a sibling with room before anything splits, so nodes filled in random order stay fuller than half; an
 * entry appended after the last child's end or put before the first child's start splits instead, which
 * keeps ascending and descending fills near 100%.
 */
function relieve(node: Inner, i: number, at: number): void {
  const child = node.children[i]!;
  const width = widthOf(child);
  const capacity = capacityOf(child);
  const last = node.children.length - 1;
  const edge = (at === width - 1 && i === last) || (at === 0 && i === 0);
  if (!edge && i > 0 && shareWith(node, i - 1, i, capacity)) return;
  if (!edge && i < last && shareWith(node, i, i + 1, capacity)) return;
  const split = splitNode(child, at);
  refreshChild(node, i);
  node.children.splice(i + 1, 0, split);
  node.counts.splice(i + 1, 0, sizeOf(split));
  node.maxScores.splice(i + 1, 0, maxScoreOf(split));
  node.maxMembers.splice(i + 1, 0, maxMemberOf(split));
}

/**
 * Evens out adjacent children l and l + 1 (one of them overfull) when the other has room; false if it has
 * none.
 */
function shareWith(node: Inner, l: number, r: number, capacity: number): boolean {
  const left = node.children[l]!;
  const right = node.children[r]!;
  const wl = widthOf(left);
  const wr = widthOf(right);
  if (wl >= capacity && wr >= capacity) return false;
  if (wl > wr) shiftRight(left, right, (wl - wr + 1) >>> 1);
  else shiftLeft(left, right, (wr - wl + 1) >>> 1);
  refreshChild(node, l);
  refreshChild(node, r);
  return true;
}

/**
 * Inserts below `node`, which may be left one entry over its capacity (its parent relieves it); returns the
 * position of the new entry in `node`: its index in a leaf, the index of the child that grew in an inner node.
 */
function insertBelow(node: Node, score: number, member: string): number {
  if (node instanceof Leaf) {
    const at = leafLowerBound(node, score, member);
    node.members.splice(at, 0, member);
    node.scores.splice(at, 0, score);
    return at;
  }
  const i = childFor(node, score, member);
  const child = node.children[i]!;
  const at = insertBelow(child, score, member);
  node.size++;
  if (widthOf(child) <= capacityOf(child)) {
    refreshChild(node, i);
    return i;
  }
  const width = node.children.length;
  relieve(node, i, at);
  // A split added child i + 1: that is where this node grew.
  return node.children.length > width ? i + 1 : i;
}

/** Moves everything of `right` into `left` (adjacent siblings of the same kind). */
function mergeInto(left: Node, right: Node): void {
  if (left instanceof Leaf) {
    const r = right as Leaf;
    for (let i = 0; i < r.members.length; i++) {
      left.members.push(r.members[i]!);
      left.scores.push(r.scores[i]!);
    }
    return;
  }
  const r = right as Inner;
  for (let i = 0; i < r.children.length; i++) {
    left.children.push(r.children[i]!);
    left.counts.push(r.counts[i]!);
    left.maxScores.push(r.maxScores[i]!);
    left.maxMembers.push(r.maxMembers[i]!);
  }
  left.size += r.size;
}

function capacityOf(node: Node): number {
  return node instanceof Leaf ? LEAF_MAX : INNER_MAX;
}

function widthOf(node: Node): number {
  return node instanceof Leaf ? node.members.length : node.children.length;
}

function removeChild(node: Inner, i: number): void {
  node.children.splice(i, 1);
  node.counts.splice(i, 1);
  node.maxScores.splice(i, 1);
  node.maxMembers.splice(i, 1);
}

/**
 * After child i shrank: drops it when empty, or merges it with a neighbour when both fit in one node, so nodes
 * stay at least a quarter full on average and the height stays logarithmic.
 */
function rebalance(node: Inner, i: number): void {
  const child = node.children[i]!;
  const width = widthOf(child);
  if (width === 0) {
    removeChild(node, i);
    return;
  }
  refreshChild(node, i);
  const capacity = capacityOf(child);
  if (width >= capacity >>> 2) return;
  const j = i > 0 ? i - 1 : i + 1;
  if (j >= node.children.length) return;
  const [left, right] = j < i ? [j, i] : [i, j];
  if (widthOf(node.children[left]!) + widthOf(node.children[right]!) > capacity) return;
  mergeInto(node.children[left]!, node.children[right]!);
  removeChild(node, right);
  refreshChild(node, left);
}

/** Deletes (score, member) below `node`; false if it is not there. */
function deleteBelow(node: Node, score: number, member: string): boolean {
  if (node instanceof Leaf) {
    const at = leafLowerBound(node, score, member);
    if (at >= node.members.length || node.members[at] !== member) return false;
    node.members.splice(at, 1);
    node.scores.splice(at, 1);
    return true;
  }
  const i = childFor(node, score, member);
  if (!deleteBelow(node.children[i]!, score, member)) return false;
  node.size--;
  rebalance(node, i);
  return true;
}

/** Visits members and scores; returning false stops the walk. */
export type ZSetVisitor = (member: string, score: number) => boolean | void;

/**
 * Calls `visit` for ranks lo..hi (inclusive, relative to `node`), ascending or descending; false if `visit`
 * stopped it.
 */
function walk(node: Node, lo: number, hi: number, reverse: boolean, visit: ZSetVisitor): boolean {
  if (node instanceof Leaf) {
    if (reverse) {
      for (let i = hi; i >= lo; i--) if (visit(node.members[i]!, node.scores[i]!) === false) return false;
    } else {
      for (let i = lo; i <= hi; i++) if (visit(node.members[i]!, node.scores[i]!) === false) return false;
    }
    return true;
  }
  const n = node.children.length;
  if (!reverse) {
    let start = 0;
    for (let c = 0; c < n && start <= hi; c++) {
      const end = start + node.counts[c]! - 1;
      if (end >= lo && !walk(node.children[c]!, Math.max(lo, start) - start, Math.min(hi, end) - start, false, visit)) return false;
      start = end + 1;
    }
    return true;
  }
  let end = node.size - 1;
  for (let c = n - 1; c >= 0 && end >= lo; c--) {
    const start = end - node.counts[c]! + 1;
    if (start <= hi && !walk(node.children[c]!, Math.max(lo, start) - start, Math.min(hi, end) - start, true, visit)) return false;
    end = start - 1;
  }
  return true;
}

/** Builds a tree from members already in order. */
function buildTree(members: string[], scores: number[]): Node {
  if (members.length <= LEAF_MAX) return new Leaf(members, scores);
  let level: Node[] = [];
  for (let i = 0; i < members.length; i += LEAF_FILL) {
    level.push(new Leaf(members.slice(i, i + LEAF_FILL), scores.slice(i, i + LEAF_FILL)));
  }
  const fanout = INNER_MAX >>> 1;
  while (level.length > 1) {
    const next: Node[] = [];
    for (let i = 0; i < level.length; i += fanout) next.push(new Inner(level.slice(i, i + fanout)));
    level = next;
  }
  return level[0]!;
}

/** Where OBJECT ENCODING's thresholds put a sorted set (zset-max-listpack-entries / -value). */
export interface ZSetLimits {
  maxEntries: number;
  maxValue: number;
}

export class ZSetValue implements TypedValue, Digestible {
  readonly type = 'zset' as const;
  /** The key's access stamp, kept by the database (TypedValue.stamp). */
  stamp = 0;
  /** listpack while small (Redis's compact form), skiplist once past a threshold: never back. */
  encoding: 'listpack' | 'skiplist';
  private dict = new Map<string, number>();
  private root: Node = new Leaf([], []);

  constructor(encoding: 'listpack' | 'skiplist' = 'listpack') {
    this.encoding = encoding;
  }

  get size(): number {
    return this.dict.size;
  }

  score(member: string): number | undefined {
    return this.dict.get(member);
  }

  has(member: string): boolean {
    return this.dict.has(member);
  }

  /**
   * Sets a member's score (adding it if new): true if it was added. A listpack stores a -0 score as the
   * integer 0 (lpAppend reads "-0" as an integer), so a listpack-encoded set keeps -0 as 0 and a skiplist
   * keeps it as given.
   */
  set(member: string, score: number): boolean {
    if (score === 0 && this.encoding === 'listpack') score = 0;
    const old = this.dict.get(member);
    if (old !== undefined) {
      if (old === score) return false; // -0 and 0 too: Redis updates only when the score differs
      this.deleteKey(old, member);
    }
    this.dict.set(member, score);
    this.insertKey(score, member);
    return old === undefined;
  }

  remove(member: string): boolean {
    const score = this.dict.get(member);
    if (score === undefined) return false;
    this.dict.delete(member);
    this.deleteKey(score, member);
    return true;
  }

  /** 0-based rank in ascending order, or -1 if absent. */
  rank(member: string): number {
    const score = this.dict.get(member);
    if (score === undefined) return -1;
    let node = this.root;
    let rank = 0;
    while (node instanceof Inner) {
      const i = childFor(node, score, member);
      for (let c = 0; c < i; c++) rank += node.counts[c]!;
      node = node.children[i]!;
    }
    return rank + leafLowerBound(node, score, member);
  }

  /** How many members have a score below `score` (or at most `score` when `inclusive`). */
  countScoresBelow(score: number, inclusive: boolean): number {
    let node = this.root;
    let count = 0;
    while (node instanceof Inner) {
      const last = node.children.length - 1;
      let i = 0;
      while (i < last && (inclusive ? node.maxScores[i]! <= score : node.maxScores[i]! < score)) count += node.counts[i++]!;
      node = node.children[i]!;
    }
    const scores = node.scores;
    let lo = 0;
    let hi = scores.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (inclusive ? scores[mid]! <= score : scores[mid]! < score) lo = mid + 1;
      else hi = mid;
    }
    return count + lo;
  }

  /**
   * How many members sort below `member` (or at most `member` when `inclusive`), comparing members only:
   * meaningful when all scores are equal, which is what the lex commands require (as in Redis).
   */
  countMembersBelow(member: string, inclusive: boolean): number {
    let node = this.root;
    let count = 0;
    while (node instanceof Inner) {
      const last = node.children.length - 1;
      let i = 0;
      while (i < last && (inclusive ? node.maxMembers[i]! <= member : node.maxMembers[i]! < member)) count += node.counts[i++]!;
      node = node.children[i]!;
    }
    const members = node.members;
    let lo = 0;
    let hi = members.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (inclusive ? members[mid]! <= member : members[mid]! < member) lo = mid + 1;
      else hi = mid;
    }
    return count + lo;
  }

  /** The member at ascending rank `rank` (0 <= rank < size). */
  memberAt(rank: number): string {
    let node = this.root;
    while (node instanceof Inner) {
      let i = 0;
      while (rank >= node.counts[i]!) rank -= node.counts[i++]!;
      node = node.children[i]!;
    }
    return node.members[rank]!;
  }

  /**
   * Visits ascending ranks from..to (inclusive, clamped by the caller), in descending order when `reverse`,
   * until `visit` returns false.
   */
  range(from: number, to: number, reverse: boolean, visit: ZSetVisitor): void {
    if (from > to) return;
    walk(this.root, from, to, reverse, visit);
  }

  /** Every [member, score] pair in ascending order. */
  *entries(): IterableIterator<[string, number]> {
    const out: [string, number][] = [];
    // Leaf by leaf, so a caller may stop early without the whole set being copied.
    for (let from = 0; from < this.size; from += LEAF_MAX) {
      out.length = 0;
      walk(this.root, from, Math.min(from + LEAF_MAX, this.size) - 1, false, (m, s) => void out.push([m, s]));
      yield* out;
    }
  }

  /** The member -> score Map, for ZSCAN's cursor over a big set (read only). */
  get scanSource(): ReadonlyMap<string, number> {
    return this.dict;
  }

  /**
   * Moves to the skiplist encoding when the set holds more than the listpack thresholds allow, counting
   * `adding` members about to be added (zsetAdd converts before it inserts a member that would not fit).
   */
  convertIfNeeded(limits: ZSetLimits, longestMember: number, adding = 0): void {
    if (this.encoding === 'listpack' && (this.size + adding > limits.maxEntries || longestMember > limits.maxValue)) {
      this.encoding = 'skiplist';
    }
  }

  clone(): ZSetValue {
    const copy = new ZSetValue(this.encoding);
    const members: string[] = [];
    const scores: number[] = [];
    walk(this.root, 0, this.size - 1, false, (m, s) => {
      members.push(m);
      scores.push(s);
      copy.dict.set(m, s);
    });
    copy.root = buildTree(members, scores);
    return copy;
  }

  /** SHA-1 over the members and scores in order: equal contents digest equal whatever their history. */
  digest(): Buffer {
    const hash = createHash('sha1');
    const score = Buffer.alloc(8);
    walk(this.root, 0, this.size - 1, false, (m, s) => {
      hash.update(`${m.length}:`);
      hash.update(m, 'latin1');
      score.writeDoubleBE(s);
      hash.update(score);
    });
    return hash.digest();
  }

  /**
   * A sorted set owning `scores` (member -> score) as its Map, built in O(n log n) by one sort (store commands,
   * RDB loading), encoded as Redis would encode a set with these contents: listpack if it fits both
   * thresholds, else skiplist. Without limits it is a skiplist, as the temporary result sets of ZUNION and
   * friends are in Redis (their -0 scores stay -0).
   */
  static fromMap(scores: Map<string, number>, limits: ZSetLimits | null): ZSetValue {
    const zset = new ZSetValue(limits === null ? 'skiplist' : 'listpack');
    const members = [...scores.keys()];
    let longest = 0;
    for (const member of members) if (member.length > longest) longest = member.length;
    members.sort((a, b) => compareKeys(scores.get(a)!, a, scores.get(b)!, b));
    zset.dict = scores;
    if (limits !== null) zset.convertIfNeeded(limits, longest);
    if (zset.encoding === 'listpack') for (const [member, score] of scores) if (score === 0) scores.set(member, 0);
    zset.root = buildTree(members, members.map((m) => scores.get(m)!));
    return zset;
  }

  private insertKey(score: number, member: string): void {
    const root = this.root;
    const at = insertBelow(root, score, member);
    if (widthOf(root) > capacityOf(root)) this.root = new Inner([root, splitNode(root, at)]);
  }

  private deleteKey(score: number, member: string): void {
    deleteBelow(this.root, score, member);
    const root = this.root;
    if (root instanceof Inner && root.children.length === 1) this.root = root.children[0]!;
    else if (root instanceof Inner && root.children.length === 0) this.root = new Leaf([], []);
  }
}

/**
 * A sorted set from [member, score] pairs in any order (RDB loading); a repeated member keeps its last score,
 * as repeated ZADDs would leave it.
 */
export function buildZSet(pairs: Iterable<readonly [string, number]>, limits: ZSetLimits): ZSetValue {
  const scores = new Map<string, number>();
  for (const [member, score] of pairs) scores.set(member, score);
  return ZSetValue.fromMap(scores, limits);
}

/** The pairs of a sorted set in ascending order, for RDB_TYPE_ZSET_2 encoding. */
export function zsetPairs(zset: ZSetValue): IterableIterator<[string, number]> {
  return zset.entries();
}
