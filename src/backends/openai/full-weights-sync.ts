// Full-weight updates for an OpenAI-compatible sampler: the learner exports a
// whole safetensors model dir per version to storage the server reads, and
// the server reloads from it in place. SGLang (its native API, documented in
// its "Update Weights From Disk" section): POST /update_weights_from_disk
// {model_path, weight_version} answers {success, message} (400 when refused,
// the old weights kept); POST /flush_cache drops the prefix cache; GET
// /get_model_info reports weight_version, checked before sampling resumes.
// vLLM's counterpart needs its dev-mode endpoints and is not wired.
import { APIError } from 'openai';
import { TribunalError } from '../../core/errors.ts';
import type { Endpoint } from './endpoint.ts';
import type { UsageMeter } from './usage-meter.ts';

export class FullWeightsSync {
  /** The server's root URL: the native endpoints live beside /v1, not under it. */
  private readonly root: string;

  constructor(private readonly endpoint: Endpoint, private readonly meter: UsageMeter) {
    this.root = endpoint.baseUrl.replace(/\/v1\/?$/, '');
  }

  /** Reloads the server's weights from `path`, flushes its cache and checks it now serves `version`. */
  async load(path: string, version: number): Promise<void> {
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

  /**
   * One native call through the endpoint's retries and breaker. A 400 with a
   * JSON body is an answer (SGLang's refusal); other failures are APIErrors,
   * so they are retried or not as any call is.
   */
  private native<T>(method: 'GET' | 'POST', path: string, body: unknown, what: string): Promise<T> {
    return this.endpoint.call(what, async (client, o) => {
      const res = await fetch(`${this.root}${path}`, {
        method, signal: AbortSignal.timeout(o.timeout),
        headers: { 'content-type': 'application/json', ...(client.apiKey ? { authorization: `Bearer ${client.apiKey}` } : {}) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      let json: unknown = text;
      try { json = JSON.parse(text); } catch { /* a text answer (flush_cache) */ }
      if (res.ok || (res.status === 400 && typeof json === 'object')) return json as T;
      throw APIError.generate(res.status, typeof json === 'object' ? json as object : undefined, text.slice(0, 200), res.headers);
    }, this.meter);
  }
}
