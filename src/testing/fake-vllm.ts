// A local node:http server that answers like vLLM's OpenAI-compatible server
// (chat.completions, completions, /v1/models, runtime LoRA load/unload), and
// SGLang's native weight-update endpoints (/update_weights_from_disk,
// /flush_cache, /get_model_info), with faults scripted per test. It models
// response shapes, not a language model.
// Test and bench support: the runtime never imports src/testing/.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync } from 'node:fs';

/** One scripted behaviour for the next model request (chat or completions). */
export type FakeFault =
  /** Answer with this status (500, 503, 429...); retryAfter sets the Retry-After header. */
  | { kind: 'status'; status: number; retryAfter?: string; message?: string }
  /** 200 with content-type application/json and a body that is not JSON. */
  | { kind: 'malformed' }
  /** Never answer (until the client gives up or the server closes). */
  | { kind: 'hang' }
  /** A normal answer without the logprobs block. */
  | { kind: 'no-logprobs' }
  /** The content wrapped in a markdown code block with bold labels. */
  | { kind: 'markdown' }
  /** This exact assistant content. */
  | { kind: 'content'; content: string };

export interface FakeVllmOptions {
  /** Delay before every answer. */
  latencyMs: number;
  /** The base model name served. */
  model: string;
  /** Assistant content for a chat request (the default ends with "Score: <argmax of scoreProbs>"). */
  chatContent: (body: any) => string;
  /** Probability of each digit 0..9 at the score token; the rest of the mass goes to a non-digit token. */
  scoreProbs: number[];
  /** Probabilities of "A" and "B" at the verdict letter of a pairwise answer ("[[A]]"). */
  pairProbs: { A: number; B: number };
  /** Reasoning returned when the request turns thinking on (enable_thinking or reasoning_effort). */
  reasoningText: string;
  /** vLLM < 0.11 names it reasoning_content; newer servers say reasoning. */
  reasoningField: 'reasoning_content' | 'reasoning';
  /** Report usage.completion_tokens_details.reasoning_tokens (vLLM usually does not). */
  reportReasoningTokens: boolean;
  /** Text of completion i for a completions request. */
  completionText: (prompt: string, i: number) => string;
  /** Applied to every model request when the queue is empty (e.g. no-logprobs for a whole test). */
  always: FakeFault | null;
  /** A fault chosen by the request itself (deterministic under concurrency), before `always`. */
  faultFor: ((body: any) => FakeFault | null) | null;
  /** vLLM's dev-mode routes (VLLM_SERVER_DEV_MODE=1: /collective_rpc, /reset_prefix_cache); off, they answer 404 as a stock server does. */
  devMode: boolean;
}

export interface RecordedRequest {
  path: string;
  body: any;
  headers: IncomingMessage['headers'];
}

export interface FakeVllm extends AsyncDisposable {
  /** Base URL including /v1, as engines take it. */
  url: string;
  opts: FakeVllmOptions;
  requests: RecordedRequest[];
  /** Model requests now being answered, and the most ever at once. */
  inFlight: number;
  maxInFlight: number;
  loras: Map<string, string>;
  /** In-place weights (SGLang's reload, or vLLM's reload_weights): the path last loaded, its weight_version ('default' at start; vLLM keeps none) and the cache flushes since. */
  weights: { path: string; version: string; flushes: number };
  /** Faults for the next model requests, one each, in order. */
  enqueue(...faults: FakeFault[]): void;
  close(): Promise<void>;
}

export const DEFAULT_SCORE_PROBS = [0, 0, 0, 0, 0, 0.05, 0.15, 0.5, 0.2, 0];

function argmax(xs: number[]): number {
  let best = 0;
  for (let i = 1; i < xs.length; i++) if (xs[i] > xs[best]) best = i;
  return best;
}

/** Splits text into token-like pieces: single digits, words with their leading spaces, other whitespace. */
export function fakeTokenize(text: string): string[] {
  return text.match(/\d|\[\[|\]\]|[^\S\n]*[^\s\d[\]]+|\s+|./g) ?? [];
}

function wordCount(s: string): number {
  return s.split(/\s+/).filter(Boolean).length;
}

