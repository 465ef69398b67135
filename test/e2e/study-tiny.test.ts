// The whole protocol at the smallest scale, through real NATS and real actor
// processes: judges trained, static eval, judge GRPO, three policy runs with
// gold watching, and a well-formed report.
import { describe, expect, it, vi } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { loadStudyConfig } from '../../src/study/config.ts';
import { runStudy } from '../../src/study/study.ts';
import { Summary } from '../../src/report/summary.ts';
import { NoopLogger } from '../../src/core/logger.ts';
import { ACTOR_LOOPS } from '../../actors/index.ts';
import { diagnoseCommand } from '../../src/cli/diagnose-command.ts';

describe('study - tiny end to end', () => {
  it('study - runs every stage through real NATS and writes a well-formed summary.json', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tribunal-study-'));
    const path = join(dir, 'study.yaml');
    writeFileSync(path, stringify({
      run: { id: 'tiny', dir: join(dir, 'run'), steps: 4, seed: 2 },
      nats: { ackWaitMs: 10000 },
      scheduler: { heartbeatMs: 300 },
      rl: { eta: 1, promptsPerStep: 4, groupSize: 4, maxNewTokens: 6, checkpointEvery: 2 },
      actors: { gold: { replicas: 1, evalEvery: 2, evalPrompts: 8, sampleFraction: 0.5 } },
      monitor: { finalEvalTimeoutMs: 30000, trainGoldWindow: 2 },
      study: {
        judgeExamples: 200, judgeEvalExamples: 50,
        judgeModel: { dModel: 16, layers: 1, heads: 2, maxSeqLen: 48 }, judgeSft: { epochs: 1, batchSize: 32 },
        reasoningGrpo: { steps: 2, promptsPerStep: 4, groupSize: 2 },
        policyModel: { dModel: 16, layers: 1, heads: 2, maxSeqLen: 24 }, policyWarmup: { examples: 200, epochs: 1 },
        runs: ['non-reasoning', 'reasoning', 'reasoning-rl', 'gold-reward'],
        reasoningEffort: 'medium', // gold's trace works the reference out first (a window of 48 holds it)
      },
    }));
    const stages: string[] = [];
    const result = await runStudy(loadStudyConfig(path), { log: NoopLogger, actorLoops: ACTOR_LOOPS, stage: (_i, _n, name) => stages.push(name), progress: () => {} });
    expect(stages).toEqual([
      'train judges on gold labels', 'reasoning judge GRPO', 'static agreement with gold', 'policy warm-up',
      'RL against the non-reasoning judge', 'RL against the reasoning judge', 'RL against the reasoning-rl judge', 'RL against the gold-reward judge', 'report',
    ]);
    const summary = Summary.parse(JSON.parse(readFileSync(join(result.dir, 'report', 'summary.json'), 'utf8')));
    expect(summary.judges.map((j) => j.name)).toEqual(['non-reasoning', 'reasoning', 'reasoning-rl', 'gold-reward']);
    // The RL-only control never saw gold's reasoning: its start was trained on "score N" targets alone.
    expect(existsSync(join(result.dir, 'judges', 'reasoning-rl-start.bin'))).toBe(true);
    expect(existsSync(join(result.dir, 'runs', 'judge-grpo-rl', 'metrics.jsonl'))).toBe(true);
    for (const j of summary.judges) {
      expect(j.evalRounds).toBeGreaterThanOrEqual(3); // steps 0, 2, 4
      expect(j.goldPeak).toBeGreaterThanOrEqual(0);
      expect(j.finalStep).toBe(4);
      expect(typeof j.hackingFlagged).toBe('boolean');
      expect(j.staticN).toBe(50);
      // The second curve: gold on the training groups gold sampled (half of 16 per run, in windows of 2 steps).
      expect(j.trainGoldWindows).toBeGreaterThanOrEqual(1);
      expect(j.finalTrainGold).toBeGreaterThanOrEqual(0);
    }
    expect(readFileSync(join(result.dir, 'report', 'proxy-gold-non-reasoning.svg'), 'utf8')).toContain('gold (training samples)');
    expect(summary.judges[3].staticAlpha).toBe(1); // gold agrees with itself
    // The second judge scored every RL run's groups beside its judge: the disagreement is in each step's signals.
    const rows = readFileSync(join(result.dir, 'runs', 'non-reasoning', 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(rows.every((r) => typeof r.signals?.disagreement === 'number')).toBe(true);
    expect(rows.every((r) => typeof r.signals?.rewardStd === 'number')).toBe(true);
    // ... and so is its score entropy, on the gold-reward run too (gold gives none of its own).
    const goldRows = readFileSync(join(result.dir, 'runs', 'gold-reward', 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(goldRows.every((r) => typeof r.signals?.secondEntropy === 'number' && r.signals.judgeEntropy === null)).toBe(true);
    for (const f of ['report.md', 'samples.html', 'gold-all.svg', 'proxy-gold-non-reasoning.svg']) expect(existsSync(join(result.dir, 'report', f)), f).toBe(true);
    // Why the reasoning judges overrate: their traces against gold's, on each final policy's samples.
    const quiet = vi.spyOn(console, 'log').mockImplementation(() => {}); // the command prints the markdown it writes to --out
    for (const judge of ['reasoning', 'reasoning-rl']) {
      const out = join(dir, `diagnose-${judge}.md`);
      expect(await diagnoseCommand([path, '--judge', judge, '--prompts', '6', '--samples', '2', '--out', out])).toBe(0);
      expect(readFileSync(out, 'utf8')).toMatch(/^### .*\n\n12 samples; the judge overrates \d+/);
    }
    // And on the held-out judge data, every sample counted: the medium-effort trace's worked reference is read back.
    const heldout = join(dir, 'diagnose-heldout.md');
    expect(await diagnoseCommand([path, '--on', 'heldout', '--threshold=-10', '--out', heldout])).toBe(0);
    expect(readFileSync(heldout, 'utf8')).toMatch(/held-out judge data[\s\S]*\n\n50 samples; the judge overrates 50 \(judge - gold > -10\)/);
    // Every judge the study trained, on each eval round's samples of the non-reasoning run.
    const cross = join(dir, 'cross.md');
    expect(await diagnoseCommand([path, '--cross', 'non-reasoning', '--out', cross])).toBe(0);
    expect(readFileSync(cross, 'utf8')).toMatch(/\| step \| gold \| proxy \| non-reasoning \| non-reasoning-b \| reasoning \| reasoning-rl \|\n[^\n]*\n\| 0 \|/);
    quiet.mockRestore();
    await expect(diagnoseCommand([path, '--cross', 'nowhere'])).rejects.toThrow(/--cross nowhere: .* has no eval rounds/);
    await expect(diagnoseCommand([path, '--judge', 'non-reasoning'])).rejects.toThrow(/a reasoning judge/);
    await expect(diagnoseCommand([path, '--on', 'judges'])).rejects.toThrow(/--on: policy or heldout/);
  }, 300_000);
});
