// The builtin trainer on a worker thread computes what the in-process one does
// (same seeds: same logprobs, same update, same exported weights), keeps the
// version in step, brings errors back with their code, and while it trains the
// caller's event loop stays free: timers fire during a step.
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LossOptions, Trainer, TrainSequence } from '../../src/engines/types.ts';
import { BuiltinTrainer } from '../../src/backends/builtin/trainer.ts';
import { ThreadTrainer } from '../../src/backends/builtin/trainer-thread.ts';
import { BOS_ID } from '../../src/backends/builtin/tokenizer.ts';
import { policyUpdate } from '../../src/learner/policy-update.ts';
import { isTribunalError } from '../../src/core/errors.ts';

const vocab = ['a', 'b', 'c', 'd', 'e', 'f', 'copy'];
const options = { model: { dModel: 32, layers: 2, heads: 2, maxSeqLen: 16, seed: 3 }, vocab, backend: 'wasm' as const, optimizer: { lr: 0.01 } };
const ppo: LossOptions = { clipLow: 0.2, clipHigh: 0.3, importanceCap: 2, klBeta: 0 };
const open: Trainer[] = [];
const dirs: string[] = [];
afterEach(async () => {
  while (open.length) await open.pop()!.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const batch: TrainSequence[] = Array.from({ length: 6 }, (_, i) => {
  const tokensT = Int32Array.from({ length: 2 + (i % 3) }, (_, t) => 4 + ((i + t) % 7));
  return { promptTokens: Int32Array.from([BOS_ID, 4 + (i % 3)]), tokensT, behaviourLogprobsT: Float32Array.from(tokensT, () => -2.4), advantage: i % 2 ? 1 : -1 };
});

describe('builtin trainer on a worker thread', () => {
  it('thread trainer - same logprobs, update and weights as in process; the version follows', async () => {
    const here = await BuiltinTrainer.create(options);
    const there = await ThreadTrainer.start({ options, initialWeights: null });
    open.push(here, there);
    expect(await there.logprobs(batch)).toEqual(await here.logprobs(batch));
    const [a, b] = [await policyUpdate(here, batch, ppo, 2), await policyUpdate(there, batch, ppo, 2)];
    expect(b.loss).toBeCloseTo(a.loss, 6);
    expect(b.gradNorm).toBeCloseTo(a.gradNorm, 6);
    expect(there.version).toBe(1);
    expect(new Uint8Array((await there.exportWeights()).blob!)).toEqual(new Uint8Array((await here.exportWeights()).blob!));
    // Checkpoints cross over: what the thread saved, the in-process trainer loads, version included.
    const dir = mkdtempSync(join(tmpdir(), 'tribunal-thread-ckpt-'));
    dirs.push(dir);
    there.setVersion(7);
    await there.save(dir);
    const fresh = await ThreadTrainer.start({ options, initialWeights: null });
    open.push(fresh);
    await fresh.load(dir);
    expect(fresh.version).toBe(7);
    expect(await fresh.logprobs(batch)).toEqual(await there.logprobs(batch));
  });

  it('thread trainer - starts from given weights; a bad blob comes back as BAD_WEIGHTS, and the trainer goes on', async () => {
    const source = await BuiltinTrainer.create({ ...options, model: { ...options.model, seed: 9 } });
    open.push(source);
    const blob = (await source.exportWeights()).blob;
    const t = await ThreadTrainer.start({ options, initialWeights: blob });
    open.push(t);
    expect(await t.logprobs(batch)).toEqual(await source.logprobs(batch));
    const err = await t.importWeights(3, new Uint8Array([1, 2, 3])).catch((e: unknown) => e);
    expect(isTribunalError(err, 'BAD_WEIGHTS'), String(err)).toBe(true);
    expect((await t.logprobs(batch)).length).toBe(batch.length);
    await expect(ThreadTrainer.start({ options: { ...options, vocab: undefined }, initialWeights: null })).rejects.toThrow(/no vocabulary given/);
  });

  it("thread trainer - the caller's event loop runs while a step trains", async () => {
    const big = { ...options, model: { dModel: 64, layers: 2, heads: 4, maxSeqLen: 16, seed: 3 } };
    const t = await ThreadTrainer.start({ options: big, initialWeights: null });
    open.push(t);
    const many = Array.from({ length: 8 }, () => batch).flat();
    let ticks = 0;
    const timer = setInterval(() => { ticks++; }, 5);
    const t0 = performance.now();
    await policyUpdate(t, many, ppo, 1);
    const ms = performance.now() - t0;
    clearInterval(timer);
    // A blocked loop would fire the timer at most once, after the step.
    expect(ticks, `${ticks} ticks in ${ms.toFixed(0)} ms`).toBeGreaterThanOrEqual(Math.min(5, Math.floor(ms / 20)));
    expect(ms).toBeGreaterThan(25);
  });

  it('thread trainer - after close every call fails in one line', async () => {
    const t = await ThreadTrainer.start({ options, initialWeights: null });
    await t.close();
    await expect(t.logprobs(batch)).rejects.toThrow(/closed/);
    await t.close(); // twice is fine
  });
});
