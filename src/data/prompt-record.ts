// What a prompt is once it leaves its source (the testbed, a JSONL file, the
// trivial workload): the text judges read, the input the policy reads, and
// metadata. Where records come from is prompts.ts's business.

export interface PromptRecord {
  /** The prompt as judges and gold read it. */
  text: string;
  /** What the policy is conditioned on (the text plus any separator). */
  input: string;
  meta: Record<string, string | number | boolean>;
}

export interface PromptSource {
  readonly size: number;
  get(index: number): PromptRecord;
}
