// Full-weight updates for an OpenAI-compatible sampler: the learner exports a
// whole safetensors model dir per version to storage the server reads, and
// the server reloads from it in place. SGLang (its native API, documented in
// its "Update Weights From Disk" section): POST /update_weights_from_disk
// {model_path, weight_version} answers {success, message} (400 when refused,
// the old weights kept); POST /flush_cache drops the prefix cache; GET
// /get_model_info reports weight_version, checked before sampling resumes.
// vLLM (its dev-mode endpoints, served with VLLM_SERVER_DEV_MODE=1;
// vllm/entrypoints/serve/dev/rpc/api_router.py): POST /collective_rpc
// {method: 'reload_weights', kwargs: {weights_path}} runs the workers'
// reload_weights (the model runner reloads in place from that dir) and answers
// {results: [one per worker]} once every worker has finished, 500 when one
// failed (vLLM keeps no version: that answer is the check); then POST
// /reset_prefix_cache drops the cache built on the old weights. NeMo-RL's
// remote vLLM client drives the same two calls.
import { APIError } from 'openai';
import { TribunalError } from '../../core/errors.ts';
import type { Endpoint } from './endpoint.ts';
import type { UsageMeter } from './usage-meter.ts';

export type FullWeightsServer = 'sglang' | 'vllm';

export class FullWeightsSync {
  /** The server's root URL: the native endpoints live beside /v1, not under it. */
  private readonly root: string;

  constructor(private readonly endpoint: Endpoint, private readonly meter: UsageMeter, private readonly server: FullWeightsServer = 'sglang') {
    this.root = endpoint.baseUrl.replace(/\/v1\/?$/, '');
  }

  /** Reloads the server's weights from `path`, flushes its cache and checks it now serves `version`. */
  async load(path: string, version: number): Promise<void> {
    if (this.server === 'vllm') return this.loadVllm(path, version);
    const weightVersion = String(version);
    const r = await this.native<{ success?: unknown; message?: unknown }>('POST', '/update_weights_from_disk', { model_path: path, weight_version: weightVersion }, `update weights v${version}`);
    if (r?.success !== true) {
      throw new TribunalError('BAD_WEIGHTS', `the server at ${this.root} refused weights v${version} from ${path}: ${String(r?.message ?? 'no message')}; it keeps serving the weights it held`);
    }
    await this.native('POST', '/flush_cache', undefined, 'flush cache');
    const info = await this.native<{ weight_version?: unknown }>('GET', '/get_model_info', undefined, 'model info');
    if (String(info?.weight_version) !== weightVersion) {
      throw new TribunalError('BAD_WEIGHTS', `the server at ${this.root} reports weight version ${String(info?.weight_version)} after loading v${version}`);
    }
  }

  /** vLLM: reload_weights on every worker from `path`, then the prefix cache reset. */
  private async loadVllm(path: string, version: number): Promise<void> {
    // 404: no dev-mode routes; 400 (bad body) and 500 (a worker failed) are
    // answers, not outages: a reload that failed once fails again, so no retry.
    const r = await this.native<{ status: number; body: unknown }>('POST', '/collective_rpc', { method: 'reload_weights', kwargs: { weights_path: path } }, `reload weights v${version}`, [400, 404, 500]);
    if (r.status === 404) throw new TribunalError('BAD_CONFIG', `the server at ${this.root} has no /collective_rpc: start vLLM with VLLM_SERVER_DEV_MODE=1 to reload full weights, or train LoRA adapters (lora.rank > 0)`);
    if (r.status !== 200) {
      const detail = (r.body as { detail?: unknown } | null)?.detail ?? r.body;
      throw new TribunalError('BAD_WEIGHTS', `the server at ${this.root} failed to reload weights v${version} from ${path} (HTTP ${r.status}: ${String(detail).slice(0, 200)}); a dir it could not open leaves the old weights, a reload that failed part-way leaves them mixed: read its log before sampling on`);
    }
    await this.native('POST', '/reset_prefix_cache', undefined, 'reset prefix cache');
  }

  /**
   * One native call through the endpoint's retries and breaker. A 400 with a
   * JSON body is an answer (SGLang's refusal); other failures are APIErrors,
   * so they are retried or not as any call is. With `answers`, those statuses
   * (and 200) come back as {status, body} instead.
   */
  private native<T>(method: 'GET' | 'POST', path: string, body: unknown, what: string, answers?: number[]): Promise<T> {
    return this.endpoint.call(what, async (client, o) => {
      const res = await fetch(`${this.root}${path}`, {
        method, signal: AbortSignal.timeout(o.timeout),
        headers: { 'content-type': 'application/json', ...(client.apiKey ? { authorization: `Bearer ${client.apiKey}` } : {}) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      let json: unknown = text;
      try { json = JSON.parse(text); } catch { /* a text answer (flush_cache) */ }
      if (answers && (res.ok || answers.includes(res.status))) return { status: res.status, body: json } as T;
      if (res.ok || (res.status === 400 && typeof json === 'object')) return json as T;
      throw APIError.generate(res.status, typeof json === 'object' ? json as object : undefined, text.slice(0, 200), res.headers);
    }, this.meter);
  }
}
