// The study on preference data with gold on an OpenAI-compatible endpoint (a
// server that answers as vLLM does): gold labels each (prompt, response)
// once, with its reasoning; unparsable verdicts are counted and left out; a
// pair the endpoint keeps failing is counted, left unlabelled, and asked
// again when the study resumes, which pays for nothing else twice. The
// judges and the policy are tiny HF models on the torch engine.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadStudyConfig } from '../../src/study/config.ts';
import { runStudy } from '../../src/study/study.ts';
import { Summary } from '../../src/report/summary.ts';
import { NoopLogger } from '../../src/core/logger.ts';
import { ACTOR_LOOPS } from '../../actors/index.ts';
import { startFakeVllm, type FakeVllm } from '../../src/testing/fake-vllm.ts';
import { torchAvailable } from '../helpers/torch.ts';

const skip = torchAvailable() ? false : 'no trainer Python environment (run: tribunal doctor --setup)';
const EXAMPLE = resolve(import.meta.dirname, '../../examples/tiny-hf-study.yaml');

/** Words of the response gold's prompt (the paper's pointwise template) asks about. */
const responseWords = (body: { messages?: { content?: string }[] }) => (/\[RESPONSE\]\n([\s\S]*?)\n\[\/RESPONSE\]/.exec(String(body.messages?.at(-1)?.content ?? ''))?.[1] ?? '').split(/\s+/).filter(Boolean).length;
/** Gold's score: the response's word count, capped at 9 (labels that vary, so judges have something to learn). */
const goldAnswer = (body: { messages?: { content?: string }[] }) => `The response is ${responseWords(body)} words long.\nScore: ${Math.min(9, responseWords(body))}`;
/** While failing: every request about a 7-word response fails (the pair goes unlabelled); 8-word ones get an answer with no score. */
let failing = true;
const faultFor = (body: { messages?: { content?: string }[] }) =>
  (failing && responseWords(body) === 7 ? { kind: 'status' as const, status: 503 } : responseWords(body) === 8 ? { kind: 'content' as const, content: 'no verdict' } : null);

describe.skipIf(skip)('study - preference data, OpenAI-compatible gold', () => {
  let gold: FakeVllm;
  const dir = mkdtempSync(join(tmpdir(), 'tribunal-study-prefs-'));
  beforeAll(async () => { gold = await startFakeVllm({ model: 'gold-oss', chatContent: goldAnswer, faultFor }); });
  afterAll(async () => {
    await gold?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const study = () => {
    const sc = loadStudyConfig(EXAMPLE, { sets: [
      `run.dir=${dir}`, 'run.steps=2', 'actors.gold.evalEvery=2', 'actors.gold.evalPrompts=4',
      'study.judgeExamples=60', 'study.judgeEvalExamples=20', 'study.policyWarmup.examples=40', 'study.reasoningGrpo.steps=0',
      'study.gold.backend=openai', `study.gold.baseUrl=${gold.url}`, 'study.gold.model=gold-oss', 'study.gold.reasoning=high',
      'study.gold.maxRetries=1', 'study.gold.retryBaseMs=5', 'study.gold.cache=false',
    ] });
    sc.study.runs = ['non-reasoning'];
    return sc;
  };
  /** Gold's requests (in the resumed study, only labelling asks gold: the finished RL run is skipped). */
  const labelRequests = () => gold.requests.filter((r) => r.path === '/v1/chat/completions').length;

  it('study - gold labels once, counts what it could not label, and a resumed study asks only for those', async () => {
    const first = await runStudy(study(), { log: NoopLogger, actorLoops: ACTOR_LOOPS, stage: () => {}, progress: () => {} });
    const s1 = Summary.parse(JSON.parse(readFileSync(join(first.dir, 'report', 'summary.json'), 'utf8')));
    expect(s1.goldLabels!.invalid).toBeGreaterThan(0);
    expect(s1.goldLabels!.failed).toBeGreaterThan(0);
    expect(s1.goldLabels!.labelled + s1.goldLabels!.invalid + s1.goldLabels!.failed).toBe(80); // 60 training + 20 held-out pairs
    expect(s1.goldLabels!.usage.requests).toBeGreaterThanOrEqual(80);
    expect(s1.goldLabels!.usage.reasoningTokens).toBeGreaterThan(0); // reasoning: high, and the reasoning kept for distillation
    const cached = readFileSync(join(dir, 'gold-labels.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(cached.some((r) => r.reasoning.length > 0)).toBe(true);
    // Unparsable verdicts are cached as invalid (never asked again) and were all the 8-word responses.
    expect(cached.filter((r) => !r.valid).every((r) => r.response.split(/\s+/).filter(Boolean).length === 8)).toBe(true);
    expect(readFileSync(join(first.dir, 'report', 'report.md'), 'utf8')).toMatch(new RegExp(`Gold labels: \\d+ labelled, ${s1.goldLabels!.invalid} invalid`));

    // Resume with the endpoint healthy: only the failed pairs go to gold again.
    failing = false;
    const before = labelRequests();
    const again = await runStudy(study(), { log: NoopLogger, actorLoops: ACTOR_LOOPS, stage: () => {}, progress: () => {} });
    expect(labelRequests() - before).toBe(s1.goldLabels!.failed);
    const s2 = Summary.parse(JSON.parse(readFileSync(join(again.dir, 'report', 'summary.json'), 'utf8')));
    expect(s2.goldLabels!.failed).toBe(0);
    expect(s2.goldLabels!.labelled + s2.goldLabels!.invalid).toBe(80);
    expect(s2.goldLabels!.usage.requests).toBeGreaterThan(s1.goldLabels!.usage.requests); // cost accumulates over runs
    expect(s2.judges.map((j) => j.name)).toEqual(['non-reasoning']);
  }, 600_000);
});
