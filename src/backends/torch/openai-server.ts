// A development and test server that answers as vLLM's OpenAI-compatible
// server does, for the endpoints Tribunal uses, backed by a real model in a
// trainer service: /v1/models, /v1/completions and /v1/chat/completions (with
// per-token logprobs, return_tokens_as_token_ids and return_token_ids), and
// runtime LoRA updating (/v1/load_lora_adapter, /v1/unload_lora_adapter, then
// sampling with the adapter's name), and SGLang's in-place reload of full
// weights (/update_weights_from_disk, /flush_cache, /get_model_info: the
// served model name then samples the new weights) and vLLM's dev-mode
// counterpart (/collective_rpc reload_weights, /reset_prefix_cache). It lets the openai sampler's whole path
// (adapters loaded by reference, exact token ids, processed logprobs) run on
// a CPU with a tiny model; vLLM stays the production server. One adapter is
// active at a time (switching reloads weights); requests are served one after
// another.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../../core/logger.ts';
import { oneLine } from '../../core/errors.ts';
import { dirDigest } from '../../core/dir-digest.ts';
import type { TorchEngineConfig } from '../../config/engines/torch.ts';
import type { WeightsRef } from '../../wire/messages.ts';
import { TorchModel } from './torch-model.ts';
import { unpackF32, unpackI32 } from './packing.ts';

export interface OpenAIDevServerOptions {
  engine: TorchEngineConfig;
  /** The name clients send as `model` for the base weights. */
  servedModelName: string;
  host?: string;
  /** 0: any free port. */
  port?: number;
  seed?: number;
  log: Logger;
}

export interface OpenAIDevServer {
  /** Base URL with /v1, as engines take it. */
  url: string;
  /** Adapters loaded now, by name, with their paths. */
  loras: ReadonlyMap<string, string>;
  /** The model dir the served name samples now (the start dir, or the last /update_weights_from_disk) and its weight_version. */
  weights: { path: string; version: string };
  close(): Promise<void>;
}

class HttpError extends Error {
  constructor(readonly status: number, readonly type: string, message: string) {
    super(message);
  }
}

interface Choice { text: string; tokenIds: Int32Array; logprobs: Float32Array; finished: boolean }

