/**
 * A persistent (copy-on-write) ordered map from byte keys to values: a B+tree with path copying.
 * `fork()` is O(1): both maps share every node, and whichever writes next copies the nodes on its path.
 * Nodes carry an owner token so a map mutates its own, unshared nodes in place (no copy per write
 * during a bulk insert); `fork()` gives both sides fresh tokens, which makes every existing node shared.
 *
 * Used for a transaction's pending writes (a savepoint is a fork) and as the memory backend's store.
 */
const MAX_ENTRIES = 64;

/*
 * Packed keys: a node's keys copied back to back into one buffer, for lookups: a binary search over separately allocated
 * key buffers touches a different object (and its bytes elsewhere) at every step, and on a busy machine those
 * cache misses, not the comparisons, are most of a lookup's time. Built at a node's PACK_AFTER-th lookup and
 * dropped when its keys change; writes search the keys themselves, so a bulk insert never builds one.
 */
const PACK_AFTER = 4;

interface Leaf<V> {
  leaf: true;
  keys: Buffer[];
  vals: V[];
  owner: object;
  /** The packed keys (see above): key i is packed[packedAt[i], packedAt[i + 1]); packedAt views packed's first bytes. */
  packed: Buffer | undefined;
  packedAt: Uint32Array | undefined;
  /** Lookups since the keys last changed, until `packed` is built. */
  reads: number;
}
interface Branch<V> {
  leaf: false;
  /** keys[i] is the smallest key under kids[i + 1]. */
  keys: Buffer[];
  kids: Node<V>[];
  owner: object;
  packed: Buffer | undefined;
  packedAt: Uint32Array | undefined;
  reads: number;
}
type Node<V> = Leaf<V> | Branch<V>;

/** Packs the node's keys once it has been searched PACK_AFTER times with the same keys; false until then. */
function packKeys<V>(node: Node<V>): boolean {
  if (node.packed !== undefined) return true;
  if (++node.reads < PACK_AFTER) return false;
  const keys = node.keys;
  const n = keys.length;
  // One allocation: the n + 1 offsets, then the key bytes, so a search reads neighbouring memory.
  const head = 4 * (n + 1);
  let total = head;
  for (let i = 0; i < n; i++) total += keys[i]!.length;
  let bytes = Buffer.allocUnsafe(total);
  if (bytes.byteOffset % 4 !== 0) bytes = Buffer.allocUnsafeSlow(total);
  const offs = new Uint32Array(bytes.buffer, bytes.byteOffset, n + 1);
  let at = head;
  for (let i = 0; i < n; i++) {
    offs[i] = at;
    bytes.set(keys[i]!, at);
    at += keys[i]!.length;
  }
  offs[n] = at;
  node.packed = bytes;
  node.packedAt = offs;
  return true;
}

/** The node's keys are about to change (an owned node, written in place). */
function unpack<V>(node: Node<V>): void {
  node.packed = undefined;
  node.packedAt = undefined;
  node.reads = 0;
}

/** compareBytes(packed key i, key). */
function comparePacked(bytes: Buffer, offs: Uint32Array, i: number, key: Buffer): number {
  const from = offs[i]!;
  const len = offs[i + 1]! - from;
  const n = len < key.length ? len : key.length;
  for (let j = 0; j < n; j++) {
    const d = bytes[from + j]! - key[j]!;
    if (d !== 0) return d;
  }
  return len - key.length;
}

