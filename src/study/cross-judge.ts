// Whether a study's judges share a blind spot: every eval round's samples of
// one RL run, scored by each judge the study trained, beside gold and the
// proxy. A judge whose mean climbs with the proxy while gold falls is fooled
// by the same outputs, so it cannot warn of them (as a second judge's
// disagreement would have to). Pure: tribunal diagnose --cross does the I/O.

export interface CrossRound {
  step: number;
  /** How many of the round's samples were scored. */
  samples: number;
  gold: number;
  proxy: number;
  /** Mean score of the round's samples by each judge, by name. */
  judges: Record<string, number>;
}

export function meanScore(scores: readonly number[]): number {
  return scores.length ? scores.reduce((a, b) => a + b, 0) / scores.length : Number.NaN;
}

export function crossJudgeMarkdown(rounds: readonly CrossRound[], title: string): string {
  const names = [...new Set(rounds.flatMap((r) => Object.keys(r.judges)))];
  const f = (x: number | undefined) => (x === undefined || !Number.isFinite(x) ? '-' : x.toFixed(2));
  const lines = [
    `## Every judge on ${title}`,
    '',
    `Mean score (0-9) of the held-out samples each eval round kept (${[...new Set(rounds.map((r) => r.samples))].join(' or ')} per round), by gold, the proxy and every judge. A judge that rises with the proxy while gold falls is fooled by the same outputs.`,
    '',
    `| step | gold | proxy | ${names.join(' | ')} |`,
    `| --- | --- | --- | ${names.map(() => '---').join(' | ')} |`,
    ...rounds.map((r) => `| ${r.step} | ${f(r.gold)} | ${f(r.proxy)} | ${names.map((n) => f(r.judges[n])).join(' | ')} |`),
  ];
  if (rounds.length >= 2) {
    const peak = rounds.reduce((best, r) => (r.gold > best.gold ? r : best), rounds[0]);
    const last = rounds.at(-1)!;
    lines.push('', `From gold's peak (step ${peak.step}) to the last round (step ${last.step}): gold ${signed(last.gold - peak.gold)}, proxy ${signed(last.proxy - peak.proxy)}; ${names.map((n) => `${n} ${signed(last.judges[n] - peak.judges[n])}`).join(', ')}.`);
  }
  return lines.join('\n') + '\n';
}

function signed(x: number): string {
  return Number.isFinite(x) ? `${x >= 0 ? '+' : ''}${x.toFixed(2)}` : '-';
}
