// Where prompts come from: the ledger hands out dataset indices, and every
// process maps an index to the same prompt from the config alone. Also the
// vocabulary builtin models use for that data.
import type { ExperimentConfig } from '../config/schema.ts';
import { makePrompts, type TestbedPrompt } from '../testbed/tasks.ts';
import { makeJudgeData } from '../testbed/offpolicy.ts';
import { judgeInput, policyPrompt } from '../testbed/format.ts';
import { testbedVocabulary } from '../testbed/vocabulary.ts';
import { readJsonlPrompts } from './jsonl-prompts.ts';
import type { PromptRecord, PromptSource } from './prompt-record.ts';

const DIGITS = Array.from({ length: 10 }, (_, i) => String(i));

/** The word list a builtin model needs for this config's data. */
export function vocabularyFor(cfg: ExperimentConfig): string[] {
  switch (cfg.data.source) {
    case 'trivial': return ['prompt', ...DIGITS];
    case 'jsonl': {
      // A builtin model on your data can only read and write the words your prompts hold.
      const files = [cfg.data.path!, ...(cfg.data.evalPath ? [cfg.data.evalPath] : [])];
      const words = new Set(files.flatMap((f) => readJsonlPrompts(f).flatMap((p) => p.text.split(/\s+/).filter(Boolean))));
      return [...new Set([...DIGITS, ...[...words].sort()])];
    }
    default: return testbedVocabulary();
  }
}

function fromList<T>(items: T[], record: (item: T, index: number) => PromptRecord): PromptSource {
  return { size: items.length, get: (index) => record(items[index % items.length], index % items.length) };
}

const testbedRecord = (p: TestbedPrompt, index: number): PromptRecord => ({
  text: p.text, input: policyPrompt(p), meta: { index, task: p.task, split: p.split, id: p.id },
});

export function trainPrompts(cfg: ExperimentConfig): PromptSource {
  const size = cfg.data.datasetSize;
  switch (cfg.data.source) {
    case 'trivial':
      // The input keeps one digit so a builtin model's word vocabulary (['prompt', '0'..'9']) covers it.
      return { size, get: (index) => ({ text: `prompt ${index % size}`, input: `prompt ${(index % size) % 10}`, meta: { index: index % size } }) };
    case 'testbed':
      return fromList(makePrompts({ seed: cfg.run.seed, split: 'train', count: size }), testbedRecord);
    case 'jsonl': {
      const all = readJsonlPrompts(cfg.data.path!);
      return fromList(all.slice(0, Math.min(size, all.length)), (p) => p);
    }
    case 'testbed-judge':
      return fromList(makeJudgeData({ seed: cfg.run.seed, count: size }), (ex, index) => {
        const text = judgeInput(ex.prompt, ex.response);
        return { text, input: text, meta: { index, gold: ex.gold, task: ex.prompt.task } };
      });
  }
}

/** Prompts for eval rounds: the testbed's held-out split or data.evalPath; other sources have none, so their training prompts. */
export function evalPrompts(cfg: ExperimentConfig, count: number): PromptRecord[] {
  if (cfg.data.source === 'testbed') {
    return makePrompts({ seed: cfg.run.seed, split: 'eval', count }).map(testbedRecord);
  }
  if (cfg.data.source === 'jsonl' && cfg.data.evalPath) {
    const all = readJsonlPrompts(cfg.data.evalPath);
    return Array.from({ length: count }, (_, i) => all[i % all.length]);
  }
  const train = trainPrompts(cfg);
  return Array.from({ length: count }, (_, i) => ({ ...train.get(i), meta: { eval: i } }));
}