export async function startOpenAIDevServer(opts: OpenAIDevServerOptions): Promise<OpenAIDevServer> {
  const model = await TorchModel.open({ engine: opts.engine, train: false, temperature: 1, seed: opts.seed ?? 0, restartable: true, log: opts.log });
  const adapters = new Map<string, WeightsRef>();
  let active: string | null = null; // the adapter whose weights the service holds
  let fullWeights = { path: opts.engine.model, version: 'default' }; // what /update_weights_from_disk loaded last
  let version = 0;
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = queue.then(fn, fn);
    queue = run.catch(() => {});
    return run;
  };
  model.afterRestart = async () => {
    if (active) await model.call('LoadWeights', { ref: adapters.get(active)! });
  };

  async function loadAdapter(name: string, path: string): Promise<void> {
    if (!name || !path) throw new HttpError(400, 'InvalidUserInput', "Both 'lora_name' and 'lora_path' must be provided.");
    if (adapters.has(name)) throw new HttpError(400, 'InvalidUserInput', `The lora adapter '${name}' has already been loaded.`);
    let meta: { base_model?: string; version?: number } = {};
    try {
      meta = JSON.parse(await readFile(join(path, 'tribunal_weights.json'), 'utf8'));
    } catch { /* an adapter not written by Tribunal: the served base model is assumed */ }
    const ref: WeightsRef = {
      path, kind: 'lora', baseModel: meta.base_model ?? model.info.baseModel, version: meta.version ?? ++version, bytes: 0,
      digest: await dirDigest(path).catch((e) => { throw new HttpError(404, 'NotFoundError', `Loading lora ${name} failed: ${oneLine(e)}`); }),
    };
    // Load now, as vLLM does, so a bad adapter fails this call rather than a later sample.
    await model.call('LoadWeights', { ref }).catch((e) => { throw new HttpError(400, 'BadRequestError', `Loading lora ${name} failed: ${oneLine(e)}`); });
    adapters.set(name, ref);
    active = name;
  }

  /** SGLang's reload from disk: {success, message}; a dir it cannot load answers 400 and the old weights stay. */
  async function updateWeightsFromDisk(body: Record<string, any>): Promise<{ status: number; body: unknown }> {
    const path = String(body.model_path ?? '');
    try {
      if (!path) throw new Error('model_path is required');
      await model.loadFrom(path);
    } catch (e) {
      return { status: 400, body: { success: false, message: `Failed to update weights: ${oneLine(e)}. Rolling back to the original weights.`, num_paused_requests: 0 } };
    }
    adapters.clear();
    active = null;
    fullWeights = { path, version: body.weight_version === undefined ? fullWeights.version : String(body.weight_version) };
    return { status: 200, body: { success: true, message: 'Succeeded to update model weights.', num_paused_requests: 0 } };
  }

  async function sample(body: Record<string, any>, chat: boolean): Promise<{ promptIds: Int32Array; choices: Choice[] }> {
    const name = String(body.model ?? '');
    if (name !== opts.servedModelName && !adapters.has(name)) throw new HttpError(404, 'NotFoundError', `The model \`${name}\` does not exist.`);
    if (name === opts.servedModelName && active !== null) {
      await model.reload(); // back to the base weights
      active = null;
    }
    if (name !== opts.servedModelName && active !== name) {
      await model.call('LoadWeights', { ref: adapters.get(name)! });
      active = name;
    }
    const prompt = chat ? String((body.messages as { content?: unknown }[] | undefined)?.at(-1)?.content ?? '') : String(body.prompt ?? '');
    const r = await model.call('Sample', {
      prompts: [prompt], chatTemplate: chat, n: Number(body.n ?? 1), maxNewTokens: Number(body.max_tokens ?? 16),
      temperature: Number(body.temperature ?? 1), topP: Number(body.top_p ?? 1), topK: Number(body.top_k ?? -1),
      seed: Number(body.seed ?? Math.floor(Math.random() * 2 ** 31)), stop: typeof body.stop === 'string' ? [body.stop] : (body.stop ?? []),
    });
    const p = r.prompts[0];
    return {
      promptIds: unpackI32(p.promptTokensI32, 'prompt tokens'),
      choices: p.completions.map((c) => ({ text: c.text, tokenIds: unpackI32(c.tokensI32, 'tokens'), logprobs: unpackF32(c.logprobsF32, 'logprobs'), finished: c.finished })),
    };
  }

  /** Each token's own text, for logprobs.tokens (vLLM spells them "token_id:N" when asked). */
  async function tokenTexts(choices: Choice[], asIds: boolean): Promise<string[][]> {
    if (asIds) return choices.map((c) => Array.from(c.tokenIds, (id) => `token_id:${id}`));
    const flat = choices.flatMap((c) => Array.from(c.tokenIds, (id) => Int32Array.of(id)));
    const texts = await model.detokenize(flat);
    let at = 0;
    return choices.map((c) => texts.slice(at, (at += c.tokenIds.length)));
  }

  async function completions(body: Record<string, any>) {
    const { promptIds, choices } = await sample(body, false);
    const tokens = await tokenTexts(choices, body.return_tokens_as_token_ids === true);
    const wantLogprobs = typeof body.logprobs === 'number';
    let completionTokens = 0;
    return {
      id: `cmpl-${Date.now()}`, object: 'text_completion', created: Math.floor(Date.now() / 1000), model: body.model,
      choices: choices.map((c, index) => {
        completionTokens += c.tokenIds.length;
        const lps = Array.from(c.logprobs);
        return {
          index, text: c.text,
          logprobs: wantLogprobs ? { text_offset: tokens[index].map(() => 0), token_logprobs: lps, tokens: tokens[index], top_logprobs: tokens[index].map((t, k) => ({ [t]: lps[k] })) } : null,
          finish_reason: c.finished ? 'stop' : 'length', stop_reason: null, prompt_logprobs: null,
          ...(body.return_token_ids ? { prompt_token_ids: Array.from(promptIds), token_ids: Array.from(c.tokenIds) } : {}),
        };
      }),
      usage: { prompt_tokens: promptIds.length, completion_tokens: completionTokens, total_tokens: promptIds.length + completionTokens, prompt_tokens_details: null },
    };
  }

  async function chatCompletions(body: Record<string, any>) {
    const { promptIds, choices } = await sample(body, true);
    const tokens = await tokenTexts(choices, body.return_tokens_as_token_ids === true);
    let completionTokens = 0;
    return {
      id: `chatcmpl-${Date.now()}`, object: 'chat.completion', created: Math.floor(Date.now() / 1000), model: body.model,
      choices: choices.map((c, index) => {
        completionTokens += c.tokenIds.length;
        return {
          index, message: { role: 'assistant', content: c.text, tool_calls: [] },
          logprobs: body.logprobs === true ? { content: tokens[index].map((token, k) => ({ token, logprob: c.logprobs[k], bytes: [...Buffer.from(token)], top_logprobs: [] })) } : null,
          finish_reason: c.finished ? 'stop' : 'length', stop_reason: null,
          ...(body.return_token_ids ? { token_ids: Array.from(c.tokenIds) } : {}),
        };
      }),
      usage: { prompt_tokens: promptIds.length, completion_tokens: completionTokens, total_tokens: promptIds.length + completionTokens, prompt_tokens_details: null },
      prompt_logprobs: null,
      ...(body.return_token_ids ? { prompt_token_ids: Array.from(promptIds) } : {}),
    };
  }

  const send = (res: ServerResponse, status: number, body: unknown, type = 'application/json') => {
    res.writeHead(status, { 'content-type': type });
    res.end(typeof body === 'string' ? body : JSON.stringify(body));
  };
  const fail = (res: ServerResponse, e: unknown) => {
    const he = e instanceof HttpError ? e : new HttpError(500, 'InternalServerError', oneLine(e));
    send(res, he.status, { error: { message: he.message, type: he.type, param: null, code: he.status } });
  };

  async function route(req: IncomingMessage, path: string, body: Record<string, any>, res: ServerResponse): Promise<void> {
    if (req.method === 'GET' && path === '/v1/models') {
      const created = Math.floor(Date.now() / 1000);
      const card = (id: string, root: string, parent: string | null) => ({ id, object: 'model', created, owned_by: 'vllm', root, parent, max_model_len: model.info.maxPositions, permission: [] });
      return send(res, 200, { object: 'list', data: [card(opts.servedModelName, opts.engine.model, null), ...[...adapters].map(([n, r]) => card(n, r.path, opts.servedModelName))] });
    }
    if (req.method === 'GET' && path === '/get_model_info') {
      return send(res, 200, { model_path: fullWeights.path, tokenizer_path: fullWeights.path, is_generation: true, preferred_sampling_params: null, weight_version: fullWeights.version });
    }
    if (req.method !== 'POST') throw new HttpError(404, 'NotFoundError', `Not Found: ${req.method} ${path}`);
    switch (path) {
      case '/v1/completions': return send(res, 200, await serial(() => completions(body)));
      case '/v1/chat/completions': return send(res, 200, await serial(() => chatCompletions(body)));
      case '/v1/load_lora_adapter':
        await serial(() => loadAdapter(String(body.lora_name ?? ''), String(body.lora_path ?? '')));
        return send(res, 200, `Success: LoRA adapter '${body.lora_name}' added successfully.`, 'text/plain; charset=utf-8');
      case '/v1/unload_lora_adapter': {
        const name = String(body.lora_name ?? '');
        if (!adapters.delete(name)) throw new HttpError(404, 'NotFoundError', `The lora adapter '${name}' cannot be found.`);
        return send(res, 200, `Success: LoRA adapter '${name}' removed successfully.`, 'text/plain; charset=utf-8');
      }
      case '/update_weights_from_disk': {
        const r = await serial(() => updateWeightsFromDisk(body));
        return send(res, r.status, r.body);
      }
      case '/flush_cache': return send(res, 200, 'Cache flushed.\n', 'text/plain; charset=utf-8');
      case '/collective_rpc': {
        // vLLM's dev-mode RPC; only the reload is served: {results: [null]}, a bare 500 when it fails.
        if (body.method === undefined) return send(res, 400, { detail: "Missing 'method' in request body" });
        if (body.method !== 'reload_weights') throw new HttpError(500, 'InternalServerError', `collective_rpc method ${String(body.method)} is not served here`);
        const r = await serial(() => updateWeightsFromDisk({ model_path: body.kwargs?.weights_path ?? fullWeights.path }));
        if (r.status !== 200) throw new HttpError(500, 'InternalServerError', (r.body as { message: string }).message);
        return send(res, 200, { results: [null] });
      }
      case '/reset_prefix_cache': return send(res, 200, '', 'text/plain; charset=utf-8');
      default: throw new HttpError(404, 'NotFoundError', `Not Found: POST ${path}`);
    }
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = (req.url ?? '').split('?')[0];
      let body: Record<string, any> = {};
      try {
        body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {};
      } catch {
        return fail(res, new HttpError(400, 'BadRequestError', 'request body is not JSON'));
      }
      route(req, path, body, res).catch((e) => fail(res, e));
    });
  });
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  opts.log.info('openai-compatible development server listening', { url: `http://${opts.host ?? '127.0.0.1'}:${port}/v1`, model: opts.servedModelName });
  return {
    url: `http://${opts.host ?? '127.0.0.1'}:${port}/v1`,
    get loras() { return new Map([...adapters].map(([n, r]) => [n, r.path])); },
    get weights() { return { ...fullWeights }; },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      await model.close();
    },
  };
}
