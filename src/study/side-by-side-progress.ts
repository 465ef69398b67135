// One progress line for several pieces of work that run side by side, each
// with the same number of steps: the steps done across all of them, and a
// note from each one still running ("non-reasoning loss 0.912 · reasoning-sft
// loss 1.204"). Pure bookkeeping; what it reports to is the caller's.

export type ProgressReport = (done: number, total: number, note?: string) => void;

export class SideBySideProgress {
  private readonly done = new Map<string, number>();
  private readonly notes = new Map<string, string>();

  constructor(names: readonly string[], private readonly stepsEach: number, private readonly report: ProgressReport) {
    for (const n of names) this.done.set(n, 0);
  }

  /** `name` has done `done` of its steps; `note` says how it goes. */
  step(name: string, done: number, note: string): void {
    this.set(name, done);
    this.notes.set(name, note);
    this.emit();
  }

  /** `name` is done: its steps count in full, its note leaves the line. */
  finish(name: string): void {
    this.set(name, this.stepsEach);
    this.notes.delete(name);
    this.emit();
  }

  private set(name: string, done: number): void {
    if (!this.done.has(name)) throw new RangeError(`SideBySideProgress: no work named ${JSON.stringify(name)}`);
    this.done.set(name, Math.min(done, this.stepsEach));
  }

  private emit(): void {
    let done = 0;
    for (const d of this.done.values()) done += d;
    const note = [...this.notes].map(([n, text]) => `${n} ${text}`).join(' · ');
    this.report(done, this.done.size * this.stepsEach, note || undefined);
  }
}
