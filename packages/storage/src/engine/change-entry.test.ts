import { describe, expect, it } from 'vitest';
import { decodeChangeEntry, encodeChangeEntry } from './change-log.js';

/** A row key: 5-byte prefix (space + table id), a tag byte, then an 8-byte big-endian number. */
function serialKey(table: number, n: bigint): Buffer {
  const k = Buffer.alloc(14);
  k[0] = 0x20;
  k.writeUInt32BE(table, 1);
  k[5] = 0x01;
  k.writeBigUInt64BE(n, 6);
  return k;
}

function roundTrip(keys: Buffer[]): Buffer[] {
  const entry = encodeChangeEntry(1_700_000_000_000, [], keys);
  const back = decodeChangeEntry(entry);
  expect(back.timeMs).toBe(1_700_000_000_000);
  return back.rowKeys;
}

describe('change-log entries', () => {
  it('store a serial run of keys as one record and give every key back', () => {
    const keys = Array.from({ length: 10_000 }, (_, i) => serialKey(7, 1000n + BigInt(i)));
    const entry = encodeChangeEntry(0, [], keys);
    // 10,000 keys of 14 bytes would be 150,000 bytes listed one by one.
    expect(entry.length).toBeLessThan(64);
    expect(roundTrip(keys).map((k) => k.toString('hex'))).toEqual(keys.map((k) => k.toString('hex')));
  });

  it('keep gaps, carries, other tables, other lengths and odd keys exact', () => {
    const keys: Buffer[] = [
      serialKey(1, 0xfffffffen),
      serialKey(1, 0xffffffffn),
      serialKey(1, 0x100000000n), // carry from the low to the high 32 bits
      serialKey(1, 0x100000001n),
      serialKey(1, 0x100000003n), // gap
      serialKey(2, 0x100000004n), // next number, other table
      serialKey(2, 0xffffffffffffffffn),
      serialKey(3, 0n), // the 64-bit wrap must not be taken for +1
      Buffer.from('20000000040161626300', 'hex'), // a text key
      Buffer.from('2000000004016162630001', 'hex'),
      Buffer.from('2000000004016162630002', 'hex'), // same length, last 8 bytes + 1
      Buffer.from('200000000501', 'hex'), // shorter than 9 bytes
    ];
    expect(roundTrip(keys).map((k) => k.toString('hex'))).toEqual(keys.map((k) => k.toString('hex')));
  });

  it('round-trip random mixtures of runs and single keys', () => {
    let seed = 42;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    for (let round = 0; round < 50; round++) {
      const keys: Buffer[] = [];
      let n = BigInt(Math.floor(rand() * 2 ** 40));
      for (let i = 0; i < 300; i++) {
        const r = rand();
        if (r < 0.7) n += 1n;
        else if (r < 0.9) n += BigInt(2 + Math.floor(rand() * 5));
        else n = BigInt(Math.floor(rand() * 2 ** 52));
        keys.push(serialKey(1 + Math.floor(rand() * 1.2), n));
      }
      expect(roundTrip(keys).map((k) => k.toString('hex'))).toEqual(keys.map((k) => k.toString('hex')));
    }
  });
});
