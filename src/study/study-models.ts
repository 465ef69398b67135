// Which engine the study's judges and policy are and where each trained model
// is kept between stages. builtin: tiny tfjs transformers, kept as weights
// files; torch: Hugging Face models, kept as full safetensors model dirs the
// next stage loads as its `model`. The stages ask for an engine config and
// keep what a trainer or a run produced; they never look at backends.
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { StudyConfig } from './config.ts';
import type { EngineConfig } from '../config/engines.ts';
import { BuiltinEngineConfig, type JudgeMode } from '../config/engines/builtin.ts';
import { TorchEngineConfig } from '../config/engines/torch.ts';
import type { WeightsExport } from '../engines/types.ts';
import { WeightsRef } from '../wire/messages.ts';
import { saveWeights } from './train-judge.ts';
import { TribunalError } from '../core/errors.ts';
import { maxTraceLength } from '../testbed/trace.ts';
import { MAX_PROMPT_WORDS } from '../testbed/lexicon.ts';

/** Beyond gold's longest trace, a builtin reasoning judge's output holds "score", the digit and <eos> (and one word to spare). */
const BUILTIN_JUDGE_OUTPUT_SPARE = 4;

/** The warmed-up policy every RL run starts from. */
export const POLICY_INIT = 'policy-init';

export class StudyModels {
  constructor(private readonly sc: StudyConfig, private readonly dir: string) {}

  private get torch(): boolean {
    return this.sc.study.backend === 'torch';
  }

  /** Where the trained model `name` is kept: a weights file (builtin) or a model dir (torch). */
  path(name: string): string {
    if (this.torch) return join(this.dir, 'models', name);
    return name === POLICY_INIT ? join(this.dir, 'policy-init.bin') : join(this.dir, 'judges', `${name}.bin`);
  }

  has(name: string): boolean {
    if (!this.torch) return existsSync(this.path(name));
    return existsSync(join(this.path(name), 'config.json')) || existsSync(join(this.path(name), 'adapter_config.json'));
  }

  /** Judges trained with LoRA, kept as adapter dirs on the judges' base model. */
  private get loraJudges(): boolean {
    return this.torch && this.sc.study.torch.judgeLora.rank > 0;
  }

  /**
   * What every torch engine of the study shares. A trainer gets study.torch.gpus
   * (FSDP2 when several); a sampler or a judge runs on one GPU beside it.
   */
  private torchCommon(train: boolean) {
    const { device, dtype, gpus, microBatchSize, gradientCheckpointing } = this.sc.study.torch;
    return { device, dtype, gpus: train ? gpus : 1, microBatchSize, gradientCheckpointing };
  }

  /**
   * The judge's engine: untrained (from its base model, for SFT) or the trained
   * model `name`, read as `mode`. train: it is made to be trained, sftSteps
   * optimizer steps long (the learning-rate warm-up is a fraction of them).
   */
  judgeEngine(mode: JudgeMode, name?: string, train?: { sftSteps?: number }): EngineConfig {
    const seed = this.sc.base.run.seed;
    if (!this.torch) {
      return BuiltinEngineConfig.parse({
        backend: 'builtin', ...this.sc.study.judgeModel, seed, judgeMode: mode, weights: name && this.path(name),
        maxReasoningTokens: this.builtinTraceTokens,
      });
    }
    const t = this.sc.study.torch;
    // The judge reads what it was trained on: the synthetic world's "<prompt> | <response> | score"
    // (then the digit, or its trace and "score" and the digit), or the template (then "Score: N").
    const testbed = this.sc.study.data.source === 'testbed';
    // A LoRA judge is its base model plus its adapter; a trainer continues training that adapter.
    const kept = name ? (this.loraJudges ? { model: t.judgeModel, adapter: this.path(name) } : { model: this.path(name) }) : { model: t.judgeModel };
    return TorchEngineConfig.parse({
      backend: 'torch', ...kept, ...this.torchCommon(train !== undefined), ...(train && this.loraJudges ? { lora: t.judgeLora } : {}),
      warmupSteps: Math.ceil(this.sc.study.judgeSft.warmup * (train?.sftSteps ?? 0)),
      judgeInput: testbed ? 'testbed' : 'template', promptTemplate: this.sc.study.judgeTemplate, judgeMode: mode,
      scorePrefix: testbed ? (mode === 'direct' ? '' : 'score ') : 'Score: ', maxReasoningTokens: t.maxReasoningTokens,
    });
  }

  /** The policy's engine: from its base model, or the trained model `name`; train: made to be trained. */
  policyEngine(name?: string, train = false): EngineConfig {
    // Without a warm-up the policy starts from its base model.
    if (name === POLICY_INIT && this.sc.study.policyWarmup.examples === 0) name = undefined;
    const seed = this.sc.base.run.seed;
    if (!this.torch) return BuiltinEngineConfig.parse({ backend: 'builtin', ...this.sc.study.policyModel, seed, weights: name && this.path(name) });
    const t = this.sc.study.torch;
    return TorchEngineConfig.parse({ backend: 'torch', model: name ? this.path(name) : t.policyModel, ...this.torchCommon(train), chatTemplate: t.policyChatTemplate });
  }

