// Shapes the gold judge's verdicts on a request into a GoldResult: the gold
// score per response beside its proxy (training-judge) score, their means,
// and a few samples to read.
import type { GoldRequest, GoldResult, Verdict } from '../wire/messages.ts';

/** Samples kept per result for people to read (the report's samples page). */
const SAMPLES = 12;

export function goldResultFor(req: GoldRequest, verdicts: Verdict[]): GoldResult {
  let k = 0;
  const goldScores = req.responses.map((row) => row.map(() => {
    const v = verdicts[k++];
    return v.valid ? (v.expected ?? v.score ?? 0) : 0;
  }));
  const flat = (m: number[][]) => m.flat();
  const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
  const samples = req.prompts.flatMap((prompt, i) => req.responses[i].map((response, j) => ({
    prompt, response, gold: goldScores[i][j], proxy: req.proxyScores[i]?.[j] ?? 0,
  }))).slice(0, SAMPLES);
  return {
    requestId: req.requestId, kind: req.kind, version: req.version, step: req.step,
    goldScores, proxyScores: req.proxyScores, goldMean: mean(flat(goldScores)), proxyMean: mean(flat(req.proxyScores)), samples,
    responses: req.kind === 'eval' ? req.responses : [],
  };
}
