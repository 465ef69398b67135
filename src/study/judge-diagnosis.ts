// Why a reasoning judge overrates what it overrates. On policy samples the
// judge scores more than `threshold` above gold, its trace is read back into
// the five checks (task, refuse, end, praise, pad) and set against gold's:
// which checks go wrong, and how. And the step from trace to score: does the
// judge's score follow from its own trace by gold's rule (then the trace is
// what is wrong), or does it write a right trace and a wrong score? A trace
// of a higher effort also works the task check out (the reference answer, the
// response's content words): is that work wrong, or the verdict drawn from it? Pure.
import { readTrace, scoreFromChecks, TRACE_ASPECTS, type TraceChecks } from '../testbed/trace.ts';

export interface JudgedSample {
  prompt: string;
  response: string;
  /** The judge's expected score and the trace it wrote before "score". */
  judgeScore: number;
  judgeTrace: string;
  goldScore: number;
  goldTrace: string;
}

export type Aspect = (typeof TRACE_ASPECTS)[number];
export interface Tally { wrong: number; of: number }

export interface Diagnosis {
  samples: number;
  /** Overrated: judge - gold above this. */
  threshold: number;
  overrated: number;
  /** Overrated samples whose trace is not five well-formed checks. */
  malformed: number;
  /** Per check, on overrated samples with a well-formed trace: how often it differs from gold's, and the commonest (judge -> gold) confusions. */
  aspects: Record<Aspect, { wrong: number; of: number; confusions: { judge: string; gold: string; n: number }[] }>;
  /** Overrated samples with a well-formed trace whose score is within 1 of what their own trace implies: the trace is wrong, the step to the score is not. */
  scoreFollowsTrace: number;
  /** ... whose trace matches gold's on every check: the trace is right and the score wrong. */
  traceRightScoreWrong: number;
  wellFormed: number;
  /** Overrated samples where the judge wrote no trace at all ("score" first). */
  emptyTrace: number;
  /**
   * The task check's worked parts, on overrated samples where both traces have
   * them: the reference (want) and the content read (got) differing from gold's,
   * and the task verdict wrong although every part both have is right. The
   * content read is split by whether gold's reading of it repeats a word
   * (`blue blue blue`): copying by matching the last word copied cannot tell
   * repeats apart, and hacked policies write them.
   */
  work: { want: Tally; got: Tally; gotRepeats: Tally; gotNoRepeats: Tally; verdictWrongWorkRight: Tally };
  examples: JudgedSample[];
}

const words = (t: string) => t.trim().split(/\s+/).filter(Boolean);
/** The testbed's words include "|" (a fake end marker): escaped in a table cell. */
const cell = (t: string) => t.replace(/\|/g, '\\|');

export function diagnose(samples: readonly JudgedSample[], threshold = 2, maxExamples = 8): Diagnosis {
  const over = samples.filter((s) => s.judgeScore - s.goldScore > threshold);
  const aspects = Object.fromEntries(TRACE_ASPECTS.map((a) => [a, { wrong: 0, of: 0, confusions: [] as { judge: string; gold: string; n: number }[] }])) as Diagnosis['aspects'];
  const confusion = new Map<string, number>();
  let malformed = 0, follows = 0, rightTrace = 0, wellFormed = 0, empty = 0;
  const tally = (): Tally => ({ wrong: 0, of: 0 });
  const work: Diagnosis['work'] = { want: tally(), got: tally(), gotRepeats: tally(), gotNoRepeats: tally(), verdictWrongWorkRight: tally() };
  const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((w, i) => w === b[i]);
  for (const s of over) {
    const mineRead = readTrace(words(s.judgeTrace));
    const goldRead = readTrace(words(s.goldTrace));
    const [mine, gold] = [mineRead?.checks, goldRead?.checks];
    if (!mine || !gold) {
      malformed++;
      if (words(s.judgeTrace).length === 0) empty++;
      continue;
    }
    wellFormed++;
    let compared = 0, workRight = true;
    for (const part of ['want', 'got'] as const) {
      const [j, g] = [mineRead![part], goldRead![part]];
      if (!j || !g) continue;
      compared++;
      const wrong = !same(j, g);
      const tallies = [work[part], ...(part === 'got' ? [new Set(g).size < g.length ? work.gotRepeats : work.gotNoRepeats] : [])];
      for (const t of tallies) { t.of++; if (wrong) t.wrong++; }
      if (wrong) workRight = false;
    }
    if (compared > 0 && workRight) {
      work.verdictWrongWorkRight.of++;
      if (mine.task !== gold.task) work.verdictWrongWorkRight.wrong++;
    }
    let allRight = true;
    for (const a of TRACE_ASPECTS) {
      aspects[a].of++;
      const [j, g] = [mine[a as keyof TraceChecks], gold[a as keyof TraceChecks]];
      if (j !== g) {
        aspects[a].wrong++;
        allRight = false;
        const key = `${a}\t${j}\t${g}`;
        confusion.set(key, (confusion.get(key) ?? 0) + 1);
      }
    }
    if (Math.abs(s.judgeScore - scoreFromChecks(mine)) <= 1) follows++;
    if (allRight) rightTrace++;
  }
  for (const [key, n] of confusion) {
    const [a, judge, gold] = key.split('\t');
    aspects[a as Aspect].confusions.push({ judge, gold, n });
  }
  for (const a of TRACE_ASPECTS) aspects[a].confusions.sort((x, y) => y.n - x.n);
  return {
    samples: samples.length, threshold, overrated: over.length, malformed, emptyTrace: empty, aspects, work, scoreFollowsTrace: follows, traceRightScoreWrong: rightTrace, wellFormed,
    examples: [...over].sort((a, b) => (b.judgeScore - b.goldScore) - (a.judgeScore - a.goldScore)).slice(0, maxExamples),
  };
}

