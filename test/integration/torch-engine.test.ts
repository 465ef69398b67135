// The torch backend against the real trainer service (Python, torch, a tiny
// random-init Qwen2 made offline): the Trainer, Sampler and Judge ports over
// gRPC, weights by reference, checkpoints, bad input, and a service that dies.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { TorchEngineConfig } from '../../src/config/engines/torch.ts';
import { createJudge, createSampler, createTrainer, type EngineContext } from '../../src/backends/registry.ts';
import type { TorchTrainer } from '../../src/backends/torch/trainer.ts';
import type { TorchSampler } from '../../src/backends/torch/sampler.ts';
import { policyUpdate } from '../../src/learner/policy-update.ts';
import { sftStep } from '../../src/learner/sft-step.ts';
import { mismatchStats } from '../../src/rl/mismatch.ts';
import { isTribunalError } from '../../src/core/errors.ts';
import { NoopLogger } from '../../src/core/logger.ts';
import type { TrainSequence } from '../../src/engines/types.ts';
import { torchAvailable } from '../helpers/torch.ts';

const dir = mkdtempSync(join(tmpdir(), 'tribunal-torch-'));
const TEMPLATE = resolve(import.meta.dirname, '../fixtures/tiny-judge-template.txt');
const engine = (over: Record<string, unknown> = {}) => TorchEngineConfig.parse({ backend: 'torch', model: 'tiny-random:qwen2:1', startTimeoutMs: 120_000, ...over });
const ctx = (over: Partial<EngineContext> = {}): EngineContext => ({
  vocab: () => [], temperature: 0.7, seed: 3, totalSteps: 100, runDir: dir, log: NoopLogger,
  optimizer: { lr: 1e-2, weightDecay: 0, gradClip: 1 }, ...over,
});
const skip = torchAvailable() ? false : 'no trainer Python environment (run: tribunal doctor --setup)';

