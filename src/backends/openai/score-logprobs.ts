// Reads the judge's probabilities at its answer token from chat logprobs: the
// score digit (pointwise) or the A/B letter (pairwise). Pure; the renormalised
// expected score itself is src/rl/rewards.ts's expectedScore.
import type { TokenLogprob } from './response-shapes.ts';

/**
 * Probability mass per digit at the score token: the last token of the answer
 * that is the parsed score's digit (so reasoning before it and text after it,
 * like "out of 9", are skipped). Keys are digits within [low, high]; mass of
 * spellings that trim to the same digit (" 7", "7") is summed. Null when the
 * token or its top_logprobs are missing.
 */
export function scoreTokenMass(tokensT: readonly TokenLogprob[] | null | undefined, score: number, range: { low: number; high: number }): Map<number, number> | null {
  const at = lastTokenIndex(tokensT, (t) => t === String(score));
  if (at < 0) return null;
  const tok = tokensT![at];
  const mass = new Map<number, number>();
  const add = (token: string, logprob: number) => {
    const s = token.trim();
    if (!/^\d$/.test(s)) return;
    const d = Number(s);
    if (d < range.low || d > range.high || !Number.isFinite(logprob)) return;
    mass.set(d, (mass.get(d) ?? 0) + Math.exp(logprob));
  };
  const tops = tok.top_logprobs ?? [];
  if (tops.length === 0) return null;
  for (const t of tops) add(t.token, t.logprob);
  // The sampled token belongs in the distribution even when the server left it out of the top list.
  if (!tops.some((t) => t.token === tok.token)) add(tok.token, tok.logprob);
  return mass.size ? mass : null;
}

/**
 * P(A) / (P(A) + P(B)) at the last "A"/"B" token that matches the parsed
 * preference; null when that token or its alternatives are missing.
 */
export function preferenceFromLogprobs(tokensT: readonly TokenLogprob[] | null | undefined, preferred: 'A' | 'B'): number | null {
  const at = lastTokenIndex(tokensT, (t) => t === preferred);
  if (at < 0) return null;
  const tok = tokensT![at];
  let pA = 0;
  let pB = 0;
  const entries = [...(tok.top_logprobs ?? [])];
  if (!entries.some((t) => t.token === tok.token)) entries.push({ token: tok.token, logprob: tok.logprob });
  for (const t of entries) {
    const s = t.token.trim();
    if (s === 'A') pA += Math.exp(t.logprob);
    else if (s === 'B') pB += Math.exp(t.logprob);
  }
  return pA + pB > 0 ? pA / (pA + pB) : null;
}

function lastTokenIndex(tokensT: readonly TokenLogprob[] | null | undefined, match: (trimmed: string) => boolean): number {
  if (!tokensT) return -1;
  for (let k = tokensT.length - 1; k >= 0; k--) if (match(tokensT[k].token.trim())) return k;
  return -1;
}
