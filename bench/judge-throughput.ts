// Judge throughput: OpenAIJudge (cache off: every item is an HTTP request)
// against a plain loop of the official openai client at the same concurrency,
// both on a fake vLLM with fixed latency. The last line is the ratio engine/plain.
// Usage: node --import tsx bench/judge-throughput.ts [requests] [concurrency] [latencyMs]
import OpenAI from 'openai';
import { OpenAIJudge } from '../src/backends/openai/judge.ts';
import { judgeRequestBody } from '../src/backends/openai/judge-request.ts';
import { OPENAI_ENGINE_DEFAULTS } from '../src/config/engines/openai.ts';
import { fillTemplate, loadTemplate } from '../src/judging/prompt-template.ts';
import { startFakeVllm } from '../src/testing/fake-vllm.ts';

const N = Number(process.argv[2] ?? 1000);
const C = Number(process.argv[3] ?? 32);
const LATENCY_MS = Number(process.argv[4] ?? 20);
const ROUNDS = Number(process.argv[5] ?? 5);

const fake = await startFakeVllm({ latencyMs: LATENCY_MS });
const items = Array.from({ length: N }, (_, i) => ({ prompt: `Question ${i}: what is ${i} + ${i}?`, response: `It is ${2 * i}.` }));

async function engineRun(): Promise<number> {
  const judge = OpenAIJudge.fromConfig({ backend: 'openai', baseUrl: fake.url, model: 'fake-judge', maxInFlight: C, cache: false });
  const t0 = performance.now();
  // The engine bounds in-flight requests itself: hand it the whole batch.
  const verdicts = await judge.scorePointwise(items);
  const s = (performance.now() - t0) / 1000;
  if (verdicts.some((v) => !v.valid)) throw new Error('engine produced invalid verdicts');
  await judge.close();
  return N / s;
}

async function plainRun(): Promise<number> {
  const client = new OpenAI({ baseURL: fake.url, apiKey: 'EMPTY', maxRetries: 0 });
  const template = loadTemplate(OPENAI_ENGINE_DEFAULTS.promptTemplate, ['prompt', 'response']);
  let next = 0;
  const t0 = performance.now();
  // C workers pulling from a shared index: the plain way to keep C requests in flight.
  await Promise.all(Array.from({ length: C }, async () => {
    while (next < N) {
      const it = items[next++];
      const body = judgeRequestBody({ ...OPENAI_ENGINE_DEFAULTS, model: 'fake-judge' }, fillTemplate(template, { prompt: it.prompt, response: it.response }));
      const r = await client.chat.completions.create(body as never);
      if (!(r as { choices: unknown[] }).choices.length) throw new Error('no choices');
    }
  }));
  const s = (performance.now() - t0) / 1000;
  return N / s;
}

// Warm up connections and JIT on both paths. Then paired rounds, alternating
// which path goes first: a shared, loaded machine drifts, and the ratio within
// a pair is far steadier than either rate. Report medians.
await engineRun();
await plainRun();
const engineR: number[] = [];
const plainR: number[] = [];
const ratios: number[] = [];
for (let r = 0; r < ROUNDS; r++) {
  let e: number;
  let p: number;
  if (r % 2 === 0) { e = await engineRun(); p = await plainRun(); } else { p = await plainRun(); e = await engineRun(); }
  engineR.push(e);
  plainR.push(p);
  ratios.push(e / p);
}
await fake.close();
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(`requests=${N} concurrency=${C} latencyMs=${LATENCY_MS} rounds=${ROUNDS} (medians; fake server in-process)`);
console.log(`per-round ratios: ${ratios.map((x) => x.toFixed(3)).join(' ')}`);
console.log(`engine (OpenAIJudge, cache off): ${median(engineR).toFixed(1)} req/s`);
console.log(`plain openai client loop:        ${median(plainR).toFixed(1)} req/s`);
console.log(`ratio engine/plain: ${median(ratios).toFixed(3)}`);
