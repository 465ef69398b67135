// One model loaded in a trainer service, and what happens when the service
// fails: a sampler or judge restarts it, loads the model again (and the
// weights it held), and retries the call once; a trainer cannot (its
// optimizer and gradients lived there), so it fails loudly and the learner
// process exits, to be restarted from its last checkpoint. Tokenizing text is
// here too: the model's tokenizer lives in the service.
import type { Logger } from '../../core/logger.ts';
import { isTribunalError, oneLine, TribunalError } from '../../core/errors.ts';
import type { TorchEngineConfig } from '../../config/engines/torch.ts';
import type { LoadRequest } from './generated/tribunal/trainer/v1/LoadRequest.ts';
import type { ModelInfo__Output } from './generated/tribunal/trainer/v1/ModelInfo.ts';
import type { TrainerVerb, TrainerVerbs } from './client.ts';
import { TorchService } from './service.ts';
import { ensureTrainerPython, resolveModelDir, type TrainerPython } from '../../pyenv/python-env.ts';
import { packI32, splitByLengths, unpackI32 } from './packing.ts';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { dirDigest } from '../../core/dir-digest.ts';
import { serviceThreads } from '../../config/torch-threads.ts';

export interface TorchModelOptions {
  engine: TorchEngineConfig;
  /** Training load (optimizer, gradients) or inference only. */
  train: boolean;
  /** Logprobs and the ppo loss are at this temperature (the sampler's). */
  temperature: number;
  seed: number;
  optimizer?: { lr: number; weightDecay: number; gradClip: number; totalSteps: number };
  /** Restart a failed service and retry (samplers, judges); false: fail (trainers). */
  restartable: boolean;
  log: Logger;
}

/** A sidecar runs its own Python: nothing to start here. */
const SIDECAR = { python: '', env: {}, venvDir: null };

export class TorchModel {
  private restarting: Promise<void> | null = null;
  /** Run after a restart, before the retried call (e.g. load the weights held). */
  afterRestart: (() => Promise<void>) | null = null;

  /** The engine's adapter, applied after every load of the model dir (loadFrom drops it). */
  private adapter: string | undefined;

  private constructor(private service: TorchService, private load: LoadRequest, public info: ModelInfo__Output, private readonly opts: TorchModelOptions) {
    this.adapter = opts.engine.adapter;
  }

  static async open(opts: TorchModelOptions): Promise<TorchModel> {
    const { engine, log } = opts;
    // A missing model dir is said before any Python is provisioned; a sidecar reads the path on its own disk.
    const modelDir = engine.address ? engine.model : await resolveModelDir(engine.model, () => ensureTrainerPython({ log }), log);
    const python = engine.address ? SIDECAR : await ensureTrainerPython({ log });
    const load: LoadRequest = {
      modelDir, train: opts.train, temperature: opts.temperature, seed: opts.seed,
      dtype: engine.dtype === 'auto' ? '' : engine.dtype, device: engine.device,
      gradientCheckpointing: engine.gradientCheckpointing, microBatchSize: engine.microBatchSize,
      lora: { rank: engine.lora.rank, alpha: engine.lora.alpha, dropout: engine.lora.dropout, targetModules: engine.lora.targetModules },
      optimizer: opts.optimizer && {
        lr: opts.optimizer.lr, weightDecay: opts.optimizer.weightDecay, gradClip: opts.optimizer.gradClip,
        warmupSteps: engine.warmupSteps, schedule: engine.schedule, totalSteps: opts.optimizer.totalSteps,
      },
    };
    const service = await TorchModel.startService(opts, python);
    const info = await service.call('Load', load, engine.startTimeoutMs).catch(async (e) => {
      await service.stop();
      throw e;
    });
    const model = new TorchModel(service, load, info, opts);
    await model.applyAdapter().catch(async (e) => {
      await service.stop();
      throw e;
    });
    log.info('torch model loaded', { model: info.baseModel, architecture: info.architecture, parameters: info.parameters, trainable: info.trainableParameters, device: info.device, dtype: info.dtype, lora: info.lora, worldSize: info.worldSize, adapter: engine.adapter });
    return model;
  }

