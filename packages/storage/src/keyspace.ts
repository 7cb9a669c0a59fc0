/**
 * The layout of the one ordered keyspace (README.md, "On-disk layout"). The first byte says what a key is.
 */
export const enum Space {
  /** 0x01 + ASCII name: engine metadata (lsn, catalog, pruned). */
  Meta = 0x01,
  /** 0x10 + table id u32 BE + primary-key bytes -> row bytes. */
  Row = 0x10,
  /** 0x20 + index id u32 BE + index-key bytes + primary-key bytes -> primary-key bytes. */
  Index = 0x20,
  /** 0x30 + sequence id u32 BE -> i64 LE, the highest value handed out or reserved. */
  Sequence = 0x30,
  /** 0x40 + LSN u64 BE -> change-log entry (change-log.ts). */
  Change = 0x40,
}

/** Every first byte in use (the LMDB backend keeps one named database per space). */
export const KEY_SPACES: readonly number[] = [Space.Meta, Space.Row, Space.Index, Space.Sequence, Space.Change];

export function metaKey(name: string): Buffer {
  return Buffer.concat([Buffer.of(Space.Meta), Buffer.from(name, 'ascii')]);
}

export const META_LSN = metaKey('lsn');
export const META_CATALOG = metaKey('catalog');
/** The highest LSN whose change-log entry was pruned (0 when none was). */
export const META_PRUNED = metaKey('pruned');

/** Space byte + u32 BE id: the prefix of a table's rows, an index's entries, or a sequence's key. */
export function idPrefix(space: Space, id: number): Buffer {
  const b = Buffer.allocUnsafe(5);
  b[0] = space;
  b.writeUInt32BE(id, 1);
  return b;
}

export function changeKey(lsn: bigint): Buffer {
  const b = Buffer.allocUnsafe(9);
  b[0] = Space.Change;
  b.writeBigUInt64BE(lsn, 1);
  return b;
}

export function u64(v: bigint): Buffer {
  const b = Buffer.allocUnsafe(8);
  b.writeBigUInt64BE(v);
  return b;
}

export function readU64(b: Buffer | undefined): bigint {
  return b ? b.readBigUInt64BE(0) : 0n;
}
