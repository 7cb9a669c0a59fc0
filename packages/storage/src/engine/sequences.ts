import type { SequenceDef } from '../catalog/catalog-types.js';
import { StorageError } from '../errors.js';
import type { KvBackend } from '../kv/kv.js';
import { idPrefix, Space } from '../keyspace.js';

/**
 * Sequence values are non-transactional, as PostgreSQL's nextval: a value handed out stays used even
 * if the transaction rolls back. Each sequence key holds i64 LE "last value" + u8 is_called. To avoid
 * a durable write per call, nextval reserves RESERVE values ahead (as PostgreSQL logs 32 ahead); after
 * a crash the sequence resumes after the reservation, leaving a gap. close() writes the exact values.
 */
const RESERVE = 32n;

interface State {
  last: bigint;
  called: boolean;
  /** The value persisted; nextval may hand out values up to it without writing. */
  reserved: bigint;
}

export function encodeSequenceValue(last: bigint, called: boolean): Buffer {
  const b = Buffer.alloc(9);
  b.writeBigInt64LE(last, 0);
  b[8] = called ? 1 : 0;
  return b;
}

export class SequenceCache {
  private readonly states = new Map<number, State>();
  constructor(private readonly kv: KvBackend) {}

  private load(def: SequenceDef): State {
    let st = this.states.get(def.id);
    if (!st) {
      const snap = this.kv.snapshot();
      const raw = snap.get(idPrefix(Space.Sequence, def.id));
      snap.close();
      const last = raw ? raw.readBigInt64LE(0) : BigInt(def.start);
      st = { last, called: raw ? raw[8] === 1 : false, reserved: last };
      this.states.set(def.id, st);
    }
    return st;
  }

  private persist(id: number, last: bigint, called: boolean): void {
    this.kv.write((w) => w.put(idPrefix(Space.Sequence, id), encodeSequenceValue(last, called)));
  }

  nextval(def: SequenceDef): bigint {
    const st = this.load(def);
    const inc = BigInt(def.increment);
    const min = BigInt(def.min);
    const max = BigInt(def.max);
    let v = st.called ? st.last + inc : st.last;
    if (v > max || v < min) {
      if (!def.cycle)
        throw new StorageError('2200H', `nextval: reached ${inc > 0n ? 'maximum' : 'minimum'} value of sequence "${def.name}" (${inc > 0n ? max : min})`);
      v = inc > 0n ? min : max;
    }
    const beyond = inc > 0n ? v > st.reserved || !st.called : v < st.reserved || !st.called;
    if (beyond) {
      let ahead = v + inc * (RESERVE - 1n);
      if (ahead > max) ahead = max;
      if (ahead < min) ahead = min;
      this.persist(def.id, ahead, true);
      st.reserved = ahead;
    }
    st.last = v;
    st.called = true;
    return v;
  }

  setval(def: SequenceDef, value: bigint, isCalled = true): bigint {
    if (value < BigInt(def.min) || value > BigInt(def.max))
      throw new StorageError('22003', `setval: value ${value} is out of bounds for sequence "${def.name}" (${def.min}..${def.max})`);
    this.persist(def.id, value, isCalled);
    this.states.set(def.id, { last: value, called: isCalled, reserved: value });
    return value;
  }

  /** The last value handed out (or the start value, with isCalled false, when none was). */
  current(def: SequenceDef): { value: bigint; isCalled: boolean } {
    const st = this.load(def);
    return { value: st.last, isCalled: st.called };
  }

  /** Makes the persisted values exact (no reservation gap) before a clean close. */
  flush(): void {
    if (this.kv.readOnly) return;
    for (const [id, st] of this.states) if (st.reserved !== st.last) this.persist(id, st.last, st.called);
  }

  forget(id: number): void {
    this.states.delete(id);
  }
}
