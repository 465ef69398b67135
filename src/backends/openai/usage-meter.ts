// Token and request accounting for one engine instance, exported as a plain
// snapshot for actor and run metrics. Counting only; no I/O.

export interface UsageSnapshot {
  requests: number;
  /** Attempts beyond the first, over all requests. */
  retries: number;
  /** Requests that failed after all retries (or at once: fatal, breaker open). */
  failures: number;
  /** Requests refused at once because the breaker was open. */
  breakerRejections: number;
  cacheHits: number;
  promptTokens: number;
  completionTokens: number;
  reasoningTokens: number;
  /** Of reasoningTokens, how many were estimated by whitespace split (the server gave no count). */
  reasoningTokensEstimated: number;
  /** Judge outputs that did not parse into a verdict. */
  invalidVerdicts: number;
  /** Verdicts whose expected score came from top_logprobs (the rest: the parsed integer). */
  logprobVerdicts: number;
}

export class UsageMeter {
  private s: UsageSnapshot = {
    requests: 0, retries: 0, failures: 0, breakerRejections: 0, cacheHits: 0,
    promptTokens: 0, completionTokens: 0, reasoningTokens: 0, reasoningTokensEstimated: 0,
    invalidVerdicts: 0, logprobVerdicts: 0,
  };

  add(field: keyof UsageSnapshot, n = 1): void {
    this.s[field] += n;
  }

  /** Token counts from a response's usage block (absent fields count 0). */
  addUsage(u: { prompt_tokens?: number | null; completion_tokens?: number | null } | null | undefined): void {
    if (!u) return;
    this.s.promptTokens += u.prompt_tokens ?? 0;
    this.s.completionTokens += u.completion_tokens ?? 0;
  }

  addReasoning(tokens: number, estimated: boolean): void {
    this.s.reasoningTokens += tokens;
    if (estimated) this.s.reasoningTokensEstimated += tokens;
  }

  snapshot(): UsageSnapshot {
    return { ...this.s };
  }
}