  /** Puts the engine's adapter on the model just loaded (a reference the service checks: digest, base model). */
  private async applyAdapter(): Promise<void> {
    if (!this.adapter) return;
    const path = this.adapter;
    let meta: { base_model?: string } = {};
    try {
      meta = JSON.parse(await readFile(join(path, 'tribunal_weights.json'), 'utf8'));
    } catch (e) {
      throw new TribunalError('BAD_CONFIG', `adapter ${path}: not a torch trainer's LoRA export (no readable tribunal_weights.json): ${oneLine(e)}`, { cause: e });
    }
    const ref = { path, kind: 'lora', baseModel: meta.base_model ?? this.info.baseModel, digest: await dirDigest(path), version: 0, bytes: 0 };
    await this.service.call('LoadWeights', { ref });
  }

  private static startService(opts: TorchModelOptions, python: TrainerPython): Promise<TorchService> {
    const e = opts.engine;
    return TorchService.start({ address: e.address, python, gpus: e.gpus, threads: serviceThreads(e), startTimeoutMs: e.startTimeoutMs, callTimeoutMs: e.callTimeoutMs, log: opts.log });
  }

  /** One verb; a failed service is restarted (restartable models) or reported as fatal. */
  async call<V extends TrainerVerb>(verb: V, req: TrainerVerbs[V][0]): Promise<TrainerVerbs[V][1]> {
    try {
      return await this.service.call(verb, req);
    } catch (e) {
      if (!isServiceFailure(e)) throw e;
      if (!this.opts.restartable) {
        this.service.kill();
        throw new TribunalError('UNAVAILABLE', `${oneLine(e)}: the learner's optimizer state was in it, so the learner stops and resumes from its last checkpoint`, { cause: e });
      }
      this.opts.log.warn('trainer service failed; restarting it', { verb, reason: oneLine(e) });
      await this.restart();
      return this.service.call(verb, req);
    }
  }

  private restart(): Promise<void> {
    this.restarting ??= (async () => {
      this.service.kill();
      await this.service.stop(1_000).catch(() => {});
      const python = this.opts.engine.address ? SIDECAR : await ensureTrainerPython({ log: this.opts.log });
      this.service = await TorchModel.startService(this.opts, python);
      await this.service.call('Load', this.load, this.opts.engine.startTimeoutMs);
      await this.applyAdapter();
      await this.afterRestart?.();
    })().finally(() => { this.restarting = null; });
    return this.restarting;
  }

  /** Loads the model again from its dir: the base weights, whatever was loaded since. */
  async reload(): Promise<void> {
    await this.call('Load', this.load);
    await this.applyAdapter();
  }

  /**
   * Loads another model dir in place, in the same service (a server's weights
   * reloaded from disk); it stays the dir reload() and restarts come back to.
   * On failure the service is back on the dir it held.
   */
  async loadFrom(modelDir: string): Promise<void> {
    const before = { load: this.load, adapter: this.adapter };
    this.load = { ...before.load, modelDir };
    this.adapter = undefined;
    try {
      this.info = await this.call('Load', this.load);
    } catch (e) {
      ({ load: this.load, adapter: this.adapter } = before);
      await this.reload().catch(() => {});
      throw e;
    }
  }

  /** host:port of the service this model lives in. */
  get address(): string {
    return this.service.client.address;
  }

  /** Pid of the service process this model lives in (undefined for a sidecar). */
  get servicePid(): number | undefined {
    return this.service.pid;
  }

  /** Token ids of each text in the model's tokenizer. */
  async tokenize(texts: readonly string[], opts: { chatTemplate: boolean; addSpecialTokens: boolean }): Promise<Int32Array[]> {
    if (texts.length === 0) return [];
    const r = await this.call('Tokenize', { texts: [...texts], chatTemplate: opts.chatTemplate, addSpecialTokens: opts.addSpecialTokens });
    return splitByLengths(unpackI32(r.tokensI32, 'Tokenize tokens'), unpackI32(r.lengthsI32, 'Tokenize lengths'), 'Tokenize tokens');
  }

  async detokenize(seqs: readonly Int32Array[]): Promise<string[]> {
    const flat = new Int32Array(seqs.reduce((n, s) => n + s.length, 0));
    let at = 0;
    for (const s of seqs) { flat.set(s, at); at += s.length; }
    const r = await this.call('Detokenize', { lengthsI32: packI32(seqs.map((s) => s.length)), tokensI32: packI32(flat), skipSpecialTokens: true });
    return r.texts;
  }

  close(): Promise<void> {
    return this.service.stop();
  }
}

/** The service died, hung or cannot be reached (not a refusal of one request). */
function isServiceFailure(e: unknown): boolean {
  return isTribunalError(e, 'UNAVAILABLE') || isTribunalError(e, 'TIMEOUT');
}
