import { describe, expect, it } from 'vitest';
import { APIConnectionError, APIConnectionTimeoutError, APIError } from 'openai';
import { CircuitBreaker } from '../../src/backends/openai/circuit-breaker.ts';
import { ConcurrencyLimiter } from '../../src/backends/openai/concurrency-limiter.ts';
import { LruCache, requestKey } from '../../src/backends/openai/lru-cache.ts';
import { MalformedResponseError, backoffMs, classifyFailure, retryAfterMs } from '../../src/backends/openai/retry-policy.ts';
import { OPENAI_ENGINE_DEFAULTS, parseOpenAIEngineConfig } from '../../src/config/engines/openai.ts';
import { reasoningFields, readReasoning } from '../../src/backends/openai/reasoning.ts';
import { preferenceFromLogprobs, scoreTokenMass } from '../../src/backends/openai/score-logprobs.ts';
import { hashTokenId, parseTokenId, tokenIdsOf } from '../../src/backends/openai/token-ids.ts';
import { fillTemplate } from '../../src/judging/prompt-template.ts';
import { isTribunalError } from '../../src/core/errors.ts';

const apiError = (status: number, headers: Record<string, string> = {}) => APIError.generate(status, { message: 'x' }, undefined, new Headers(headers));

describe('openai config', () => {
  it('openai config - defaults filled and bad fields named', () => {
    expect(OPENAI_ENGINE_DEFAULTS.maxInFlight).toBe(32);
    expect(OPENAI_ENGINE_DEFAULTS.apiKeyEnv).toBe('OPENAI_API_KEY');
    expect(OPENAI_ENGINE_DEFAULTS.promptTemplate).toBe('templates/pointwise-judge.txt');
    expect(OPENAI_ENGINE_DEFAULTS.circuitBreaker).toEqual({ failures: 5, cooldownMs: 10_000 });
    try {
      parseOpenAIEngineConfig({ backend: 'openai', baseUrl: 'http://x/v1', model: 'm', reasoning: 'max' });
      expect.unreachable();
    } catch (e) {
      expect(isTribunalError(e, 'BAD_CONFIG')).toBe(true);
      expect(String(e)).toContain('reasoning');
    }
  });
});

describe('openai concurrency limiter', () => {
  it('openai limiter - never more than max in flight, FIFO', async () => {
    const lim = new ConcurrencyLimiter(3);
    let now = 0;
    let peak = 0;
    const order: number[] = [];
    await Promise.all(Array.from({ length: 10 }, (_, i) => lim.run(async () => {
      now++;
      peak = Math.max(peak, now);
      order.push(i);
      await new Promise((r) => setTimeout(r, 2));
      now--;
    })));
    expect(peak).toBe(3);
    expect(lim.peakInFlight).toBe(3);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(lim.inFlight).toBe(0);
  });
});

describe('openai circuit breaker', () => {
  it('openai breaker - opens after N failures, half-open probe after cooldown, closes on success', () => {
    let t = 0;
    const b = new CircuitBreaker({ failures: 3, cooldownMs: 100, now: () => t });
    for (let i = 0; i < 2; i++) { expect(b.tryAcquire()).toBe(true); b.onFailure(); }
    expect(b.state).toBe('closed');
    b.tryAcquire(); b.onFailure();
    expect(b.state).toBe('open');
    expect(b.tryAcquire()).toBe(false);
    t = 100;
    expect(b.state).toBe('half-open');
    expect(b.tryAcquire()).toBe(true);
    expect(b.tryAcquire()).toBe(false); // one probe only
    b.onFailure();
    expect(b.state).toBe('open');
    expect(b.opens).toBe(2);
    t = 250;
    expect(b.tryAcquire()).toBe(true);
    b.onSuccess();
    expect(b.state).toBe('closed');
  });
});

describe('openai retry policy', () => {
  it('openai retry - classifies 429, 5xx, connection, malformed, 4xx', () => {
    expect(classifyFailure(apiError(429))).toBe('rate-limited');
    expect(classifyFailure(apiError(503))).toBe('unhealthy');
    expect(classifyFailure(new APIConnectionError({ message: 'refused' }))).toBe('unhealthy');
    expect(classifyFailure(new APIConnectionTimeoutError())).toBe('unhealthy');
    expect(classifyFailure(new SyntaxError('bad json'))).toBe('unhealthy');
    expect(classifyFailure(new MalformedResponseError('no choices'))).toBe('unhealthy');
    expect(classifyFailure(apiError(400))).toBe('fatal');
    expect(classifyFailure(new TypeError('bug'))).toBe('fatal');
  });

  it('openai retry - Retry-After seconds, date and ms; jittered exponential backoff', () => {
    expect(retryAfterMs(apiError(429, { 'retry-after': '2' }))).toBe(2000);
    expect(retryAfterMs(apiError(429, { 'retry-after-ms': '150' }))).toBe(150);
    expect(retryAfterMs(apiError(429, { 'retry-after': new Date(10_000).toUTCString() }), 7_000)).toBe(3000);
    expect(retryAfterMs(apiError(429))).toBeNull();
    const o = { retryBaseMs: 100, retryMaxMs: 1000 };
    expect(backoffMs(0, o, null, () => 0.999)).toBe(99);
    expect(backoffMs(3, o, null, () => 0.5)).toBe(400);
    expect(backoffMs(10, o, null, () => 0.999)).toBe(999);
    expect(backoffMs(0, o, null, () => 0)).toBe(0);
    expect(backoffMs(0, o, 5000, () => 0.5)).toBe(5000);
  });
});

