// An independent little builder for expected bytes, written from FORMAT.md, never from the
// production encoders. CRC32 comes from node:zlib, not from @heliosdb/codecs.
import { crc32 } from 'node:zlib';

export const ascii = (s: string): number[] => Array.from(Buffer.from(s, 'utf8'));
export const u16 = (n: number): number[] => [n & 0xff, (n >>> 8) & 0xff];
export const u32 = (n: number): number[] => [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff];
export const u64 = (n: number | bigint): number[] => {
  const v = BigInt(n);
  return [...u32(Number(v & 0xffffffffn)), ...u32(Number(v >> 32n))];
};
export const crc = (bytes: number[] | Uint8Array): number => crc32(Uint8Array.from(bytes));

/** tag, body length, CRC32(tag+length), body, CRC32(body) */
export function frame(tag: string, body: number[]): number[] {
  const prefix = [...ascii(tag), ...u32(body.length)];
  return [...prefix, ...u32(crc(prefix)), ...body, ...u32(crc(body))];
}

export function fileHeader(version = 1): number[] {
  return [0x89, 0x48, 0x44, 0x42, ...u32(version)];
}

export interface MetaFields {
  index: number;
  dumpType: 0 | 1;
  codecId: number;
  level: number;
  blockSize: number;
  rowFormat: number;
  createdMs: number;
  uuid: string;
  baseLsn: bigint;
  endLsn: bigint;
  tool: string;
  totals?: { segmentLength: number; rows: number; tombstones: number; uncompressed: number; compressed: number; blocks: number; tables: number; payloadCrc: number };
}

export function metadataFrame(m: MetaFields): number[] {
  const t = m.totals;
  const tool = ascii(m.tool);
  const body = [
    ...u32(m.index),
    ...u32(t ? 1 : 0), // flags: FINALIZED
    m.dumpType,
    m.codecId,
    0, 0, // reserved
    ...u32(m.level >>> 0),
    ...u32(m.blockSize),
    ...u32(m.rowFormat),
    ...u64(m.createdMs),
    ...Array.from(Buffer.from(m.uuid.replace(/-/g, ''), 'hex')),
    ...u64(m.baseLsn),
    ...u64(m.endLsn),
    ...u64(t?.segmentLength ?? 0),
    ...u64(t?.rows ?? 0),
    ...u64(t?.tombstones ?? 0),
    ...u64(t?.uncompressed ?? 0),
    ...u64(t?.compressed ?? 0),
    ...u32(t?.blocks ?? 0),
    ...u32(t?.tables ?? 0),
    ...u32(t?.payloadCrc ?? 0),
    ...u16(tool.length),
    ...tool,
  ];
  return frame('SEGM', body);
}

/** A block stored with codec none: compressed bytes are the uncompressed bytes. */
export function blockFrame(uncompressed: number[], compressed: number[] = uncompressed): number[] {
  const head = [...ascii('BLCK'), ...u32(uncompressed.length), ...u32(compressed.length), ...u32(crc(uncompressed)), ...u32(crc(compressed))];
  return [...head, ...u32(crc(head)), ...compressed];
}

export interface TableEntry {
  id: number;
  mode: 0 | 1 | 2;
  schema: string;
  name: string;
  rows: number;
  tombstones: number;
}

export function trailerAndFooter(f: {
  index: number;
  segmentOffset: number;
  rows: number;
  tombstones: number;
  uncompressed: number;
  compressed: number;
  blocks: number;
  payloadCrc: number;
  tables: TableEntry[];
}): number[] {
  const body = [
    ...u32(f.index),
    ...u32(0),
    ...u64(f.segmentOffset),
    ...u64(f.rows),
    ...u64(f.tombstones),
    ...u64(f.uncompressed),
    ...u64(f.compressed),
    ...u32(f.blocks),
    ...u32(f.tables.length),
    ...u32(f.payloadCrc),
  ];
  for (const t of f.tables) {
    const s = ascii(t.schema);
    const n = ascii(t.name);
    body.push(...u32(t.id), t.mode, 0, ...u16(s.length), ...u16(n.length), ...u64(t.rows), ...u64(t.tombstones), ...s, ...n);
  }
  const footerHead = [...u32(body.length), ...ascii('SEND')];
  return [...frame('TRLR', body), ...footerHead, ...u32(crc(footerHead))];
}

/** A record with its byte fields as plain number arrays, for comparisons that ignore Buffer vs Uint8Array. */
export function plain(record: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, v instanceof Uint8Array ? Array.from(v) : v]));
}
