// A study config is an experiment config (the policy RL settings every run
// shares) plus a `study:` section for the protocol's other stages.
import { z } from 'zod';
import { blamed, parseConfig, readConfigFile, formatZodError, scalar, setPath, type LoadOptions } from '../config/load.ts';
import type { ExperimentConfig } from '../config/schema.ts';
import { EngineConfig } from '../config/engines.ts';
import { OpenAIEngineConfig } from '../config/engines/openai.ts';
import { TorchLoraConfig } from '../config/engines/torch.ts';
import { TribunalError } from '../core/errors.ts';
import { REASONING_EFFORTS } from '../testbed/trace.ts';
import { REFERENCE_HEADER, referenceRows, type Node } from '../config/reference.ts';

const ModelShape = z.object({
  dModel: z.number().int().positive().default(48).describe('builtin: width of the tiny transformer.'),
  layers: z.number().int().positive().default(2).describe('builtin: transformer layers.'),
  heads: z.number().int().positive().default(2).describe('builtin: attention heads.'),
  ffMult: z.number().int().positive().default(4).describe('builtin: feed-forward width as a multiple of dModel.'),
  maxSeqLen: z.number().int().min(8).default(40).describe('builtin: longest sequence in tokens.'),
}).strict();

const Sft = z.object({
  epochs: z.number().int().positive().default(3).describe('Passes over the labelled examples.'),
  batchSize: z.number().int().positive().default(32).describe('Examples per optimizer step.'),
  lr: z.number().positive().default(3e-3).describe('Learning rate (the paper: 1e-5 for its Qwen3 judges).'),
  warmup: z.number().min(0).max(1).default(0).describe('With backend torch: the fraction of the optimizer steps that warm the learning rate up linearly (the paper: 0.03).'),
  concurrency: z.number().int().nonnegative().default(0).describe('Judges trained side by side; 0: one per CPU core for builtin (each on its own thread) and torch on the CPU (study.torch.device cpu; each trainer gets its share of the cores), one at a time for torch on a GPU or auto (one device). Changes how long the stage takes, never what it trains.'),
}).strict();

const TorchModels = z.object({
  judgeModel: z.string().min(1).default('tiny-random:qwen2:1').describe('The judges\' base model: a Hugging Face model dir, or tiny-random:<arch>[:seed].'),
  policyModel: z.string().min(1).default('tiny-random:qwen2:2').describe('The policy\'s base model.'),
  device: z.string().default('auto').describe('auto | cpu | cuda | cuda:N, for every model of the study.'),
  dtype: z.enum(['auto', 'float32', 'bfloat16', 'float16']).default('auto').describe('Compute dtype (auto: bfloat16 on GPU, float32 on CPU).'),
  maxReasoningTokens: z.number().int().positive().default(64).describe('Tokens of a reasoning judge\'s trace at most.'),
  gpus: z.number().int().positive().default(1).describe('GPUs of every trainer service the study starts (torchrun with FSDP2 when more than 1).'),
  microBatchSize: z.number().int().nonnegative().default(0).describe('Sequences per forward pass (gradient accumulation); 0: the whole mini-batch.'),
  gradientCheckpointing: z.boolean().default(false).describe('Recompute activations in the backward pass (less memory, more compute).'),
  policyChatTemplate: z.boolean().default(false).describe("Wrap the policy's prompts in its tokenizer's chat template (instruct models)."),
  judgeLora: TorchLoraConfig.prefault({}).describe("The judges' training: LoRA rank (0: full fine-tuning), alpha, dropout, targetModules; trained judges are then kept as adapter dirs (the reasoning judge's GRPO continues its SFT adapter), which a vLLM judge server loads (study.serve.judge)."),
  policyLora: TorchLoraConfig.prefault({}).describe("The policy's RL learner: LoRA rank (0: full fine-tuning), alpha, dropout, targetModules; a served policy with LoRA (study.serve.policy) needs rank > 0."),
}).strict();

