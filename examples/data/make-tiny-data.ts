// Writes the small bundled dataset of examples/tiny-hf-study.yaml, from the
// synthetic world (so its gold program, or any LLM gold, can label it):
//   tiny-preferences.jsonl  {prompt, chosen, rejected}, the shape of Tulu 3's
//                           preference mix (chosen: a better policy's answer)
//   tiny-prompts.jsonl      {prompt} for the policy's RL
//   tiny-eval-prompts.jsonl {prompt} held out, for gold's eval rounds
// Usage: node --import tsx examples/data/make-tiny-data.ts
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makePrompts } from '../../src/testbed/tasks.ts';
import { respond, type PolicyName } from '../../src/testbed/policies.ts';
import { Rng } from '../../src/core/rng.ts';

const rng = new Rng(2603);
const CHOSEN: PolicyName[] = ['good', 'good', 'partial'];
const REJECTED: PolicyName[] = ['wrong', 'empty', 'verbose', 'cautious', 'marker', 'partial'];
const lines = makePrompts({ seed: 7, split: 'judge', count: 240 }).map((p) => {
  const words = p.text.split(' ');
  const chosen = respond(rng, rng.pick(CHOSEN), p.spec, words);
  let rejected = respond(rng, rng.pick(REJECTED), p.spec, words);
  if (rejected === chosen) rejected = respond(rng, 'wrong', p.spec, words);
  return JSON.stringify({ prompt: p.text, chosen, rejected });
});
const out = (name: string, rows: string[]) => writeFileSync(join(import.meta.dirname, name), rows.join('\n') + '\n');
out('tiny-preferences.jsonl', lines);
out('tiny-prompts.jsonl', makePrompts({ seed: 7, split: 'train', count: 200 }).map((p) => JSON.stringify({ prompt: p.text, task: p.task })));
out('tiny-eval-prompts.jsonl', makePrompts({ seed: 7, split: 'eval', count: 48 }).map((p) => JSON.stringify({ prompt: p.text, task: p.task })));
console.log('wrote examples/data/tiny-*.jsonl');