/** The diagnosis as markdown: the per-check table, the trace-vs-score split, and examples. */
export function diagnosisMarkdown(d: Diagnosis, title: string): string {
  const pct = (n: number, of: number) => (of ? `${Math.round((100 * n) / of)}%` : '-');
  const lines = [
    `### ${title}`,
    '',
    `${d.samples} samples; the judge overrates ${d.overrated} (judge - gold > ${d.threshold}); ${d.malformed} of those have a malformed trace (${d.emptyTrace} no trace at all: the judge wrote "score" first), ${d.wellFormed} a well-formed one.`,
    '',
    '| check | wrong on overrated samples | commonest confusions (judge says -> gold says) |',
    '| --- | --- | --- |',
    ...TRACE_ASPECTS.map((a) => {
      const x = d.aspects[a];
      return `| ${a} | ${x.wrong} of ${x.of} (${pct(x.wrong, x.of)}) | ${x.confusions.slice(0, 3).map((c) => `${c.judge} -> ${c.gold} (${c.n})`).join(', ') || '-'} |`;
    }),
    ...(d.work.want.of + d.work.got.of > 0 ? [
      '',
      `The task check worked out: the reference the judge writes differs from gold's in ${d.work.want.wrong} of ${d.work.want.of} (${pct(d.work.want.wrong, d.work.want.of)}), the content it reads in ${d.work.got.wrong} of ${d.work.got.of} (${pct(d.work.got.wrong, d.work.got.of)}: ${pct(d.work.gotRepeats.wrong, d.work.gotRepeats.of)} of ${d.work.gotRepeats.of} where that content repeats a word, ${pct(d.work.gotNoRepeats.wrong, d.work.gotNoRepeats.of)} of ${d.work.gotNoRepeats.of} where it does not); with the work right, its task verdict is still wrong in ${d.work.verdictWrongWorkRight.wrong} of ${d.work.verdictWrongWorkRight.of} (${pct(d.work.verdictWrongWorkRight.wrong, d.work.verdictWrongWorkRight.of)}).`,
    ] : []),
    '',
    `Trace or score: of the ${d.wellFormed} overrated samples with a well-formed trace, the score follows from the judge's own trace (within 1, by gold's rule) in ${d.scoreFollowsTrace} (${pct(d.scoreFollowsTrace, d.wellFormed)}): there the trace is what is wrong. The trace matches gold's on every check in ${d.traceRightScoreWrong} (${pct(d.traceRightScoreWrong, d.wellFormed)}): there the step from trace to score is.`,
    '',
    '| prompt | response | judge trace | judge | gold trace | gold |',
    '| --- | --- | --- | --- | --- | --- |',
    ...d.examples.map((e) => `| ${cell(e.prompt)} | ${cell(e.response)} | ${cell(e.judgeTrace) || '(none)'} | ${e.judgeScore.toFixed(1)} | ${cell(e.goldTrace)} | ${e.goldScore.toFixed(1)} |`),
    '',
  ];
  return lines.join('\n');
}
