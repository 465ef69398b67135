// Staleness admission (AReaL's rule): hand out a prompt only while
// (eta + v + 1) * B > accepted + running, so no group the learner accepts is
// sampled more than eta versions before the step that consumes it. v is the
// newest *published* version: a prompt granted at v is sampled with weights at
// least v (the rollout waits for them) and, taken in grant order, consumed by
// a learner at most at v + eta. Counting from the commit clock instead (one
// ahead while a step trains) admits a batch that can only be eta + 1 old.
// Pure; the ledger supplies the counts, the service applies the answer.

export interface AdmissionInput {
  /** Policy version v: the newest whose weights are published. */
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
