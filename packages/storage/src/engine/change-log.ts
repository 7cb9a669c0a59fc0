import type { CatalogChange } from '../catalog/catalog-types.js';
import { ByteReader, ByteWriter } from '../encoding/byte-writer.js';
import { ChangesPrunedError, StorageError } from '../errors.js';
import type { KvWriter } from '../kv/kv.js';
import { changeKey, META_PRUNED, readU64, Space, u64 } from '../keyspace.js';
import type { ReadView } from './read-view.js';

/**
 * The change log: one entry per commit under 0x40 + LSN, listing the catalog changes and the row keys
 * the commit touched (not the rows: the current row is read at the reader's snapshot, so a key whose
 * row is gone is a tombstone). Entry bytes:
 *   u64 BE commit time (ms since 1970) | varint n + n bytes of JSON CatalogChange[] |
 *   varint k | k records
 * A record is one row key (varint length L > 0 + L key bytes), or a run of keys (varint 0 | varint L |
 * L bytes of the first key | varint count): `count` keys of length L that share the first L - 8 bytes
 * and whose last 8 bytes, read as an unsigned big-endian integer, go up by one from key to key (a
 * serial int8 primary key or hidden row id, as bulk inserts write them). Entries written before runs
 * existed hold single keys only and read the same.
 */
export interface RetentionPolicy {
  /** Entries younger than this are kept. Default 7 days. */
  maxAgeMs: number;
  /** The last this-many entries are kept whatever their age. Default 10,000. */
  minCommits: number;
}

export const DEFAULT_RETENTION: RetentionPolicy = { maxAgeMs: 7 * 24 * 3600 * 1000, minCommits: 10_000 };

export function encodeChangeEntry(timeMs: number, catalog: readonly CatalogChange[], rowKeys: readonly Buffer[]): Buffer {
  const b = new ChangeEntryBuilder();
  for (const k of rowKeys) b.addKey(k, 0, k.length);
  return b.finish(timeMs, catalog);
}

/** Builds a change entry key by key (in commit order), folding consecutive serial keys into runs. */
export class ChangeEntryBuilder {
  private readonly out = new ByteWriter();
  private records = 0;
  /** The pending run: its first key's bytes (in `first`), length, count, and the last key's low 8 bytes as two u32. */
  private first = Buffer.alloc(64);
  private len = 0;
  private count = 0;
  private hi = 0;
  private lo = 0;

  /** Adds the row key bytes[start, end). */
  addKey(bytes: Uint8Array, start: number, end: number): void {
    const len = end - start;
    if (len >= 9 && len <= 64) {
      const t = end - 8;
      const hi = ((bytes[t]! << 24) | (bytes[t + 1]! << 16) | (bytes[t + 2]! << 8) | bytes[t + 3]!) >>> 0;
      const lo = ((bytes[t + 4]! << 24) | (bytes[t + 5]! << 16) | (bytes[t + 6]! << 8) | bytes[t + 7]!) >>> 0;
      if (this.count > 0 && len === this.len && this.follows(hi, lo) && this.samePrefix(bytes, start, len - 8)) {
        this.count++;
        this.hi = hi;
        this.lo = lo;
        return;
      }
      this.flush();
      const f = this.first;
      for (let i = 0; i < len; i++) f[i] = bytes[start + i]!;
      this.len = len;
      this.count = 1;
      this.hi = hi;
      this.lo = lo;
      return;
    }
    this.flush();
    this.single(bytes, start, end);
  }

  /** The entry's bytes. */
  finish(timeMs: number, catalog: readonly CatalogChange[]): Buffer {
    this.flush();
    const w = new ByteWriter();
    w.ensure(8);
    w.pos = w.buf.writeBigUInt64BE(BigInt(timeMs), 0);
    w.lengthPrefixedUtf8(catalog.length ? JSON.stringify(catalog) : '');
    w.varint(this.records);
    w.ensure(this.out.pos);
    this.out.buf.copy(w.buf, w.pos, 0, this.out.pos);
    w.pos += this.out.pos;
    return w.take();
  }

  /** (hi, lo) is the pending run's last key plus one. */
  private follows(hi: number, lo: number): boolean {
    if (this.lo === 0xffffffff) return lo === 0 && hi === this.hi + 1 && this.hi !== 0xffffffff;
    return lo === this.lo + 1 && hi === this.hi;
  }

  private samePrefix(bytes: Uint8Array, start: number, n: number): boolean {
    const f = this.first;
    for (let i = 0; i < n; i++) if (f[i] !== bytes[start + i]) return false;
    return true;
  }

  private flush(): void {
    if (this.count === 0) return;
    if (this.count === 1) this.single(this.first, 0, this.len);
    else {
      const w = this.out;
      w.varint(0);
      w.varint(this.len);
      w.bytes(this.first.subarray(0, this.len));
      w.varint(this.count);
      this.records++;
    }
    this.count = 0;
  }

  private single(bytes: Uint8Array, start: number, end: number): void {
    const w = this.out;
    w.varint(end - start);
    w.ensure(end - start);
    const out = w.buf;
    let p = w.pos;
    for (let i = start; i < end; i++) out[p++] = bytes[i]!;
    w.pos = p;
    this.records++;
  }
}

export interface DecodedChangeEntry {
  timeMs: number;
  catalog: CatalogChange[];
  rowKeys: Buffer[];
}

