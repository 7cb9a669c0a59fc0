/** A FIFO async mutex: the in-process writer lock (one writing transaction at a time). */
export class AsyncMutex {
  private tail: Promise<void> = Promise.resolve();
  private held = false;

  get locked(): boolean {
    return this.held;
  }

  /** Resolves with the release function once every earlier holder has released. */
  acquire(): Promise<() => void> {
    let release!: () => void;
    const next = new Promise<void>((r) => (release = r));
    const ready = this.tail.then(() => {
      this.held = true;
      let released = false;
      return () => {
        if (released) return;
        released = true;
        this.held = false;
        release();
      };
    });
    this.tail = this.tail.then(() => next);
    return ready;
  }
}
