import type { SequenceDef } from '../catalog/catalog-types.js';
import type { Catalog } from '../catalog/catalog.js';
import { StorageError } from '../errors.js';
import type { Engine } from './engine.js';
import { ReadView } from './read-view.js';
import { Reader } from './reader.js';

/**
 * A read-only view of one committed state (one LSN). It stays consistent while writers commit, in
 * this process or another; close it when done (an open LMDB snapshot keeps old pages from reuse).
 */
export class Snapshot extends Reader {
  protected view: ReadView;
  readonly catalog: Catalog;
  readonly lsn: bigint;
  private closed = false;

  constructor(private readonly engine: Engine) {
    super();
    const { snap, catalog, lsn } = engine.openSnapshot();
    this.view = new ReadView(snap, null);
    this.catalog = catalog;
    this.lsn = lsn;
  }

  protected assertOpen(): void {
    if (this.closed) throw new StorageError('55000', 'storage: the snapshot is closed');
  }

  /** A sequence's last value (non-transactional, so read now rather than at the snapshot). */
  sequenceValue(seq: SequenceDef): { value: bigint; isCalled: boolean } {
    return this.engine.sequences.current(seq);
  }

  close(): void {
    if (!this.closed) this.view.snap.close();
    this.closed = true;
  }
}