/** Index of the first key >= `key` (`strict`: > `key`), searching the packed keys when the node has them. */
function searchNode<V>(node: Node<V>, key: Buffer, strict: boolean): number {
  if (!packKeys(node)) return strict ? upperBound(node.keys, key) : lowerBound(node.keys, key);
  const bytes = node.packed!;
  const offs = node.packedAt!;
  let lo = 0;
  let hi = offs.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const c = comparePacked(bytes, offs, mid, key);
    if (c < 0 || (strict && c === 0)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export interface Entry<V> {
  key: Buffer;
  value: V;
}

/** memcmp order. In JS: keys are short, and a loop beats the native call's fixed cost. */
export function compareBytes(a: Buffer, b: Buffer): number {
  const n = a.length < b.length ? a.length : b.length;
  for (let i = 0; i < n; i++) {
    const d = a[i]! - b[i]!;
    if (d !== 0) return d;
  }
  return a.length - b.length;
}

/** Index of the first key >= `key`. */
function lowerBound(keys: Buffer[], key: Buffer): number {
  let lo = 0;
  let hi = keys.length;
  // Appends (ascending keys, the common bulk case) are answered by one comparison.
  if (hi > 0 && compareBytes(keys[hi - 1]!, key) < 0) return hi;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareBytes(keys[mid]!, key) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the first key > `key`: the child of a branch that holds `key`. */
function upperBound(keys: Buffer[], key: Buffer): number {
  let lo = 0;
  let hi = keys.length;
  if (hi > 0 && compareBytes(keys[hi - 1]!, key) <= 0) return hi;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareBytes(keys[mid]!, key) <= 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function lastBefore<V>(node: Node<V>, end: Buffer): Buffer | undefined {
  if (node.leaf) {
    const i = lowerBound(node.keys, end) - 1;
    return i >= 0 ? node.keys[i] : undefined;
  }
  for (let c = upperBound(node.keys, end); c >= 0; c--) {
    const found = lastBefore(node.kids[c]!, end);
    if (found) return found;
  }
  return undefined;
}

export class OrderedMap<V> {
  private owner: object = {};
  private constructor(
    private root: Node<V>,
    private count: number,
  ) {}

  static empty<V>(): OrderedMap<V> {
    const m = new OrderedMap<V>({ leaf: true, keys: [], vals: [], owner: {}, packed: undefined, packedAt: undefined, reads: 0 }, 0);
    m.root.owner = m.owner;
    return m;
  }

  get size(): number {
    return this.count;
  }

  /** An independent copy sharing all nodes; O(1). */
  fork(): OrderedMap<V> {
    this.owner = {};
    return new OrderedMap(this.root, this.count);
  }

  get(key: Buffer): V | undefined {
    let node = this.root;
    while (!node.leaf) node = node.kids[searchNode(node, key, true)]!;
    const i = searchNode(node, key, false);
    if (i >= node.keys.length) return undefined;
    const p = node.packed;
    return (p !== undefined ? comparePacked(p, node.packedAt!, i, key) : compareBytes(node.keys[i]!, key)) === 0 ? node.vals[i] : undefined;
  }

  has(key: Buffer): boolean {
    return this.get(key) !== undefined;
  }

  set(key: Buffer, value: V): void {
    const split = this.insert(this.own('root', this.root), key, value);
    if (split) {
      this.root = { leaf: false, keys: [split.key], kids: [this.root, split.right], owner: this.owner, packed: undefined, packedAt: undefined, reads: 0 };
    }
  }

  /** Removes `key`. Leaves may become empty; lookups and iteration skip them. */
  delete(key: Buffer): boolean {
    const path: Node<V>[] = [];
    let node = this.root;
    while (!node.leaf) {
      path.push(node);
      node = node.kids[upperBound(node.keys, key)]!;
    }
    const i = lowerBound(node.keys, key);
    if (i >= node.keys.length || compareBytes(node.keys[i]!, key) !== 0) return false;
    // Copy the path top-down so shared nodes stay untouched.
    let parent: Branch<V> | null = null;
    let cur: Node<V> = this.root;
    for (;;) {
      const mine = this.ownNode(cur);
      if (parent === null) this.root = mine;
      else parent.kids[upperBound(parent.keys, key)] = mine;
      if (mine.leaf) {
        unpack(mine);
        mine.keys.splice(i, 1);
        mine.vals.splice(i, 1);
        break;
      }
      parent = mine;
      cur = mine.kids[upperBound(mine.keys, key)]!;
    }
    this.count--;
    return true;
  }

  /** Entries with start <= key < end, ascending; either bound may be omitted. */
  *range(start?: Buffer, end?: Buffer): Generator<Entry<V>> {
    const stack: { node: Branch<V>; i: number }[] = [];
    let node = this.root;
    while (!node.leaf) {
      const i = start ? searchNode(node, start, true) : 0;
      stack.push({ node, i });
      node = node.kids[i]!;
    }
    let i = start ? searchNode(node, start, false) : 0;
    for (;;) {
      const leaf = node as Leaf<V>;
      const packed = leaf.packed;
      for (; i < leaf.keys.length; i++) {
        const key = leaf.keys[i]!;
        if (end && (packed !== undefined ? comparePacked(packed, leaf.packedAt!, i, end) : compareBytes(key, end)) >= 0) return;
        yield { key, value: leaf.vals[i]! };
      }
      // Climb to the next unvisited child, then descend to its leftmost leaf.
      let top = stack[stack.length - 1];
      while (top && top.i + 1 >= top.node.kids.length) {
        stack.pop();
        top = stack[stack.length - 1];
      }
      if (!top) return;
      top.i++;
      node = top.node.kids[top.i]!;
      while (!node.leaf) {
        stack.push({ node, i: 0 });
        node = node.kids[0]!;
      }
      i = 0;
    }
  }

  /** The largest key with start <= key < end, or undefined. */
  lastKeyIn(start: Buffer, end: Buffer): Buffer | undefined {
    const last = lastBefore(this.root, end);
    return last && compareBytes(last, start) >= 0 ? last : undefined;
  }

  private own(_where: 'root', node: Node<V>): Node<V> {
    const mine = this.ownNode(node);
    this.root = mine;
    return mine;
  }

  private ownNode<N extends Node<V>>(node: N): N {
    if (node.owner === this.owner) return node;
    return (
      node.leaf
        ? { leaf: true, keys: node.keys.slice(), vals: node.vals.slice(), owner: this.owner, packed: node.packed, packedAt: node.packedAt, reads: node.reads }
        : { leaf: false, keys: node.keys.slice(), kids: (node as Branch<V>).kids.slice(), owner: this.owner, packed: node.packed, packedAt: node.packedAt, reads: node.reads }
    ) as N;
  }

  /** Inserts into an owned node; returns the new right sibling when the node split. */
  private insert(node: Node<V>, key: Buffer, value: V): { key: Buffer; right: Node<V> } | null {
    if (node.leaf) {
      const i = lowerBound(node.keys, key);
      if (i < node.keys.length && compareBytes(node.keys[i]!, key) === 0) {
        node.vals[i] = value;
        return null;
      }
      unpack(node);
      node.keys.splice(i, 0, key);
      node.vals.splice(i, 0, value);
      this.count++;
      if (node.keys.length <= MAX_ENTRIES) return null;
      const half = node.keys.length >>> 1;
      const right: Leaf<V> = { leaf: true, keys: node.keys.splice(half), vals: node.vals.splice(half), owner: this.owner, packed: undefined, packedAt: undefined, reads: 0 };
      return { key: right.keys[0]!, right };
    }
    const i = upperBound(node.keys, key);
    const kid = this.ownNode(node.kids[i]!);
    node.kids[i] = kid;
    const split = this.insert(kid, key, value);
    if (!split) return null;
    unpack(node);
    node.keys.splice(i, 0, split.key);
    node.kids.splice(i + 1, 0, split.right);
    if (node.kids.length <= MAX_ENTRIES) return null;
    const half = node.kids.length >>> 1;
    const rightKeys = node.keys.splice(half - 1);
    // The key between the halves moves up to the parent: it separates them.
    const up = rightKeys.shift()!;
    const right: Branch<V> = { leaf: false, keys: rightKeys, kids: node.kids.splice(half), owner: this.owner, packed: undefined, packedAt: undefined, reads: 0 };
    return { key: up, right };
  }
}
