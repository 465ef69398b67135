// Judge SFT on the builtin engine: two judges one after the other, then the
// same two side by side (each on its own worker thread), alternating, in one
// run. The study's judge stage trains side by side (study.judgeSft.concurrency);
// this says what that buys on this machine. Prints each pair's times and, on
// the last line, the median speed-up (one after the other / side by side).
//   node --import tsx bench/judge-sft-side-by-side.ts [pairs] [examples] [dModel]
import { trainJudge, type TrainJudgeOptions } from '../src/study/train-judge.ts';
import { BuiltinEngineConfig } from '../src/config/engines/builtin.ts';
import { makeJudgeData } from '../src/testbed/offpolicy.ts';
import { labelledFromTestbed } from '../src/study/study-world.ts';
import { testbedVocabulary } from '../src/testbed/vocabulary.ts';
import { spread } from '../src/learner/pipeline-timeline.ts';

const pairs = Number(process.argv[2] ?? 3);
const count = Number(process.argv[3] ?? 600);
const dModel = Number(process.argv[4] ?? 64);
const vocab = testbedVocabulary();
const examples = makeJudgeData({ seed: 1, count }).map(labelledFromTestbed);
const engine = BuiltinEngineConfig.parse({ backend: 'builtin', dModel, layers: 2, heads: 4, maxSeqLen: 48, seed: 1 });
const judge = (mode: 'direct' | 'reasoning'): TrainJudgeOptions => ({ mode, engine, vocab, examples, epochs: 1, batchSize: 32, lr: 2e-3, seed: 1 });
const both = [judge('direct'), judge('reasoning')];

async function timed(run: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await run();
  return (performance.now() - t0) / 1000;
}

const ratios: number[] = [];
console.log(`judge SFT: ${count} examples, 1 epoch, d${dModel}, a direct and a reasoning judge; ${pairs} pairs`);
await Promise.all(both.map((o) => trainJudge({ ...o, examples: examples.slice(0, 64) }))); // warm-up (wasm compile, threads)
for (let p = 0; p < pairs; p++) {
  const serial = await timed(async () => { for (const o of both) await trainJudge(o); });
  const sideBySide = await timed(() => Promise.all(both.map((o) => trainJudge(o))));
  ratios.push(serial / sideBySide);
  console.log(`pair ${p + 1}: one after the other ${serial.toFixed(1)} s, side by side ${sideBySide.toFixed(1)} s, ratio ${(serial / sideBySide).toFixed(2)}`);
}
console.log(`side by side is ${spread(ratios).median.toFixed(2)}x one after the other (median of ${pairs}; spread ${Math.min(...ratios).toFixed(2)}-${Math.max(...ratios).toFixed(2)})`);