describe('openai lru cache', () => {
  it('openai lru - evicts least recently used; key depends on every field', () => {
    const c = new LruCache<number>(2);
    c.set('a', 1); c.set('b', 2);
    expect(c.get('a')).toBe(1);
    c.set('c', 3);
    expect(c.get('b')).toBeUndefined();
    expect(c.get('a')).toBe(1);
    expect(c.get('c')).toBe(3);
    expect(c.hits).toBe(3);
    expect(requestKey({ model: 'm', t: 0 })).toBe(requestKey({ model: 'm', t: 0 }));
    expect(requestKey({ model: 'm', t: 0 })).not.toBe(requestKey({ model: 'm', t: 0.1 }));
  });
});

describe('openai score logprobs', () => {
  const tok = (token: string, top: [string, number][] = []) => ({ token, logprob: Math.log(top.find(([t]) => t === token)?.[1] ?? 0.9), top_logprobs: top.map(([t, p]) => ({ token: t, logprob: Math.log(p) })) });

  it('openai score - mass at the last token equal to the parsed score, spellings summed', () => {
    const tokensT = [tok('5'), tok(' is'), tok('Score'), tok(':'), tok(' 7', [[' 7', 0.5], ['7', 0.1], ['8', 0.2], ['x', 0.2]]), tok('/'), tok('9')];
    const mass = scoreTokenMass(tokensT, 7, { low: 0, high: 9 })!;
    expect(mass.get(7)).toBeCloseTo(0.6);
    expect(mass.get(8)).toBeCloseTo(0.2);
    expect(mass.has(5)).toBe(false);
    expect(scoreTokenMass(tokensT, 3, { low: 0, high: 9 })).toBeNull();
    expect(scoreTokenMass(null, 7, { low: 0, high: 9 })).toBeNull();
  });

  it('openai score - pairwise preference from A/B logprobs', () => {
    const tokensT = [tok('[['), tok('B', [['B', 0.6], ['A', 0.2], ['C', 0.2]]), tok(']]')];
    expect(preferenceFromLogprobs(tokensT, 'B')).toBeCloseTo(0.25);
    expect(preferenceFromLogprobs(tokensT, 'A')).toBeNull();
  });
});

describe('openai reasoning', () => {
  it('openai reasoning - thinking modes map to request fields', () => {
    expect(reasoningFields('off')).toEqual({ chat_template_kwargs: { enable_thinking: false } });
    expect(reasoningFields('on')).toEqual({ chat_template_kwargs: { enable_thinking: true } });
    expect(reasoningFields('high')).toEqual({ reasoning_effort: 'high' });
  });

  it('openai reasoning - reads reasoning_content, reasoning and <think>; server count preferred', () => {
    const msg = (m: object) => ({ message: { content: 'Score: 3', ...m } });
    expect(readReasoning(msg({ reasoning_content: 'a b c' }), null)).toMatchObject({ text: 'a b c', tokens: 3, estimated: true });
    expect(readReasoning(msg({ reasoning: 'a b' }), null)).toMatchObject({ text: 'a b', tokens: 2, estimated: true });
    expect(readReasoning({ message: { content: '<think>x y z w</think>Score: 3' } }, null)).toMatchObject({ text: 'x y z w', tokens: 4, answer: 'Score: 3' });
    expect(readReasoning(msg({ reasoning_content: 'a b c' }), { completion_tokens_details: { reasoning_tokens: 17 } })).toMatchObject({ tokens: 17, estimated: false });
  });
});

describe('openai token ids', () => {
  it('openai token ids - server ids, token_id:N spelling, stable hash', () => {
    expect(parseTokenId('token_id:42')).toBe(42);
    expect(parseTokenId('42')).toBeNull();
    expect(tokenIdsOf(['a', 'b'], [5, 6])).toEqual({ idsT: Int32Array.from([5, 6]), source: 'server' });
    expect(tokenIdsOf(['token_id:9', 'token_id:10'])).toEqual({ idsT: Int32Array.from([9, 10]), source: 'server' });
    const h = tokenIdsOf(['hello', ' world']);
    expect(h.source).toBe('hashed');
    expect(h.idsT[0]).toBe(hashTokenId('hello'));
    expect(hashTokenId('hello')).toBe(hashTokenId('hello'));
    expect(hashTokenId('hello')).not.toBe(hashTokenId('hellp'));
    expect(hashTokenId('hello')).toBeGreaterThanOrEqual(0);
  });

  it('openai template - one-pass fill leaves placeholders inside values alone', () => {
    expect(fillTemplate('P={prompt} R={response} {other}', { prompt: 'say {response}', response: 'ok' })).toBe('P=say {response} R=ok {other}');
  });
});
