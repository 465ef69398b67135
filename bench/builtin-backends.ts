// Sampling and training speed of the builtin engine on the wasm and cpu tfjs
// backends, default model size (d32, 2 layers, 2 heads, maxSeqLen 64), a
// 300-word vocabulary. Prints tokens/s per backend and wasm's ratio to cpu.
//   node --import tsx bench/builtin-backends.ts [rounds]
import * as tf from '@tensorflow/tfjs';
import { initBackend, type BackendName } from '../src/backends/builtin/backend.ts';
import { BuiltinSampler } from '../src/backends/builtin/sampler.ts';
import { BuiltinTrainer } from '../src/backends/builtin/trainer.ts';
import type { TrainSequence } from '../src/engines/types.ts';
import { policyUpdate } from '../src/learner/policy-update.ts';
import { sftStep } from '../src/learner/sft-step.ts';

const rounds = Number(process.argv[2] ?? 3);
const vocab = Array.from({ length: 300 }, (_, i) => `w${i}`);
const model = {};
const prompt = 'w1 w2 w3 w4 w5 w6 w7 w8 w9 w10 w11 w12';
const loss = { clipLow: 0.2, clipHigh: 0.3, importanceCap: 5, klBeta: 0 };

interface Speeds { sampleTokS: number; trainTokS: number; sftTokS: number }

async function measure(backend: BackendName): Promise<Speeds> {
  const got = await initBackend(backend);
  if (got !== backend) throw new Error(`backend ${backend} did not initialise (got ${got})`);
  const sampler = await BuiltinSampler.create({ model, vocab, backend });
  const trainer = await BuiltinTrainer.create({ model, vocab, backend, temperature: 0.7 });
  let sampleTokens = 0, sampleMs = 0, trainTokens = 0, trainMs = 0, sftTokens = 0, sftMs = 0;
  for (let r = 0; r <= rounds; r++) {
    const batch: TrainSequence[] = [];
    let t0 = performance.now();
    let n = 0;
    for (let p = 0; p < 4; p++) {
      // G = 8 completions of up to 48 tokens; an untrained model rarely stops early.
      const res = await sampler.sample({ prompt, n: 8, maxNewTokens: 48, temperature: 0.7, seed: r * 10 + p });
      for (const c of res.completionsG) {
        n += c.tokensT.length;
        batch.push({ promptTokens: res.promptTokens, tokensT: c.tokensT, behaviourLogprobsT: c.logprobsT, advantage: Math.random() - 0.5 });
      }
    }
    const sMs = performance.now() - t0;
    t0 = performance.now();
    const st = await policyUpdate(trainer, batch, loss, 2); // 32 sequences, 2 optimizer steps
    const tMs = performance.now() - t0;
    t0 = performance.now();
    await sftStep(trainer, batch);
    const fMs = performance.now() - t0;
    if (r === 0) continue; // warm-up round
    sampleTokens += n; sampleMs += sMs;
    trainTokens += st.tokens; trainMs += tMs;
    sftTokens += st.tokens; sftMs += fMs;
  }
  await sampler.close();
  await trainer.close();
  return { sampleTokS: (sampleTokens / sampleMs) * 1000, trainTokS: (trainTokens / trainMs) * 1000, sftTokS: (sftTokens / sftMs) * 1000 };
}

const cpu = await measure('cpu');
const wasm = await measure('wasm');
const fmt = (s: Speeds) => `sample ${s.sampleTokS.toFixed(0)} tok/s, PPO update ${s.trainTokS.toFixed(0)} tok/s, SFT ${s.sftTokS.toFixed(0)} tok/s`;
console.log(`cpu : ${fmt(cpu)}`);
console.log(`wasm: ${fmt(wasm)}`);
console.log(
  `wasm/cpu: sample x${(wasm.sampleTokS / cpu.sampleTokS).toFixed(1)}, update x${(wasm.trainTokS / cpu.trainTokS).toFixed(1)}, sft x${(wasm.sftTokS / cpu.sftTokS).toFixed(1)} (tensors live at end: ${tf.memory().numTensors})`,
);
