// ColocatedSampler: rollouts on the learner's machine sample from the
// learner's own trainer service instead of starting one of their own: one
// model in memory, one torch process on the cores (or the GPU), and a new
// version reaches sampling as the service's sampling copy, updated in place
// when the learner exports (kind memory), with no file, digest or load. It
// holds no model: a weights announcement names the service (host:port) and
// its process (instance), and every Sample reply says the version it drew
// from, which is what the group is tagged with. When the learner's service
// dies (the learner restarts from its checkpoint) the sampler holds nothing
// until the restarted learner announces its new service.
import type { Logger } from '../../core/logger.ts';
import { isTribunalError, TribunalError } from '../../core/errors.ts';
import type { TorchEngineConfig } from '../../config/engines/torch.ts';
import type { SampleRequest, SampleResult, Sampler } from '../../engines/types.ts';
import type { WeightsRef } from '../../wire/messages.ts';
import { TrainerServiceClient } from './client.ts';
import { sampleCall, sampledResults } from './sample-call.ts';

/** How long attaching to an announced service may take before it is presumed gone. */
const ATTACH_TIMEOUT_MS = 5_000;
/** Held when no service is: any announcement is then new (a sampler's version is what it holds). */
const NONE = -1;

export class ColocatedSampler implements Sampler {
  private client: TrainerServiceClient | null = null;
  private instance = '';
  private versionNow = NONE;
  /** Instances known to be gone: their announcements are not followed again. */
  private readonly gone = new Set<string>();

  constructor(private readonly engine: TorchEngineConfig, private readonly seed: number, private readonly log: Logger) {}

  /** The version the learner's service last sampled or announced; -1 while no live service is attached. */
  get version(): number {
    return this.versionNow;
  }

  async sample(req: SampleRequest): Promise<SampleResult> {
    return (await this.sampleMany([req]))[0];
  }

  async sampleMany(reqs: readonly SampleRequest[]): Promise<SampleResult[]> {
    if (reqs.length === 0) return [];
    const client = this.client;
    if (!client) throw new TribunalError('UNAVAILABLE', "colocated sampler: no trainer service yet (the learner has not announced its weights)");
    let reply;
    try {
      reply = await client.call('Sample', sampleCall(reqs, this.engine, this.seed, true), this.engine.callTimeoutMs);
    } catch (e) {
      // A service that cannot be reached or hangs is the learner's to bring back; any other failure is this call's.
      if (!isTribunalError(e, 'UNAVAILABLE') && !isTribunalError(e, 'TIMEOUT')) throw e;
      throw this.detach(client.address, `colocated sampler: the learner's trainer service at ${client.address} cannot sample (${(e as Error).message}); waiting for the learner's next weights`, e);
    }
    if (reply.instance !== this.instance) {
      throw this.detach(client.address, `colocated sampler: ${client.address} is another trainer service process (${reply.instance}) than the one announced (${this.instance})`);
    }
    const results = sampledResults(reqs, reply, 'colocated sampler');
    this.versionNow = Math.max(this.versionNow, results[0].version ?? NONE);
    return results;
  }

  /** Follows an announcement: the learner's service named by a memory reference. */
  async loadWeights(version: number, weights: Uint8Array | WeightsRef): Promise<void> {
    if (weights instanceof Uint8Array || weights.kind !== 'memory') {
      throw new TribunalError('BAD_WEIGHTS', `colocated sampler: weights v${version} are ${weights instanceof Uint8Array ? 'a blob' : `a ${weights.kind} dir`}, not the learner's sampling copy; the learner exports to memory only when it is colocated with its rollouts (engines.policy.placement)`);
    }
    const instance = weights.digest.slice('instance:'.length);
    if (this.gone.has(instance)) throw new TribunalError('UNAVAILABLE', `colocated sampler: the trainer service of weights v${version} (${weights.path}) is gone; waiting for the learner's next announcement`);
    if (!this.client || this.client.address !== weights.path || this.instance !== instance) {
      this.client?.close();
      this.client = new TrainerServiceClient(weights.path);
      this.instance = instance;
      await this.client.waitReady(ATTACH_TIMEOUT_MS).catch((e: unknown) => {
        throw this.detach(weights.path, `colocated sampler: cannot reach the learner's trainer service at ${weights.path}`, e);
      });
      this.log.info("sampling from the learner's trainer service (colocated)", { address: weights.path, instance, version });
    }
    this.versionNow = version;
  }

  /** Forgets a service that failed; the error to throw. */
  private detach(address: string, message: string, cause?: unknown): TribunalError {
    if (this.client?.address === address) {
      this.gone.add(this.instance);
      this.client.close();
      this.client = null;
      this.versionNow = NONE;
    }
    return new TribunalError('UNAVAILABLE', message, { cause });
  }

  async close(): Promise<void> {
    this.client?.close();
    this.client = null;
  }
}