export function decodeChangeEntry(buf: Buffer): DecodedChangeEntry {
  const r = new ByteReader(buf);
  const timeMs = Number(buf.readBigUInt64BE(0));
  r.pos = 8;
  const jsonLen = r.varint();
  const json = buf.toString('utf8', r.pos, r.pos + jsonLen);
  r.pos += jsonLen;
  const n = r.varint();
  const rowKeys: Buffer[] = [];
  for (let i = 0; i < n; i++) {
    const len = r.varint();
    if (len > 0) {
      rowKeys.push(buf.subarray(r.pos, r.pos + len));
      r.pos += len;
      continue;
    }
    // A run of serial keys: the first key, then each next one with its last 8 bytes plus one.
    const keyLen = r.varint();
    const first = buf.subarray(r.pos, r.pos + keyLen);
    r.pos += keyLen;
    const count = r.varint();
    const last = keyLen - 8;
    let v = first.readBigUInt64BE(last);
    for (let j = 0; j < count; j++, v++) {
      const k = Buffer.allocUnsafe(keyLen);
      first.copy(k, 0, 0, last);
      k.writeBigUInt64BE(v, last);
      rowKeys.push(k);
    }
  }
  return { timeMs, catalog: json ? (JSON.parse(json) as CatalogChange[]) : [], rowKeys };
}

/** A row changed since the requested LSN: its current bytes, or null when it was deleted (a tombstone). */
export interface RowChange {
  readonly tableId: number;
  /** The primary-key bytes (the row key without its 5-byte table prefix). */
  readonly key: Buffer;
  readonly row: Buffer | null;
}

export interface ChangeSet {
  readonly fromLsn: bigint;
  readonly toLsn: bigint;
  /** Catalog changes in commit order, each with the LSN that made it. */
  readonly catalog: readonly (CatalogChange & { lsn: string })[];
  /** Every row key touched in (fromLsn, toLsn], once, in key order (by table id, then key). */
  readonly rows: readonly RowChange[];
}

/** The row keys a span of the change log touched: what an incremental dump reads its rows by. */
export interface ChangedKeys {
  readonly fromLsn: bigint;
  readonly toLsn: bigint;
  /** Catalog changes in commit order, each with the LSN that made it. */
  readonly catalog: readonly (CatalogChange & { lsn: string })[];
  /** Every full row key (table prefix included) of a live table touched in (fromLsn, toLsn], once, in key order. */
  readonly keys: readonly Buffer[];
}

/** The keys touched after `fromLsn` up to `toLsn`; cost is proportional to the change, not to the tables. */
export function readChangedKeys(view: ReadView, fromLsn: bigint, toLsn: bigint, liveTables: ReadonlySet<number>): ChangedKeys {
  const pruned = readU64(view.get(META_PRUNED));
  if (fromLsn < pruned) throw new ChangesPrunedError(fromLsn, pruned);
  if (fromLsn > toLsn) throw new StorageError('22023', `changes since LSN ${fromLsn} requested, but the database is at LSN ${toLsn}`);
  const catalog: (CatalogChange & { lsn: string })[] = [];
  const all: Buffer[] = [];
  // Commits usually touch keys in ascending order (bulk loads, scans that update), and their entries
  // follow one another: then the keys come out strictly ascending, with nothing to sort or dedupe.
  let ascending = true;
  for (const { key, value } of view.range(changeKey(fromLsn + 1n), changeKey(toLsn + 1n))) {
    const entry = decodeChangeEntry(value);
    const lsn = key.readBigUInt64BE(1).toString();
    for (const c of entry.catalog) catalog.push({ ...c, lsn });
    for (const k of entry.rowKeys) {
      if (ascending && all.length > 0 && Buffer.compare(all[all.length - 1]!, k) >= 0) ascending = false;
      all.push(k);
    }
  }
  let sorted: Buffer[] = all;
  if (!ascending) {
    // Keys as latin1 strings (one char per byte): a Set dedupes them, and the default sort, by UTF-16
    // code units, is then byte order, several times faster than sorting Buffers with Buffer.compare.
    const touched = new Set<string>();
    for (const k of all) touched.add(k.toString('latin1'));
    sorted = [...touched].sort().map((s) => Buffer.from(s, 'latin1'));
  }
  // Rows of tables dropped since are covered by the catalog change.
  const keys = sorted.filter((k) => liveTables.has(k.readUInt32BE(1)));
  return { fromLsn, toLsn, catalog, keys };
}

/** Reads the changes after `fromLsn` up to the view's LSN, with each touched row's current bytes. */
export function readChanges(view: ReadView, fromLsn: bigint, toLsn: bigint, liveTables: ReadonlySet<number>): ChangeSet {
  const { catalog, keys } = readChangedKeys(view, fromLsn, toLsn, liveTables);
  const rows: RowChange[] = keys.map((k) => ({ tableId: k.readUInt32BE(1), key: k.subarray(5), row: view.get(k) ?? null }));
  return { fromLsn, toLsn, catalog, rows };
}

/** Deletes entries that are both older than maxAgeMs and not among the last minCommits; at most `budget` per call. */
export function pruneChanges(w: KvWriter, currentLsn: bigint, policy: RetentionPolicy, nowMs: number, budget = 10_000): void {
  const keepFrom = currentLsn - BigInt(policy.minCommits);
  if (keepFrom <= 0n) return;
  let prunedThrough = -1n;
  const doomed: Buffer[] = [];
  for (const { key, value } of w.range(changeKey(0n), changeKey(keepFrom + 1n))) {
    if (doomed.length >= budget) break;
    if (Number(value.readBigUInt64BE(0)) > nowMs - policy.maxAgeMs) break;
    doomed.push(Buffer.from(key));
    prunedThrough = key.readBigUInt64BE(1);
  }
  for (const k of doomed) w.remove(k);
  if (prunedThrough >= 0n) w.put(META_PRUNED, u64(prunedThrough));
}

export function isRowKey(key: Buffer): boolean {
  return key[0] === Space.Row;
}
