// Runs async jobs one at a time, in call order: an engine's weights must not
// change (loadWeights, update, close) while a sample or step is half done.

export class Serial {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(job: () => Promise<T>): Promise<T> {
    const result = this.tail.then(job);
    // A failed job must not block the ones queued after it.
    this.tail = result.catch(() => undefined);
    return result;
  }
}
