// One training step of the torch engine through the TypeScript Trainer port
// over gRPC (TorchTrainer -> trainer service: packed bytes, ForwardBackward +
// OptimStep) against the same step called in-process in Python
// (trainer/bench/step_inprocess.py), on the same batch (64 sequences x 64
// tokens by default) and the same tiny model, in paired runs (in-process,
// gRPC, alternating). Prints each pair and, LAST, `ratio R`: gRPC throughput
// over in-process throughput, the median of the pairs (1.0: gRPC costs nothing).
// Run: node --import tsx bench/torch-trainer.ts [pairs=5] [repeats=5] [seqs=64] [completionTokens=48]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TorchEngineConfig } from '../src/config/engines/torch.ts';
import { TorchTrainer } from '../src/backends/torch/trainer.ts';
import { ensureTrainerPython, resolveModelDir, TRAINER_DIR } from '../src/pyenv/python-env.ts';
import { JsonLogger, NoopLogger } from '../src/core/logger.ts';
import type { PolicyGradientSequence } from '../src/engines/types.ts';

const [pairs = 5, repeats = 5, seqs = 64, completion = 48] = process.argv.slice(2).map(Number);
const PROMPT = 16;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const log = new JsonLogger({ kind: 'bench' }, 'warn');
const python = await ensureTrainerPython({ log });
const modelDir = await resolveModelDir('tiny-random:qwen2:1', python, log);
const work = mkdtempSync(join(tmpdir(), 'tribunal-bench-torch-'));
const batchFile = join(work, 'batch.json');

/** The in-process step (ms), and the batch it used written to batchFile. */
function inProcess(): { stepMs: number; tokensPerS: number } {
  const out = execFileSync(python.python, [join(TRAINER_DIR, 'bench', 'step_inprocess.py'), '--model-dir', modelDir, '--seqs', String(seqs),
    '--prompt-tokens', String(PROMPT), '--completion-tokens', String(completion), '--repeats', String(repeats), '--dump-batch', batchFile, '--device', 'cpu'],
  { env: python.env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  const r = JSON.parse(out.trim().split('\n').at(-1)!) as { step_ms: number; tokens_per_s: number };
  return { stepMs: r.step_ms, tokensPerS: r.tokens_per_s };
}

/** The same step through TorchTrainer over gRPC (the service started as the learner starts it). */
async function overGrpc(): Promise<{ stepMs: number; tokensPerS: number }> {
  const b = JSON.parse(readFileSync(batchFile, 'utf8')) as { prompt_lengths: number[]; completion_lengths: number[]; tokens: number[]; advantages: number[] };
  const trainer = await TorchTrainer.create(TorchEngineConfig.parse({ backend: 'torch', model: modelDir, device: 'cpu' }), {
    temperature: 1, seed: 0, optimizer: { lr: 1e-5, weightDecay: 0, gradClip: 0, totalSteps: 0 }, defaultExportDir: join(work, 'weights'), log: NoopLogger,
  });
  try {
    let at = 0;
    let adv = 0;
    const base = b.prompt_lengths.map((p, i) => {
      const n = b.completion_lengths[i];
      const s = { promptTokens: Int32Array.from(b.tokens.slice(at, at + p)), tokensT: Int32Array.from(b.tokens.slice(at + p, at + p + n)), advantagesT: Float32Array.from(b.advantages.slice(adv, adv + n)) };
      at += p + n;
      adv += n;
      return s;
    });
    const prox = await trainer.logprobs(base);
    const batch: PolicyGradientSequence[] = base.map((s, i) => ({ ...s, logpProxT: prox[i] }));
    const tokens = base.reduce((n, s) => n + s.promptTokens.length + s.tokensT.length, 0);
    const normalizer = base.reduce((n, s) => n + s.tokensT.length, 0);
    const times: number[] = [];
    for (let i = 0; i <= repeats; i++) {
      const t0 = performance.now();
      // As the learner's RL step does it: the optimizer step fused into the same call.
      const fb = await trainer.forwardBackward({ kind: 'ppo', seqs: batch, clipLow: 0.2, clipHigh: 0.3, klBeta: 0, normalizer, thenStep: true });
      if (!fb.step) await trainer.optimStep();
      if (i) times.push(performance.now() - t0); // the first is warm-up, as in-process
    }
    const stepMs = median(times);
    return { stepMs, tokensPerS: tokens / (stepMs / 1000) };
  } finally {
    await trainer.close();
  }
}

const ratios: number[] = [];
try {
  for (let p = 0; p < pairs; p++) {
    const a = inProcess();
    const g = await overGrpc();
    const ratio = a.stepMs / g.stepMs;
    ratios.push(ratio);
    console.log(`pair ${p + 1}: in-process ${a.stepMs.toFixed(1)} ms/step (${Math.round(a.tokensPerS)} tok/s), gRPC ${g.stepMs.toFixed(1)} ms/step (${Math.round(g.tokensPerS)} tok/s), ratio ${ratio.toFixed(3)}`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
console.log(`${seqs} sequences x ${PROMPT + completion} tokens, ${repeats} timed steps per run; ratios ${ratios.map((r) => r.toFixed(3)).join(', ')}`);
console.log(`ratio ${median(ratios).toFixed(3)}`);
