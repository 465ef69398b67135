// Weights sync for an OpenAI-compatible sampler: the learner writes one LoRA
// adapter per version to a shared path; the rollout actor asks vLLM to load it
// (POST /v1/load_lora_adapter) and unload the old one, then samples with
// model = the adapter's name. Needs vLLM started with --enable-lora and
// VLLM_ALLOW_RUNTIME_LORA_UPDATING=True. Writing adapters is the learner's job.
import { APIError } from 'openai';
import { TribunalError } from '../../core/errors.ts';
import type { Endpoint } from './endpoint.ts';
import type { UsageMeter } from './usage-meter.ts';

/**
 * The weights blob this backend exchanges: a small JSON reference to an
 * adapter directory on storage both learner and server can read, not tensors.
 */
export interface LoraRef {
  kind: 'lora';
  path: string;
}

export function encodeLoraRef(path: string): Uint8Array {
  return new TextEncoder().encode(JSON.stringify({ kind: 'lora', path } satisfies LoraRef));
}

/** The adapter path in a blob; BAD_WEIGHTS for anything that is not a LoRA reference. */
export function decodeLoraRef(blob: Uint8Array): string {
  let ref: unknown;
  try {
    ref = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(blob));
  } catch (e) {
    throw new TribunalError('BAD_WEIGHTS', 'openai sampler takes a LoRA reference blob ({"kind":"lora","path":...}), got other bytes', { cause: e });
  }
  const r = ref as Partial<LoraRef> | null;
  if (!r || r.kind !== 'lora' || typeof r.path !== 'string' || r.path.length === 0) {
    throw new TribunalError('BAD_WEIGHTS', 'openai sampler takes a LoRA reference blob ({"kind":"lora","path":...})');
  }
  return r.path;
}

export function loraName(prefix: string, version: number): string {
  return `${prefix}-v${version}`;
}

function isApiError(e: unknown, status: number, pattern: RegExp): boolean {
  return e instanceof APIError && e.status === status && pattern.test(e.message);
}

/** The HTTP side of runtime LoRA updates, through the endpoint's retries and breaker. */
export class LoraSync {
  constructor(private readonly endpoint: Endpoint, private readonly meter: UsageMeter) {}

  /** Loads an adapter; one already loaded under that name counts as loaded (a retried load may find it so). */
  async load(name: string, path: string): Promise<void> {
    await this.endpoint.call(`load LoRA ${name}`, async (client, o) => {
      try {
        await client.post('/load_lora_adapter', { body: { lora_name: name, lora_path: path }, ...o });
      } catch (e) {
        if (!isApiError(e, 400, /already been loaded/i)) throw e;
      }
    }, this.meter);
  }

  /** Unloads an adapter; one the server does not have counts as unloaded. */
  async unload(name: string): Promise<void> {
    await this.endpoint.call(`unload LoRA ${name}`, async (client, o) => {
      try {
        await client.post('/unload_lora_adapter', { body: { lora_name: name }, ...o });
      } catch (e) {
        if (!isApiError(e, 404, /.*/) && !isApiError(e, 400, /not found|cannot be found/i)) throw e;
      }
    }, this.meter);
  }

  /** Names the server serves now (base model and adapters), from GET /v1/models. */
  async servedModels(): Promise<string[]> {
    const page = await this.endpoint.call('list models', (client, o) => client.models.list(o), this.meter);
    return page.data.map((m) => m.id);
  }
}
