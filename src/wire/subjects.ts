// Every NATS subject, stream and bucket name the runtime uses, in one place.
// A run id namespaces them so several experiments can share one server.

export interface Subjects {
  /** Rollout groups waiting for a judge (durable work queue). */
  rollouts: string;
  /** Scored groups waiting for the learner (durable work queue). */
  scored: string;
  /** Groups sampled for the gold judge, and eval rounds (durable work queue). */
  goldRequests: string;
  /** Gold verdicts for the hacking monitor (durable work queue: a restarted learner still gets them). */
  goldResults: string;
  /** Announcements of new policy weights (the blob itself is in the object store). */
  weights: string;
  /** Monitor events: hacking flags, eval rounds. */
  events: string;
  /** Messages that failed decoding or their schema, with the reason. */
  deadLetter: string;
  /** Request/reply calls to one actor kind: `${calls}.<kind>.<method>`. */
  calls: string;
  /** JetStream stream names per work queue. */
  streams: { rollouts: string; scored: string; gold: string; goldResults: string };
  /** Key-value and object store buckets. */
  buckets: { weights: string; blobs: string; kv: string };
}

/** NATS tokens may not hold dots, spaces or wildcards. */
export function safeToken(s: string): string {
  return s.replace(/[^A-Za-z0-9_-]/g, '_');
}

export function subjectsFor(runId: string): Subjects {
  const r = safeToken(runId);
  const p = `tribunal.${r}`;
  return {
    rollouts: `${p}.rollouts`,
    scored: `${p}.scored`,
    goldRequests: `${p}.gold.requests`,
    goldResults: `${p}.gold.results`,
    weights: `${p}.weights`,
    events: `${p}.events`,
    deadLetter: `${p}.dlq`,
    calls: `${p}.calls`,
    streams: { rollouts: `TRIB_${r}_ROLLOUTS`, scored: `TRIB_${r}_SCORED`, gold: `TRIB_${r}_GOLD`, goldResults: `TRIB_${r}_GOLDRES` },
    buckets: { weights: `trib_${r}_weights`, blobs: `trib_${r}_blobs`, kv: `trib_${r}_kv` },
  };
}