  /**
   * The policy RL run's engines: the torch learner (LoRA per study.torch.policyLora)
   * and the sampler, the torch engine or the server of study.serve.policy; a
   * server reloading full weights gets full exports.
   */
  policyRunEngines(): { policy: EngineConfig; trainer?: EngineConfig } {
    const sample = this.policyEngine(POLICY_INIT);
    if (!this.torch) return { policy: sample };
    const served = this.sc.study.serve.policy;
    const train = { ...this.policyEngine(POLICY_INIT, true), lora: this.sc.study.torch.policyLora } as TorchEngineConfig;
    if (served && served.fullWeights !== 'none') train.exportKind = 'full';
    return { policy: served ?? sample, trainer: train };
  }

  /** A run's policy engines: `sample` for the rollout actors and, for torch, `train` for the learner (on its own GPUs). */
  runEngines(sample: EngineConfig, train: EngineConfig): { policy: EngineConfig; trainer?: EngineConfig } {
    return this.torch ? { policy: sample, trainer: train } : { policy: sample };
  }

  /**
   * A builtin judge's window must hold its longest SFT example (input, target,
   * <bos> and <eos>) and, as a reasoning judge, a policy response's judge input
   * beside its trace budget. Throws BAD_CONFIG naming the maxSeqLen it needs.
   */
  checkJudgeWindow(longestSftWords: number): void {
    if (this.torch) return;
    const have = this.sc.study.judgeModel.maxSeqLen;
    // <bos> prompt | response | score, then the trace and the digit.
    const rlInput = 1 + MAX_PROMPT_WORDS + 1 + this.sc.base.rl.maxNewTokens + 2;
    const need = Math.max(longestSftWords + 2, rlInput + this.builtinTraceTokens + 1);
    if (have < need) {
      throw new TribunalError('BAD_CONFIG', `study.judgeModel.maxSeqLen ${have} is too short for reasoningEffort ${this.sc.study.reasoningEffort}: the judges need ${need} tokens (set study.judgeModel.maxSeqLen to at least ${need})`);
    }
  }

  /** Tokens a reasoning judge may write when it is the policy (its GRPO stage). */
  get judgeOutputTokens(): number {
    return this.torch ? this.sc.study.torch.maxReasoningTokens + 4 : this.builtinTraceTokens;
  }

  /** A builtin reasoning judge's output budget, as a judge and as a policy: gold's longest trace at the study's effort and the spare. */
  private get builtinTraceTokens(): number {
    return maxTraceLength(this.sc.study.reasoningEffort) + BUILTIN_JUDGE_OUTPUT_SPARE;
  }

  /** Keeps what a trainer exported under `name`: the blob written whole, or the exported dir moved into place. */
  async keep(name: string, w: WeightsExport): Promise<void> {
    if (w.blob) return saveWeights(this.path(name), w.blob);
    await this.adopt(name, w.ref.path);
  }

  /** Keeps the final weights of a finished run under `name`. */
  async keepRunResult(name: string, runDir: string): Promise<void> {
    if (existsSync(join(runDir, 'weights-final.bin'))) return copyFile(join(runDir, 'weights-final.bin'), this.path(name));
    const ref = WeightsRef.parse(JSON.parse(await readFile(join(runDir, 'weights-final.json'), 'utf8')));
    const want = this.loraJudges ? 'lora' : 'full';
    if (ref.kind !== want) throw new TribunalError('BAD_CONFIG', `the study keeps its judges as ${want} exports; ${runDir} ended with a ${ref.kind} export`);
    await this.adopt(name, ref.path);
  }

  /** The final policy of a finished RL run as a sampler's engine: its weights file (builtin), or its exported dir (torch: a full model, or an adapter on the run's start). */
  async finalPolicyEngine(runDir: string): Promise<EngineConfig> {
    const start = this.policyEngine(POLICY_INIT);
    if (!this.torch) return { ...start, weights: join(runDir, 'weights-final.bin') } as EngineConfig;
    const ref = WeightsRef.parse(JSON.parse(await readFile(join(runDir, 'weights-final.json'), 'utf8')));
    if (ref.kind === 'memory') throw new TribunalError('BAD_CONFIG', `${runDir}: its final weights are a memory reference, not a dir`);
    return TorchEngineConfig.parse({ ...start, ...(ref.kind === 'lora' ? { adapter: ref.path } : { model: ref.path }) });
  }

  /** Copies a kept model under another name (a skipped stage passes its input on). */
  async alias(from: string, to: string): Promise<void> {
    if (!this.torch) return copyFile(this.path(from), this.path(to));
    await rm(this.path(to), { recursive: true, force: true });
    const { cp } = await import('node:fs/promises');
    await cp(this.path(from), this.path(to), { recursive: true });
  }

  private async adopt(name: string, exported: string): Promise<void> {
    await mkdir(join(this.dir, 'models'), { recursive: true });
    await rm(this.path(name), { recursive: true, force: true });
    await rename(exported, this.path(name));
  }

  /** Whether a run dir holds its final weights (the run finished). */
  static finished(runDir: string): boolean {
    return existsSync(join(runDir, 'weights-final.bin')) || existsSync(join(runDir, 'weights-final.json'));
  }
}
