// Batches the calls that arrive while one is running: the first call runs
// alone at once; calls made meanwhile wait and then run together, as one batch,
// when it returns. For a backend whose cost is per call more than per item (a
// model generating for 8 prompts takes about as long as for 32 on a CPU), the
// judge actor's concurrent groups become one call. Each caller gets its own
// items' results, in order; a failed batch fails every call in it.

type Pending<I, O> = { items: I[]; resolve(out: O[]): void; reject(e: unknown): void };

export class BatchWhileBusy<I, O> {
  private queue: Pending<I, O>[] = [];
  private busy = false;
  /** Batches run so far (a merged one counts once). */
  batches = 0;

  /** run: scores a batch, one result per item, in order. */
  constructor(private readonly run: (items: I[]) => Promise<O[]>) {}

  submit(items: I[]): Promise<O[]> {
    if (items.length === 0) return Promise.resolve([]);
    return new Promise<O[]>((resolve, reject) => {
      this.queue.push({ items, resolve, reject });
      if (!this.busy) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.busy = true;
    while (this.queue.length > 0) {
      const calls = this.queue;
      this.queue = [];
      this.batches++;
      try {
        const out = await this.run(calls.flatMap((c) => c.items));
        if (out.length !== calls.reduce((n, c) => n + c.items.length, 0)) throw new Error(`a batch of ${calls.reduce((n, c) => n + c.items.length, 0)} items returned ${out.length} results`);
        let at = 0;
        for (const c of calls) { c.resolve(out.slice(at, at + c.items.length)); at += c.items.length; }
      } catch (e) {
        for (const c of calls) c.reject(e);
      }
    }
    this.busy = false;
  }
}