export async function startFakeVllm(partial: Partial<FakeVllmOptions> = {}): Promise<FakeVllm> {
  const opts: FakeVllmOptions = {
    latencyMs: 0,
    model: 'fake-judge',
    scoreProbs: DEFAULT_SCORE_PROBS,
    pairProbs: { A: 0.25, B: 0.75 },
    chatContent: (body) => /RESPONSE B\b/.test(JSON.stringify(body.messages ?? []))
      ? `Response ${opts.pairProbs.A >= opts.pairProbs.B ? 'A' : 'B'} is more accurate.\n[[${opts.pairProbs.A >= opts.pairProbs.B ? 'A' : 'B'}]]`
      : `The response follows the instruction and is accurate.\nScore: ${argmax(opts.scoreProbs)}`,
    reasoningText: 'Let me check the response against each rubric item before scoring it.',
    reasoningField: 'reasoning_content',
    reportReasoningTokens: false,
    completionText: (_prompt, i) => `sample ${i} says hello world`,
    always: null,
    faultFor: null,
    devMode: false,
    ...partial,
  };
  const queue: FakeFault[] = [];
  const vocab = new Map<string, number>();
  const tokenId = (t: string) => {
    let id = vocab.get(t);
    if (id === undefined) vocab.set(t, (id = 100 + vocab.size));
    return id;
  };
  let seq = 0;
  const hanging = new Set<ServerResponse>();

  const fake: FakeVllm = {
    url: '',
    opts,
    requests: [],
    inFlight: 0,
    maxInFlight: 0,
    loras: new Map(),
    weights: { path: opts.model, version: 'default', flushes: 0 },
    enqueue: (...faults) => void queue.push(...faults),
    close: async () => {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
    [Symbol.asyncDispose]: () => fake.close(),
  };

  const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };
  const error = (res: ServerResponse, status: number, message: string, type: string, headers: Record<string, string> = {}) =>
    json(res, status, { error: { message, type, param: null, code: status } }, headers);

  function knownModel(name: string): boolean {
    return name === opts.model || fake.loras.has(name);
  }

  /** vLLM's chat logprobs.content: one entry per token; the last digit carries the score distribution. */
  function chatLogprobs(tokens: string[], topN: number) {
    const scoreAt = tokens.findLastIndex((t) => /^\d$/.test(t.trim()));
    const letterAt = scoreAt >= 0 ? -1 : tokens.findLastIndex((t) => /^[AB]$/.test(t.trim()));
    const entry = (token: string, p: number) => ({ token, logprob: Math.log(Math.max(p, 1e-9)), bytes: [...Buffer.from(token)] });
    return tokens.map((token, k) => {
      const bytes = [...Buffer.from(token)];
      if (k === letterAt) {
        const alts = [entry('A', opts.pairProbs.A), entry('B', opts.pairProbs.B)].sort((a, b) => b.logprob - a.logprob).slice(0, topN);
        return { ...entry(token, opts.pairProbs[token.trim() as 'A' | 'B']), top_logprobs: alts };
      }
      if (k !== scoreAt) {
        const logprob = -0.01;
        return { token, logprob, bytes, top_logprobs: topN > 0 ? [{ token, logprob, bytes }] : [] };
      }
      const digit = Number(token.trim());
      const rest = Math.max(0, 1 - opts.scoreProbs.reduce((a, b) => a + b, 0));
      const alts = opts.scoreProbs
        .map((p, d) => ({ token: String(d), p }))
        .concat(rest > 0 ? [{ token: 'The', p: rest }] : [])
        .filter((a) => a.p > 0)
        .sort((a, b) => b.p - a.p)
        .slice(0, topN)
        .map((a) => ({ token: a.token, logprob: Math.log(a.p), bytes: [...Buffer.from(a.token)] }));
      return { token, logprob: Math.log(Math.max(opts.scoreProbs[digit] ?? 0, 1e-9)), bytes, top_logprobs: alts };
    });
  }

  function chatAnswer(body: any, fault: FakeFault | null) {
    const thinking = body.chat_template_kwargs?.enable_thinking === true || typeof body.reasoning_effort === 'string';
    let content = fault?.kind === 'content' ? fault.content : opts.chatContent(body);
    if (fault?.kind === 'markdown') content = '```\n' + content.replace(/Score:/, '**Score:**') + '\n```';
    const tokens = fakeTokenize(content);
    const reasoning = thinking ? opts.reasoningText : null;
    const reasoningTokens = reasoning ? wordCount(reasoning) : 0;
    const wantLogprobs = body.logprobs === true && fault?.kind !== 'no-logprobs';
    const n = body.n ?? 1;
    const promptTokens = (body.messages ?? []).reduce((a: number, m: any) => a + wordCount(String(m.content ?? '')), 0);
    const completionTokens = (tokens.length + reasoningTokens) * n;
    return {
      id: `chatcmpl-${++seq}`,
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model: body.model,
      choices: Array.from({ length: n }, (_, index) => ({
        index,
        message: { role: 'assistant', content, [opts.reasoningField]: reasoning, tool_calls: [] },
        logprobs: wantLogprobs ? { content: chatLogprobs(tokens, body.top_logprobs ?? 0) } : null,
        finish_reason: 'stop',
        stop_reason: null,
        ...(body.return_token_ids ? { token_ids: tokens.map(tokenId) } : {}),
      })),
      usage: {
        prompt_tokens: promptTokens,
        total_tokens: promptTokens + completionTokens,
        completion_tokens: completionTokens,
        prompt_tokens_details: null,
        ...(opts.reportReasoningTokens && reasoning ? { completion_tokens_details: { reasoning_tokens: reasoningTokens * n } } : {}),
      },
      prompt_logprobs: null,
      ...(body.return_token_ids ? { prompt_token_ids: fakeTokenize(String(body.messages?.at(-1)?.content ?? '')).map(tokenId) } : {}),
    };
  }

  function completionsAnswer(body: any, fault: FakeFault | null) {
    const prompt = String(body.prompt ?? '');
    const n = body.n ?? 1;
    const maxTokens = body.max_tokens ?? 16;
    const promptIds = fakeTokenize(prompt).map(tokenId);
    let completionTokens = 0;
    const choices = Array.from({ length: n }, (_, index) => {
      const all = fakeTokenize(fault?.kind === 'content' ? fault.content : opts.completionText(prompt, index));
      const tokens = all.slice(0, maxTokens);
      completionTokens += tokens.length;
      const lps = tokens.map((_, k) => -(0.05 + 0.01 * k));
      let offset = prompt.length;
      const wantLogprobs = typeof body.logprobs === 'number' && fault?.kind !== 'no-logprobs';
      const shown = (t: string) => (body.return_tokens_as_token_ids ? `token_id:${tokenId(t)}` : t);
      return {
        index,
        text: tokens.join(''),
        logprobs: wantLogprobs
          ? {
              text_offset: tokens.map((t) => { const o = offset; offset += t.length; return o; }),
              token_logprobs: lps,
              tokens: tokens.map(shown),
              // Legacy completions spell top_logprobs as one {token: logprob} map per position; the last digit carries the score distribution.
              top_logprobs: chatLogprobs(tokens, Math.max(1, body.logprobs)).map((e, k) =>
                (/^\d$/.test(e.token.trim()) && k === tokens.findLastIndex((t) => /^\d$/.test(t.trim()))
                  ? Object.fromEntries(e.top_logprobs.map((t) => [shown(t.token), t.logprob]))
                  : { [shown(tokens[k])]: lps[k] })),
            }
          : null,
        finish_reason: tokens.length < all.length ? 'length' : 'stop',
        stop_reason: null,
        prompt_logprobs: null,
        ...(body.return_token_ids ? { prompt_token_ids: promptIds, token_ids: tokens.map(tokenId) } : {}),
      };
    });
    return {
      id: `cmpl-${++seq}`,
      object: 'text_completion',
      created: Math.floor(Date.now() / 1000),
      model: body.model,
      choices,
      usage: { prompt_tokens: promptIds.length, total_tokens: promptIds.length + completionTokens, completion_tokens: completionTokens, prompt_tokens_details: null },
    };
  }

  async function handleModel(path: string, body: any, res: ServerResponse): Promise<void> {
    const fault = queue.shift() ?? opts.faultFor?.(body) ?? opts.always;
    if (opts.latencyMs > 0) await new Promise((r) => setTimeout(r, opts.latencyMs));
    if (fault?.kind === 'hang') {
      hanging.add(res);
      await new Promise<void>((r) => res.once('close', () => r()));
      hanging.delete(res);
      return;
    }
    if (fault?.kind === 'status') {
      const headers: Record<string, string> = fault.retryAfter !== undefined ? { 'retry-after': fault.retryAfter } : {};
      return error(res, fault.status, fault.message ?? `fake fault ${fault.status}`, fault.status === 429 ? 'RateLimitError' : 'InternalServerError', headers);
    }
    if (fault?.kind === 'malformed') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"id": "chatcmpl-broken", "choices": [');
      return;
    }
    if (!knownModel(body.model)) return error(res, 404, `The model \`${body.model}\` does not exist.`, 'NotFoundError');
    json(res, 200, path.endsWith('/chat/completions') ? chatAnswer(body, fault) : completionsAnswer(body, fault));
  }

  function handleLora(path: string, body: any, res: ServerResponse): void {
    const name = String(body.lora_name ?? '');
    if (path.endsWith('/load_lora_adapter')) {
      if (!name || !body.lora_path) return error(res, 400, 'Both \'lora_name\' and \'lora_path\' must be provided.', 'InvalidUserInput');
      if (fake.loras.has(name)) return error(res, 400, `The lora adapter '${name}' has already been loaded.`, 'InvalidUserInput');
      fake.loras.set(name, String(body.lora_path));
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(`Success: LoRA adapter '${name}' added successfully.`);
      return;
    }
    if (!fake.loras.has(name)) return error(res, 404, `The lora adapter '${name}' cannot be found.`, 'NotFoundError');
    fake.loras.delete(name);
    res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
    res.end(`Success: LoRA adapter '${name}' removed successfully.`);
  }

  /** SGLang's native API: a reload from disk answers {success, message}; a path it cannot read fails and changes nothing. */
  function handleSglang(path: string, body: any, res: ServerResponse): void {
    if (path === '/update_weights_from_disk') {
      const modelPath = String(body.model_path ?? '');
      if (!modelPath || !existsSync(modelPath)) {
        return json(res, 400, { success: false, message: `Failed to update weights: model path ${modelPath || '(none)'} does not exist. Rolling back to the original weights.`, num_paused_requests: 0 });
      }
      fake.weights.path = modelPath;
      fake.weights.version = body.weight_version === undefined ? fake.weights.version : String(body.weight_version);
      return json(res, 200, { success: true, message: 'Succeeded to update model weights.', num_paused_requests: 0 });
    }
    if (path === '/flush_cache') {
      fake.weights.flushes++;
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('Cache flushed.\nPlease check backend logs for more details. (When there are running or waiting requests, the operation will not be performed.)\n');
      return;
    }
    json(res, 200, { model_path: fake.weights.path, tokenizer_path: opts.model, is_generation: true, preferred_sampling_params: null, weight_version: fake.weights.version });
  }

  /**
   * vLLM's dev-mode routes. /collective_rpc runs `method` on every worker
   * (one here) and answers {results: [...]} ({results: [null]} for
   * reload_weights, which returns None); a body with no method is a 400 with
   * FastAPI's {detail}; a worker that raises is a bare 500. reload_weights
   * with a weights_path it cannot read fails that way and keeps the weights.
   */
  function handleVllmDev(path: string, body: any, res: ServerResponse): void {
    if (path === '/reset_prefix_cache') {
      fake.weights.flushes++;
      res.writeHead(200).end();
      return;
    }
    if (body.method === undefined) return json(res, 400, { detail: "Missing 'method' in request body" });
    if (body.method !== 'reload_weights') {
      res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end('Internal Server Error');
      return;
    }
    const weightsPath = String(body.kwargs?.weights_path ?? fake.weights.path);
    if (!existsSync(weightsPath)) {
      res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end('Internal Server Error');
      return;
    }
    fake.weights.path = weightsPath;
    json(res, 200, { results: [null] });
  }

  function handleModels(res: ServerResponse): void {
    const created = Math.floor(Date.now() / 1000);
    const card = (id: string, root: string, parent: string | null) => ({ id, object: 'model', created, owned_by: 'vllm', root, parent, max_model_len: 32768, permission: [] });
    json(res, 200, { object: 'list', data: [card(opts.model, opts.model, null), ...[...fake.loras].map(([n, p]) => card(n, p, opts.model))] });
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = (req.url ?? '').split('?')[0];
      let body: any = {};
      try {
        body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {};
      } catch {
        return error(res, 400, 'request body is not JSON', 'BadRequestError');
      }
      fake.requests.push({ path, body, headers: req.headers });
      if (req.method === 'GET' && path === '/v1/models') return handleModels(res);
      if (req.method === 'POST' && (path === '/v1/load_lora_adapter' || path === '/v1/unload_lora_adapter')) return handleLora(path, body, res);
      if ((req.method === 'POST' && (path === '/update_weights_from_disk' || path === '/flush_cache')) || (req.method === 'GET' && path === '/get_model_info')) return handleSglang(path, body, res);
      if (opts.devMode && req.method === 'POST' && (path === '/collective_rpc' || path === '/reset_prefix_cache')) return handleVllmDev(path, body, res);
      if (req.method === 'POST' && (path === '/v1/chat/completions' || path === '/v1/completions')) {
        fake.inFlight++;
        fake.maxInFlight = Math.max(fake.maxInFlight, fake.inFlight);
        res.once('close', () => fake.inFlight--);
        void handleModel(path, body, res);
        return;
      }
      error(res, 404, `Not Found: ${req.method} ${path}`, 'NotFoundError');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  return fake;
}