describe.skipIf(skip)('torch engine', () => {
  let trainer: TorchTrainer;
  let sampler: TorchSampler;
  beforeAll(async () => {
    trainer = (await createTrainer(engine({ lora: { rank: 4 } }), ctx())) as TorchTrainer;
    sampler = (await createSampler(engine({ lora: { rank: 4 } }), ctx())) as TorchSampler;
  }, 240_000);
  afterAll(async () => {
    await trainer?.close();
    await sampler?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const draw = (seed: number) => sampler.sample({ prompt: 'the cat sat on', n: 4, maxNewTokens: 8, temperature: 0.7, seed });
  const asBatch = (r: Awaited<ReturnType<typeof draw>>, advantage: (text: string) => number): TrainSequence[] =>
    r.completionsG.map((c) => ({ promptTokens: r.promptTokens, tokensT: c.tokensT, behaviourLogprobsT: c.logprobsT, advantage: advantage(c.text) }));

  it('torch engine - on-policy, the trainer\'s logprobs of sampled tokens equal the sampler\'s (mismatch near zero)', async () => {
    const r = await draw(11);
    expect(r.completionsG).toHaveLength(4);
    for (const c of r.completionsG) expect(c.tokensT.length).toBe(c.logprobsT.length);
    const seqs = asBatch(r, () => 0);
    const prox = await trainer.logprobs(seqs);
    const m = mismatchStats(prox, seqs.map((s) => s.behaviourLogprobsT));
    expect(m.tokens).toBeGreaterThan(8);
    expect(m.maxAbsLogDiff).toBeLessThan(1e-4);
  }, 60_000);

  it('torch engine - the RL step trains through the service; exported LoRA weights load by reference and change what is sampled', async () => {
    const before = await draw(5);
    const batch = asBatch(await draw(6), (t) => (/[0-9]/.test(t) ? 1 : -1));
    const stats = await policyUpdate(trainer, batch, { clipLow: 0.2, clipHigh: 0.3, importanceCap: 2, klBeta: 0 }, 2);
    expect(stats.applied).toBe(true);
    expect(stats.skippedSteps).toBe(0);
    expect(Number.isFinite(stats.loss)).toBe(true);
    expect(stats.mismatch).toBeLessThan(1e-4);
    expect(trainer.version).toBe(1);
    const w = await trainer.exportWeights();
    expect(w.ref).toMatchObject({ kind: 'lora', version: 1 });
    expect(w.ref!.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    await sampler.loadWeights(1, w.ref!);
    expect(sampler.version).toBe(1);
    const after = await draw(5);
    expect(after.completionsG.map((c) => Array.from(c.tokensT))).not.toEqual(before.completionsG.map((c) => Array.from(c.tokensT)));
    // A reference whose digest does not match is refused whole; the weights held stay.
    const forged = { ...w.ref!, version: 2, digest: `sha256:${'0'.repeat(64)}` };
    const err = await sampler.loadWeights(2, forged).catch((e: unknown) => e);
    expect(isTribunalError(err, 'BAD_WEIGHTS')).toBe(true);
    expect(sampler.version).toBe(1);
    expect((await draw(5)).completionsG.map((c) => c.text)).toEqual(after.completionsG.map((c) => c.text));
    const other = await sampler.loadWeights(3, { ...w.ref!, baseModel: 'someone/else' }).catch((e: unknown) => e);
    expect((other as Error).message).toMatch(/base model someone\/else/);
  }, 120_000);

  it('torch engine - a NaN advantage skips the step (counted) and changes no weight', async () => {
    const batch = asBatch(await draw(7), () => 0.5).map((s, i) => (i === 1 ? { ...s, advantage: NaN } : s));
    const lpBefore = await trainer.logprobs(batch);
    const stats = await policyUpdate(trainer, batch, { clipLow: 0.2, clipHigh: 0.3, importanceCap: 2, klBeta: 0 }, 1);
    expect(stats.applied).toBe(false);
    expect(stats.skippedSteps).toBe(1);
    expect((await trainer.logprobs(batch)).map((x) => Array.from(x))).toEqual(lpBefore.map((x) => Array.from(x)));
  }, 60_000);

  it('torch engine - SFT on text lowers the loss; a checkpoint round trip restores weights and version', async () => {
    const seqs = await trainer.encode([{ input: 'count to three', target: '1 2 3' }, { input: 'say cat', target: 'cat' }]);
    expect(seqs[0].tokensT.at(-1)).toBe(seqs[1].tokensT.at(-1)); // both end with the end token
    const first = (await sftStep(trainer, seqs)).loss;
    let last = first;
    for (let i = 0; i < 8; i++) last = (await sftStep(trainer, seqs)).loss;
    expect(last).toBeLessThan(first * 0.8);
    const ckpt = join(dir, 'ckpt');
    trainer.setVersion(7);
    await trainer.save(ckpt);
    const saved = await trainer.logprobs(seqs);
    await sftStep(trainer, seqs);
    trainer.setVersion(8);
    expect((await trainer.logprobs(seqs))[0]).not.toEqual(saved[0]);
    await trainer.load(ckpt);
    expect(trainer.version).toBe(7);
    expect((await trainer.logprobs(seqs)).map((x) => Array.from(x))).toEqual(saved.map((x) => Array.from(x)));
  }, 120_000);

  it('torch engine - judges: a direct judge gives a score distribution; a reasoning judge that never writes the score prefix is invalid', async () => {
    const direct = await createJudge(engine({ promptTemplate: TEMPLATE }), ctx());
    try {
      const vs = await direct.scorePointwise([{ prompt: 'count to three', response: '1 2 3' }, { prompt: 'say cat', response: 'dog' }]);
      expect(vs).toHaveLength(2);
      for (const v of vs) {
        expect(v.valid).toBe(true);
        expect(v.distribution!.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
        expect(v.expected).toBeGreaterThanOrEqual(0);
        expect(v.expected).toBeLessThanOrEqual(9);
      }
    } finally {
      await direct.close();
    }
    // A random tiny model does not write "Score:" in 6 tokens: an invalid verdict, never a throw.
    const reasoning = await createJudge(engine({ promptTemplate: TEMPLATE, judgeMode: 'reasoning', maxReasoningTokens: 6, scorePrefix: 'Verdict zebra: ' }), ctx());
    try {
      const [v] = await reasoning.scorePointwise([{ prompt: 'say cat', response: 'cat' }]);
      expect(v).toMatchObject({ valid: false, expected: null });
      expect(v.reasoningTokens).toBeGreaterThan(0);
    } finally {
      await reasoning.close();
    }
  }, 180_000);

  it('torch engine - a killed sampler service is restarted with the weights it held; a killed trainer service is fatal and says why', async () => {
    const held = await draw(9);
    process.kill(sampler.servicePid!, 'SIGKILL');
    const again = await draw(9); // restarted, model and v1 weights loaded again
    expect(again.completionsG.map((c) => c.text)).toEqual(held.completionsG.map((c) => c.text));
    process.kill(trainer.servicePid!, 'SIGKILL');
    const err = await trainer.logprobs(asBatch(held, () => 0)).catch((e: unknown) => e);
    expect(isTribunalError(err, 'UNAVAILABLE')).toBe(true);
    expect((err as Error).message).toMatch(/killed by SIGKILL.*resumes from its last checkpoint/);
  }, 180_000);

  it('torch engine - bad input: a missing model dir and a LoRA target the model lacks fail with one line', async () => {
    const missing = await createTrainer(engine({ model: join(dir, 'nope') }), ctx()).catch((e: unknown) => e);
    expect(isTribunalError(missing, 'BAD_CONFIG')).toBe(true);
    expect((missing as Error).message).toMatch(/nope/);
    const target = await createTrainer(engine({ lora: { rank: 4, targetModules: ['not_a_module'] } }), ctx()).catch((e: unknown) => e);
    expect(isTribunalError(target, 'BAD_CONFIG')).toBe(true);
    expect((target as Error).message).toMatch(/not_a_module/);
    expect((target as Error).message.split('\n')).toHaveLength(1);
  }, 120_000);
});

// Config errors come before any process starts.
describe('torch engine config', () => {
  it('torch engine config - the schema names a bad field', () => {
    expect(() => TorchEngineConfig.parse({ backend: 'torch' })).toThrow(/model/);
    expect(TorchEngineConfig.safeParse({ backend: 'torch', model: 'm', lora: { rank: -1 } }).success).toBe(false);
  });
});

describe.skipIf(skip)('torch engine - FSDP2', () => {
  it('torch engine - gpus: 2 runs the service under torchrun (FSDP2, gloo on CPU) and its update equals one process\'s', async () => {
    const opts = { lora: { rank: 0 }, startTimeoutMs: 180_000 };
    const one = (await createTrainer(engine(opts), ctx())) as TorchTrainer;
    const two = (await createTrainer(engine({ ...opts, gpus: 2 }), ctx())) as TorchTrainer;
    try {
      const seqs = await one.encode([{ input: 'count to three', target: '1 2 3' }, { input: 'say cat', target: 'cat sat' }, { input: 'red', target: 'blue' }]);
      const batch = seqs.map((s, i) => ({ ...s, behaviourLogprobsT: new Float32Array(s.tokensT.length).fill(-2), advantage: [1, -0.5, 0.25][i] }));
      const a = await policyUpdate(one, batch, { clipLow: 0.2, clipHigh: 0.3, importanceCap: 2, klBeta: 0 }, 1);
      const b = await policyUpdate(two, batch, { clipLow: 0.2, clipHigh: 0.3, importanceCap: 2, klBeta: 0 }, 1);
      expect(b.loss).toBeCloseTo(a.loss, 5);
      expect(b.gradNorm).toBeCloseTo(a.gradNorm, 4);
      const [la, lb] = [await one.logprobs(seqs), await two.logprobs(seqs)];
      for (let i = 0; i < seqs.length; i++) for (let t = 0; t < la[i].length; t++) expect(Math.abs(la[i][t] - lb[i][t])).toBeLessThan(1e-3);
    } finally {
      await one.close();
      await two.close();
    }
  }, 300_000);
});
