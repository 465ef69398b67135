// The paper's protocol end to end on real (tiny, random-init) Hugging Face
// models through the torch engine: examples/tiny-hf-study.yaml, shortened.
// It proves the pipeline (every stage, the judges kept as model dirs, the
// report), not the science.
import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadStudyConfig } from '../../src/study/config.ts';
import { runStudy } from '../../src/study/study.ts';
import { Summary } from '../../src/report/summary.ts';
import { NoopLogger } from '../../src/core/logger.ts';
import { ACTOR_LOOPS } from '../../actors/index.ts';
import { torchAvailable } from '../helpers/torch.ts';

const skip = torchAvailable() ? false : 'no trainer Python environment (run: tribunal doctor --setup)';

describe.skipIf(skip)('study - tiny HF models', () => {
  it('study - every stage runs on the torch engine and the report is written', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tribunal-study-hf-'));
    try {
      const sc = loadStudyConfig(resolve(import.meta.dirname, '../../examples/tiny-hf-study.yaml'), {
        sets: [`run.dir=${dir}`, 'run.steps=4', 'actors.gold.evalEvery=2', 'actors.gold.evalPrompts=8', 'study.judgeExamples=120', 'study.judgeEvalExamples=40', 'study.policyWarmup.examples=80'],
      });
      const stages: string[] = [];
      const result = await runStudy(sc, { log: NoopLogger, actorLoops: ACTOR_LOOPS, stage: (_i, _n, name) => stages.push(name), progress: () => {} });
      expect(stages).toHaveLength(8);
      for (const m of ['non-reasoning', 'reasoning-sft', 'reasoning', 'policy-init']) {
        expect(existsSync(join(dir, 'models', m, 'config.json')), `${m} kept as a model dir`).toBe(true);
      }
      const summary = Summary.parse(JSON.parse(readFileSync(join(result.dir, 'report', 'summary.json'), 'utf8')));
      expect(summary.judges.map((j) => j.name)).toEqual(['non-reasoning', 'reasoning', 'gold-reward']);
      for (const j of summary.judges) {
        expect(j.staticN).toBe(40);
        expect(j.evalRounds).toBeGreaterThanOrEqual(2);
        expect(j.finalStep).toBe(4);
      }
      expect(summary.judges[2].staticAlpha).toBe(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 600_000);
});