export const StudySection = z.object({
  backend: z.enum(['builtin', 'torch']).default('builtin').describe('The engine judges and the policy are trained and served with: builtin (tiny tfjs transformers on the testbed\'s words) or torch (Hugging Face models; study.torch).'),
  torch: TorchModels.prefault({}).describe('With backend torch: the base models of the judges and the policy.'),
  data: z.object({
    source: z.enum(['testbed', 'preferences']).default('testbed').describe("Judge data: the synthetic world's off-policy mix (labelled by its gold program), or a preference file gold labels."),
    preferences: z.string().min(1).optional().describe('preferences: a JSONL file of {prompt, chosen, rejected} (Tulu 3 preference-mix shape; strings or conversations); each response becomes a pair for gold to label.'),
  }).strict().prefault({}).refine((d) => d.source !== 'preferences' || d.preferences, { message: "source 'preferences' needs study.data.preferences", path: ['preferences'] }),
  gold: EngineConfig.prefault({ backend: 'testbed-gold' }).describe('The gold judge: it labels the judge data and scores the eval rounds (the paper: gpt-oss-120b on an OpenAI-compatible endpoint, high reasoning effort, temperature 0).'),
  judgeTemplate: z.string().min(1).default('templates/pointwise-judge.txt').describe('With preference data: the pointwise judge template the torch judges are trained on and read with.'),
  judgeExamples: z.number().int().positive().default(3000).describe('Gold-labelled off-policy examples the judges are trained on.'),
  judgeEvalExamples: z.number().int().positive().default(400).describe('Held-out labelled examples for static agreement with gold.'),
  reasoningEffort: z.enum(REASONING_EFFORTS).default('low').describe("How much of its task check the testbed gold's trace works out, which the reasoning judge is distilled from (the paper's low / medium / high effort): low, the verdicts alone (10 words); medium, the reference answer first; high, the reference and then the response's content words. Raise judgeModel.maxSeqLen with it (the study says how far)."),
  judgeModel: ModelShape.prefault({}).describe('Shape of both trained judges (same model, thinking or not, as in the paper).'),
  judgeSft: Sft.prefault({}).describe('SFT of the judges on gold labels (reasoning: on gold trace + label).'),
  reasoningGrpo: z.object({
    steps: z.number().int().nonnegative().default(10).describe('GRPO steps of the reasoning judge after distillation (0: skip).'),
    promptsPerStep: z.number().int().positive().default(16).describe('Labelled judge prompts per step.'),
    groupSize: z.number().int().min(2).default(4).describe('Judge outputs sampled per prompt (the paper: 8).'),
    lr: z.number().positive().default(5e-4).describe('Learning rate (the paper: 1e-6).'),
    temperature: z.number().positive().default(1).describe("Sampling temperature of the judge's outputs."),
  }).strict().prefault({}),
  policyWarmup: z.object({
    examples: z.number().int().nonnegative().default(1500).describe('Off-policy responses the policy is first fine-tuned on (its "instruct" start); 0: RL starts from the base model itself (an instruct model, as in the paper).'),
    minGold: z.number().int().min(0).max(9).default(3).describe('Only responses gold scores at least this.'),
    epochs: z.number().int().positive().default(2).describe('Passes over those responses.'),
    batchSize: z.number().int().positive().default(32).describe('Responses per optimizer step.'),
    lr: z.number().positive().default(3e-3).describe('Learning rate.'),
  }).strict().prefault({}),
  policyModel: ModelShape.prefault({}).describe('builtin: shape of the policy.'),
  serve: z.object({
    policy: OpenAIEngineConfig.optional().describe("An OpenAI-compatible server (vLLM, SGLang) that samples the policy in the RL runs while the torch engine trains it: each version reaches it as a LoRA adapter by reference (vLLM; needs policyLora.rank > 0 and policyWarmup.examples 0, the server serving study.torch.policyModel), or as full weights (fullWeights: sglang, or vllm with VLLM_SERVER_DEV_MODE=1); default: the torch engine samples."),
    judge: OpenAIEngineConfig.optional().describe("An OpenAI-compatible server started on the judges' base model that serves the trained judges for static agreement and the RL runs: vLLM loads each as a LoRA adapter (study.torch.judgeLora.rank > 0, --enable-lora), SGLang or vLLM reloads each full judge dir in place (fullWeights: sglang, or vllm with VLLM_SERVER_DEV_MODE=1); read with judgeApi: completions (the judges were trained on the raw template; promptTemplate is study.judgeTemplate). The study dir must be on storage the server reads. Default: the torch engine serves them."),
  }).strict().prefault({}),
  secondJudge: z.boolean().default(true).describe("Train a second non-reasoning judge (another seed, the same data) that scores each RL run's groups beside its judge, never as reward: the disagreement of the two and its own score entropy are gold-free warning signals (on the gold-reward run, its entropy is the one there is). Off with study.serve.judge."),
  runs: z.array(z.enum(['non-reasoning', 'reasoning', 'reasoning-rl', 'gold-reward'])).min(1).default(['non-reasoning', 'reasoning', 'gold-reward'])
    .describe("RL runs: one per trained judge, plus a baseline trained on the gold reward itself. 'reasoning-rl' is the paper's control: a reasoning judge trained by judge GRPO alone, never shown gold's reasoning (its SFT teaches the output format on the labels only)."),
}).strict();
export type StudySection = z.infer<typeof StudySection>;

