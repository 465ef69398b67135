// Staleness admission (AReaL's rule): hand out a prompt only while
// (eta + v + 1) * B > accepted + running, so no group the learner accepts is
// sampled more than eta versions before the step that consumes it. Pure; the
// ledger supplies the counts, the service applies the answer.

export interface AdmissionInput {
  /** Current policy version v (the scheduler's version clock). */
  version: number;
  /** Staleness bound in versions; 0 is synchronous RL. */
  eta: number;
  /** Prompts per learner step, B. */
  batchSize: number;
  /** Cumulative accepted prompts: produced + consumed. */
  accepted: number;
  /** Prompts in flight (granted, group not yet produced). */
  running: number;
}

/** How many prompts may be granted right now (0 when admission is closed). */
export function admissible(a: AdmissionInput): number {
  const capacity = (a.eta + a.version + 1) * a.batchSize;
  return Math.max(0, capacity - a.accepted - a.running);
}
