// The judge data a study trains and measures its judges on, and how a judge
// prompt is written: the synthetic world (its off-policy mix, labelled by its
// gold program at no cost, judge input "<prompt> | <response> | score"), or a
// preference file labelled by the study's gold judge through the label cache
// (gold-labels.ts), the judge prompt being the judge template filled in.
import { join } from 'node:path';
import type { StudyConfig } from './config.ts';
import { createTestbed } from '../testbed/world.ts';
import type { JudgeExample } from '../testbed/offpolicy.ts';
import { readPreferencePairs, type OffPolicyPair } from '../data/preference-pairs.ts';
import { createJudge, type EngineContext } from '../backends/registry.ts';
import { labelWithGold, type GoldLabelling, type LabelledExample } from './gold-labels.ts';
import { Rng, scrambleSeed } from '../core/rng.ts';
import type { Logger } from '../core/logger.ts';

export interface StudyWorld {
  /** testbed: the synthetic world's judge input and trace targets; template: the judge template and "Score: N" targets. */
  format: 'testbed' | 'template';
  /** Labelled examples to train judges (the first judgeExamples) and warm the policy up on. */
  judgeData: LabelledExample[];
  /** Held-out labelled examples for static agreement (prompts disjoint from judgeData's for preference data). */
  judgeEval: LabelledExample[];
  /** Words builtin models read (the testbed's). */
  vocabulary: readonly string[];
  /** What labelling with an LLM gold cost, for the report (preference data only). */
  labelling?: Omit<GoldLabelling, 'examples'> & { labelled: number };
}

/** A synthetic-world example as the study's judges see it: gold's trace is its reasoning. */
export function labelledFromTestbed(ex: JudgeExample): LabelledExample {
  return { prompt: ex.prompt.text, response: ex.response, gold: ex.gold, reasoning: ex.trace.join(' ') };
}

export function testbedWorld(sc: StudyConfig): StudyWorld {
  const tb = createTestbed({
    seed: sc.base.run.seed, trainPrompts: 0, evalPrompts: 0,
    judgeExamples: Math.max(sc.study.judgeExamples, sc.study.policyWarmup.examples), judgeEvalExamples: sc.study.judgeEvalExamples,
    effort: sc.study.reasoningEffort,
  });
  return { format: 'testbed', judgeData: tb.judgeData.map(labelledFromTestbed), judgeEval: tb.judgeEval.map(labelledFromTestbed), vocabulary: tb.vocabulary };
}

/**
 * Held-out prompts first: whole prompts, in a seeded order, until their pairs
 * reach `evalCount`; the other prompts' pairs train, up to `trainCount`.
 */
export function splitByPrompt(pairs: readonly OffPolicyPair[], evalCount: number, trainCount: number, seed: number): { train: OffPolicyPair[]; held: OffPolicyPair[] } {
  const prompts = new Rng(scrambleSeed(seed)).shuffled([...new Set(pairs.map((p) => p.prompt))]);
  const heldPrompts = new Set<string>();
  let held = 0;
  for (const p of prompts) {
    if (held >= evalCount) break;
    heldPrompts.add(p);
    held += pairs.filter((x) => x.prompt === p).length;
  }
  return {
    held: pairs.filter((p) => heldPrompts.has(p.prompt)).slice(0, evalCount),
    train: pairs.filter((p) => !heldPrompts.has(p.prompt)).slice(0, trainCount),
  };
}

/** Preference data labelled by the study's gold (each label paid for once: the cache is in the study dir). */
export async function preferenceWorld(sc: StudyConfig, dir: string, engines: EngineContext, log: Logger, progress?: (done: number, total: number) => void): Promise<StudyWorld> {
  const pairs = readPreferencePairs(sc.study.data.preferences!);
  const trainCount = Math.max(sc.study.judgeExamples, sc.study.policyWarmup.examples);
  const { train, held } = splitByPrompt(pairs, sc.study.judgeEvalExamples, trainCount, sc.base.run.seed);
  const gold = await createJudge(sc.study.gold, engines);
  try {
    const files = { cache: join(dir, 'gold-labels.jsonl'), usage: join(dir, 'gold-usage.json') };
    // As many pairs in flight as the gold endpoint takes (an OpenAI engine's maxInFlight).
    const concurrency = 'maxInFlight' in sc.study.gold ? sc.study.gold.maxInFlight : undefined;
    const labelled = await labelWithGold([...held, ...train], gold, files, { concurrency, log, progress });
    const heldKeys = new Set(held.map((p) => `${p.prompt}\0${p.response}`));
    const isHeld = (ex: LabelledExample) => heldKeys.has(`${ex.prompt}\0${ex.response}`);
    log.info('gold labels', { labelled: labelled.examples.length, invalid: labelled.invalid, failed: labelled.failed, ...labelled.usage });
    return {
      format: 'template',
      judgeData: labelled.examples.filter((ex) => !isHeld(ex)),
      judgeEval: labelled.examples.filter(isHeld),
      vocabulary: [],
      labelling: { labelled: labelled.examples.length, invalid: labelled.invalid, failed: labelled.failed, usage: labelled.usage },
    };
  } finally {
    await gold.close();
  }
}
