// How a launched run ended, from the supervisor's events in the order they
// came: the learner's exit 0 ends the run well only if nothing failed first (a
// learner drained by the shutdown that a failure started also exits 0), and a
// child giving up after the learner finished does not undo the run. Pure.

export class RunOutcome {
  learnerDone = false;
  /** Why the run failed (null: it did not), the first reason only. */
  failed: string | null = null;
  badConfig = false;
  natsLost = false;

  /** The learner exited 0; true when that ends the run. */
  learnerExited(stopping: boolean): boolean {
    if (this.failed !== null || stopping) return false;
    this.learnerDone = true;
    return true;
  }

  /** A child gave up (exit 2: a config error); true when that ends the run. */
  gaveUp(reason: string, code: number | null): boolean {
    if (this.learnerDone || this.failed !== null) return false;
    this.badConfig = code === 2;
    this.failed = reason;
    return true;
  }

  /** The bus went away, or the user interrupted: the first reason wins. */
  fail(reason: string, natsLost = false): void {
    if (this.learnerDone || this.failed !== null) return;
    this.failed = reason;
    this.natsLost = natsLost;
  }

  get interrupted(): boolean {
    return this.failed === 'interrupted';
  }

  /** 0 done, 130 interrupted, 3 the bus lost, 2 a config error, 1 any other failure. */
  get exitCode(): number {
    if (this.learnerDone) return 0;
    if (this.interrupted) return 130;
    return this.natsLost ? 3 : this.badConfig ? 2 : 1;
  }
}
