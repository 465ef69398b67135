import { afterEach, describe, expect, it } from 'vitest';
import { OpenAIJudge } from '../../src/backends/openai/judge.ts';
import type { OpenAIEngineConfigInput } from '../../src/config/engines/openai.ts';
import { isTribunalError } from '../../src/core/errors.ts';
import { startFakeVllm, type FakeVllm } from '../../src/testing/fake-vllm.ts';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanup.length) await cleanup.pop()!();
});

async function setup(fakeOpts: Parameters<typeof startFakeVllm>[0] = {}, cfg: Partial<OpenAIEngineConfigInput> = {}): Promise<{ fake: FakeVllm; judge: OpenAIJudge }> {
  const fake = await startFakeVllm(fakeOpts);
  const judge = OpenAIJudge.fromConfig({ backend: 'openai', baseUrl: fake.url, model: 'fake-judge', retryBaseMs: 5, retryMaxMs: 20, ...cfg });
  cleanup.push(() => fake.close(), () => judge.close());
  return { fake, judge };
}

const item = { prompt: 'What is 2+2?', response: '4' };

describe('openai judge', () => {
  it('openai judge - expected score from the score token top_logprobs, renormalised over 0-9', async () => {
    const { fake, judge } = await setup();
    const [v] = await judge.scorePointwise([item]);
    // Fake: p(5..8) = .05 .15 .5 .2, and .1 on a non-digit token that renormalisation drops.
    expect(v.valid).toBe(true);
    expect(v.score).toBe(7);
    expect(v.expected).toBeCloseTo((5 * 0.05 + 6 * 0.15 + 7 * 0.5 + 8 * 0.2) / 0.9, 5);
    expect(Array.from(v.distribution!).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    const body = fake.requests[0].body;
    expect(body.logprobs).toBe(true);
    expect(body.top_logprobs).toBe(20);
    expect(body.messages[0].content).toContain('[RESPONSE]\n4\n[/RESPONSE]');
    expect(judge.usageSnapshot()).toMatchObject({ requests: 1, logprobVerdicts: 1, invalidVerdicts: 0 });
    expect(judge.usageSnapshot().promptTokens).toBeGreaterThan(0);
  });

  it('openai judge - judgeApi completions: the filled template as the prompt, the score distribution from legacy top_logprobs, plain-text reasoning kept', async () => {
    const { fake, judge } = await setup({ completionText: () => 'The answer is right and short.\nScore: 7' }, { judgeApi: 'completions', maxTokens: 64 });
    const [v] = await judge.scorePointwise([item]);
    expect(v).toMatchObject({ valid: true, score: 7, reasoningText: 'The answer is right and short.' });
    expect(v.expected).toBeCloseTo((5 * 0.05 + 6 * 0.15 + 7 * 0.5 + 8 * 0.2) / 0.9, 5);
    expect(v.reasoningTokens).toBeGreaterThan(0);
    const req = fake.requests.find((r) => r.path === '/v1/completions')!;
    expect(req.body.prompt).toContain('[RESPONSE]\n4\n[/RESPONSE]');
    expect(req.body).toMatchObject({ model: 'fake-judge', logprobs: 20, max_tokens: 64 });
    expect(req.body).not.toHaveProperty('messages');
    expect(req.body).not.toHaveProperty('chat_template_kwargs');
    expect(judge.usageSnapshot()).toMatchObject({ requests: 1, logprobVerdicts: 1 });
  });

  it('openai judge - no logprobs: expected is the parsed score', async () => {
    const { fake, judge } = await setup();
    fake.enqueue({ kind: 'no-logprobs' });
    const [v] = await judge.scorePointwise([item]);
    expect(v).toMatchObject({ valid: true, score: 7, expected: 7, distribution: null });
    expect(judge.usageSnapshot().logprobVerdicts).toBe(0);
  });

  it('openai judge - markdown-wrapped answer still parses', async () => {
    const { fake, judge } = await setup();
    fake.enqueue({ kind: 'markdown' });
    const [v] = await judge.scorePointwise([item]);
    expect(v).toMatchObject({ valid: true, score: 7 });
  });

  it('openai judge - malformed answers are invalid verdicts, counted, never thrown', async () => {
    const { fake, judge } = await setup();
    fake.enqueue({ kind: 'content', content: 'I cannot rate this.' }, { kind: 'content', content: 'Score: 12' });
    const vs = await judge.scorePointwise([item, { prompt: 'p', response: 'other' }, { prompt: 'p', response: 'third' }]);
    expect(vs.filter((v) => !v.valid)).toHaveLength(2);
    expect(vs.filter((v) => !v.valid).every((v) => v.score === null && v.expected === null)).toBe(true);
    expect(judge.usageSnapshot().invalidVerdicts).toBe(2);
  });

  it('openai judge - reasoning_content token count, estimated; server count when given', async () => {
    const { judge } = await setup({ reasoningText: 'one two three four five' }, { reasoning: 'on' });
    const [v] = await judge.scorePointwise([item]);
    expect(v.reasoningTokens).toBe(5);
    expect(judge.usageSnapshot()).toMatchObject({ reasoningTokens: 5, reasoningTokensEstimated: 5 });
    const { judge: j2 } = await setup({ reasoningText: 'one two three', reasoningField: 'reasoning', reportReasoningTokens: true }, { reasoning: 'high' });
    const [v2] = await j2.scorePointwise([item]);
    expect(v2.reasoningTokens).toBe(3);
    expect(j2.usageSnapshot()).toMatchObject({ reasoningTokens: 3, reasoningTokensEstimated: 0 });
  });

  it('openai judge - thinking modes put the right fields on the wire', async () => {
    const modes = ['off', 'on', 'low', 'medium', 'high'] as const;
    const seen: Record<string, unknown>[] = [];
    for (const reasoning of modes) {
      const { fake, judge } = await setup({}, { reasoning });
      await judge.scorePointwise([item]);
      const b = fake.requests[0].body;
      seen.push({ kwargs: b.chat_template_kwargs, effort: b.reasoning_effort });
    }
    expect(seen).toEqual([
      { kwargs: { enable_thinking: false }, effort: undefined },
      { kwargs: { enable_thinking: true }, effort: undefined },
      { kwargs: undefined, effort: 'low' },
      { kwargs: undefined, effort: 'medium' },
      { kwargs: undefined, effort: 'high' },
    ]);
  });

  it('openai judge - cache hit avoids a second request, also for concurrent identical requests', async () => {
    const { fake, judge } = await setup({ latencyMs: 20 });
    const [a, b] = await Promise.all([judge.scoreOne(item), judge.scoreOne(item)]);
    await judge.scoreOne(item);
    expect(fake.requests).toHaveLength(1);
    expect(a).toBe(b);
    expect(judge.usageSnapshot().cacheHits).toBe(2);
    const { fake: f2, judge: uncached } = await setup({}, { cache: false });
    await uncached.scoreOne(item);
    await uncached.scoreOne(item);
    expect(f2.requests).toHaveLength(2);
  });

  it('openai judge - pairwise preference is soft from A/B logprobs, hard without', async () => {
    const { fake, judge } = await setup({ pairProbs: { A: 0.3, B: 0.6 } }, { mode: 'pairwise' });
    const r = await judge.comparePair('p', 'first', 'second');
    expect(r.pA).toBeCloseTo(1 / 3, 5);
    expect(fake.requests[0].body.messages[0].content).toContain('[RESPONSE B]\nsecond\n[/RESPONSE B]');
    fake.enqueue({ kind: 'no-logprobs' });
    expect((await judge.comparePair('p', 'x', 'y')).pA).toBe(0);
    fake.enqueue({ kind: 'content', content: 'Both are fine. [[C]]' });
    expect((await judge.comparePair('p', 'x', 'z')).pA).toBeNull();
    expect(judge.usageSnapshot().invalidVerdicts).toBe(1);
  });
});

describe('openai endpoint robustness', () => {
  it('openai endpoint - retries 500/503 then succeeds', async () => {
    const { fake, judge } = await setup();
    fake.enqueue({ kind: 'status', status: 500 }, { kind: 'status', status: 503 });
    const [v] = await judge.scorePointwise([item]);
    expect(v.valid).toBe(true);
    expect(fake.requests).toHaveLength(3);
    expect(judge.usageSnapshot()).toMatchObject({ retries: 2, failures: 0 });
  });

  it('openai endpoint - 429 waits Retry-After before retrying', async () => {
    const { fake, judge } = await setup();
    fake.enqueue({ kind: 'status', status: 429, retryAfter: '0.3' });
    const t0 = Date.now();
    const [v] = await judge.scorePointwise([item]);
    expect(v.valid).toBe(true);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(280);
    expect(fake.requests).toHaveLength(2);
  });

  it('openai endpoint - malformed JSON body is retried', async () => {
    const { fake, judge } = await setup();
    fake.enqueue({ kind: 'malformed' });
    const [v] = await judge.scorePointwise([item]);
    expect(v.valid).toBe(true);
    expect(fake.requests).toHaveLength(2);
  });

  it('openai endpoint - gives up after maxRetries with UNAVAILABLE', async () => {
    const { fake, judge } = await setup({ always: { kind: 'status', status: 502 } }, { maxRetries: 2 });
    const err = await judge.scoreOne(item).catch((e) => e);
    expect(isTribunalError(err, 'UNAVAILABLE')).toBe(true);
    expect(fake.requests).toHaveLength(3);
    expect(judge.usageSnapshot().failures).toBe(1);
  });

  it('openai endpoint - breaker opens after consecutive failures and fails fast, then recovers', async () => {
    const { fake, judge } = await setup({ always: { kind: 'status', status: 500 } }, { maxRetries: 0, cache: false, circuitBreaker: { failures: 3, cooldownMs: 200 } });
    for (let i = 0; i < 3; i++) await judge.scoreOne(item).catch(() => {});
    expect(judge.endpoint.breaker.state).toBe('open');
    const err = await judge.scoreOne(item).catch((e) => e);
    expect(isTribunalError(err, 'UNAVAILABLE')).toBe(true);
    expect(String(err.message)).toContain('circuit open');
    expect(fake.requests).toHaveLength(3);
    fake.opts.always = null;
    await new Promise((r) => setTimeout(r, 220));
    expect((await judge.scoreOne(item)).valid).toBe(true);
    expect(judge.endpoint.breaker.state).toBe('closed');
    expect(judge.usageSnapshot().breakerRejections).toBe(1);
  });

  it('openai endpoint - a hung request times out, is retried, then TIMEOUT', async () => {
    const { fake, judge } = await setup({}, { timeoutMs: 100, maxRetries: 1 });
    fake.enqueue({ kind: 'hang' });
    expect((await judge.scoreOne(item)).valid).toBe(true);
    fake.enqueue({ kind: 'hang' }, { kind: 'hang' });
    const t0 = Date.now();
    const err = await judge.scoreOne({ prompt: 'other', response: 'x' }).catch((e) => e);
    expect(isTribunalError(err, 'TIMEOUT')).toBe(true);
    expect(Date.now() - t0).toBeLessThan(2000);
  });

  it('openai endpoint - the server never sees more than maxInFlight requests', async () => {
    const { fake, judge } = await setup({ latencyMs: 15 }, { maxInFlight: 4, cache: false });
    const items = Array.from({ length: 24 }, (_, i) => ({ prompt: 'p', response: `r${i}` }));
    const vs = await judge.scorePointwise(items);
    expect(vs.every((v) => v.valid)).toBe(true);
    expect(fake.maxInFlight).toBe(4);
    expect(judge.endpoint.limiter.peakInFlight).toBe(4);
  });
});