export interface StudyConfig {
  base: ExperimentConfig;
  study: StudySection;
}

export function loadStudyConfig(path: string, opts: LoadOptions = {}): StudyConfig {
  const raw = (readConfigFile(path) ?? {}) as Record<string, unknown>;
  const { study, ...rest } = raw;
  const sets = opts.sets ?? [];
  const base = parseConfig(rest, path, { ...opts, sets: sets.filter((s) => !s.startsWith('study.')) });
  const wrapped: Record<string, unknown> = { study: structuredClone(study ?? {}) };
  for (const s of sets.filter((x) => x.startsWith('study.'))) {
    const i = s.indexOf('=');
    setPath(wrapped, s.slice(0, i), scalar(s.slice(i + 1)));
  }
  const parsed = StudySection.safeParse(wrapped.study);
  if (!parsed.success) {
    const source = blamed(parsed.error, path, sets, 'study.');
    throw new TribunalError('BAD_CONFIG', formatZodError(parsed.error, source).replace(`${source}: `, `${source}: study.`));
  }
  const section = parsed.data;
  if (section.data.source === 'preferences') {
    // Real text needs a real tokenizer, and real prompts for the policy and gold's eval rounds.
    if (section.backend !== 'torch') throw new TribunalError('BAD_CONFIG', `${path}: study.data.source 'preferences' needs study.backend 'torch' (builtin models only know the synthetic world's words)`);
    if (base.data.source !== 'jsonl') throw new TribunalError('BAD_CONFIG', `${path}: study.data.source 'preferences' needs data.source 'jsonl' (data.path: the policy's prompts, data.evalPath: held-out prompts for gold)`);
  }
  const judgeServer = section.serve.judge;
  if (judgeServer) {
    const where = `${path}: study.serve.judge`;
    if (section.backend !== 'torch') throw new TribunalError('BAD_CONFIG', `${where} needs study.backend 'torch' (its judges are Hugging Face model dirs)`);
    const lora = section.torch.judgeLora.rank > 0;
    if (judgeServer.fullWeights !== 'none' && lora) throw new TribunalError('BAD_CONFIG', `${where}: fullWeights: ${judgeServer.fullWeights} reloads full model dirs in place, but study.torch.judgeLora.rank > 0 keeps the judges as adapters: set judgeLora.rank to 0, or fullWeights: none to load them into vLLM as LoRA adapters`);
    if (judgeServer.fullWeights === 'none' && !lora) throw new TribunalError('BAD_CONFIG', `${where}: with fullWeights: none the trained judges are loaded as LoRA adapters on the base model the server serves: set study.torch.judgeLora.rank > 0 (or fullWeights: sglang or vllm to reload full judge dirs in place)`);
    if (judgeServer.judgeApi !== 'completions') throw new TribunalError('BAD_CONFIG', `${where}: the study's judges are trained on the raw template: set judgeApi: completions`);
    if (judgeServer.mode !== 'pointwise') throw new TribunalError('BAD_CONFIG', `${where}: the study trains pointwise judges: set mode: pointwise`);
  }
  const served = section.serve.policy;
  if (served) {
    const where = `${path}: study.serve.policy`;
    if (section.backend !== 'torch') throw new TribunalError('BAD_CONFIG', `${where} needs study.backend 'torch' (the learner that trains the served policy)`);
    if (served.fullWeights === 'none') {
      // vLLM serves the base model and loads each version as an adapter on it: the learner must train that same base with LoRA.
      if (section.torch.policyLora.rank === 0) throw new TribunalError('BAD_CONFIG', `${where}: LoRA versions need study.torch.policyLora.rank > 0 (or fullWeights: sglang or vllm for full weights)`);
      if (section.policyWarmup.examples > 0) throw new TribunalError('BAD_CONFIG', `${where}: with LoRA the server serves the base model, so the policy cannot be warmed up first: set study.policyWarmup.examples to 0 (or use fullWeights: sglang or vllm)`);
    }
  }
  return { base, study: section };
}

/** The study reference in docs/config-reference.md, generated from StudySection (`tribunal config reference --study`); study.gold takes any engine. */
export function studyReference(): string {
  const schema = z.toJSONSchema(StudySection, { io: 'input', unrepresentable: 'any' }) as Node;
  const out = [...REFERENCE_HEADER];
  referenceRows(schema, 'study', out);
  return out.join('\n');
}
