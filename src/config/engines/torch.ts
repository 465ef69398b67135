// The torch backend's options: one Hugging Face causal LM on PyTorch (+ peft
// LoRA), served by the trainer service (trainer/, over gRPC) as the learner's
// Trainer, a rollout Sampler or a Judge (src/backends/torch/).
import { z } from 'zod';
import { JudgeMode } from './builtin.ts';

export const TorchLoraConfig = z.object({
  rank: z.number().int().nonnegative().default(0).describe('LoRA rank r; 0: full fine-tuning.'),
  alpha: z.number().nonnegative().default(0).describe('LoRA alpha; 0: equal to the rank.'),
  dropout: z.number().min(0).max(1).default(0),
  targetModules: z.array(z.string().min(1)).default([]).describe("Modules to adapt (e.g. q_proj, v_proj); empty: peft's default for the architecture."),
}).strict();

export const TorchEngineConfig = z.object({
  backend: z.literal('torch'),
  model: z.string().min(1).describe("A local Hugging Face model dir (config.json, *.safetensors, tokenizer files); a hub id (Qwen/Qwen2.5-0.5B-Instruct), found in the Hugging Face cache (HF_HUB_CACHE, HF_HOME) as transformers finds it, or downloaded into it unless HF_HUB_OFFLINE; or 'tiny-random:<qwen2|llama>[:<seed>[:<hidden>x<layers>[x<heads>]][:testbed]]' for a tiny random-init model made offline (tests, demos; testbed: a word-level tokenizer of the synthetic world's words)."),
  adapter: z.string().min(1).optional().describe("A PEFT adapter dir (a torch trainer's LoRA export) applied on top of `model` when it loads: a LoRA-trained judge or policy; a trainer whose lora settings match continues training it."),
  address: z.string().optional().describe('host:port of a trainer service already running (a sidecar); default: the actor starts its own as a child process and stops it with itself.'),
  lora: TorchLoraConfig.prefault({}).describe('rank (0: full fine-tuning), alpha, dropout, targetModules.'),
  dtype: z.enum(['auto', 'float32', 'bfloat16', 'float16']).default('auto').describe('Compute dtype (auto: bfloat16 on GPU, float32 on CPU); weights and optimizer state stay fp32.'),
  device: z.string().default('auto').describe('auto | cpu | cuda | cuda:N.'),
  gpus: z.number().int().positive().default(1).describe('Processes (one per GPU) under torchrun with FSDP2; 1: one plain process.'),
  microBatchSize: z.number().int().nonnegative().default(0).describe('Sequences per forward pass inside one call (gradient accumulation); 0: the whole mini-batch.'),
  gradientCheckpointing: z.boolean().default(false),
  warmupSteps: z.number().int().nonnegative().default(0).describe('Optimizer steps of linear learning-rate warm-up.'),
  schedule: z.enum(['constant', 'linear', 'cosine']).default('constant').describe('Learning rate after warm-up (linear and cosine reach 0 at the last step).'),
  chatTemplate: z.boolean().default(false).describe("Wrap prompts in the tokenizer's chat template (instruct models)."),
  topP: z.number().gt(0).max(1).default(1).describe('Sampling: nucleus mass (1: off).'),
  topK: z.number().int().default(-1).describe('Sampling: top-k (<= 0: off).'),
  exportKind: z.enum(['lora', 'full']).optional().describe('What the learner exports for samplers: a PEFT adapter or a full safetensors dir (default: lora when lora.rank > 0).'),
  exportDir: z.string().optional().describe('Where exported versions go, on storage samplers can read (default: <run dir>/weights).'),
  keepVersions: z.number().int().positive().default(3).describe('Exported versions kept (and the gold peak); older ones are deleted.'),
  placement: z.enum(['auto', 'colocated', 'separate']).default('auto').describe("As the rollouts' sampler: 'colocated' samples from the learner's own trainer service (one model in memory; each version is a sampling copy updated in place, no export to disk; sampling runs beside training, the two sharing the cores or the GPU); 'separate' gives each rollout a service of its own that loads every version by reference; 'auto' is colocated when it can be: the learner trains this engine's model in one process (gpus 1) and every actor runs on one machine (`tribunal run`), else separate."),
  threads: z.number().int().nonnegative().default(0).describe("torch intra-op threads of this engine's service; 0: its share of the machine's cores (`tribunal run` divides them among the torch processes it starts), or torch's default elsewhere."),
  interopThreads: z.number().int().nonnegative().default(0).describe('torch inter-op threads; 0: 1 when the threads are a share, else torch\'s default.'),
  callTimeoutMs: z.number().int().positive().default(600_000).describe('One call to the service may take this long; past it the service is presumed hung.'),
  startTimeoutMs: z.number().int().positive().default(300_000).describe('Starting the service and loading the model may take this long.'),
  judgeMode: JudgeMode.default('direct').describe('As a judge: read the score right away, or write reasoning first (up to maxReasoningTokens) and then the score.'),
  promptTemplate: z.string().min(1).default('templates/pointwise-judge.txt').describe('As a judge: the pointwise template with {prompt} and {response}.'),
  pairwiseTemplate: z.string().min(1).default('templates/pairwise-judge.txt').describe('As a judge: the pairwise template with {prompt}, {response_a} and {response_b}.'),
  judgeKind: z.enum(['pointwise', 'pairwise']).default('pointwise').describe('As a judge: a 0-9 score per response, or preferences between pairs.'),
  judgeInput: z.enum(['template', 'testbed']).default('template').describe("As a judge: the prompt is promptTemplate filled in, or the synthetic world's judge input '<prompt> | <response> | score' (what the study's judges are trained on)."),
  scorePrefix: z.string().default('Score: ').describe('As a judge: the text after which the score digit (or the preferred letter) is read.'),
  maxReasoningTokens: z.number().int().positive().default(512).describe('As a reasoning judge: tokens of reasoning at most before the score.'),
  reasoningTemperature: z.number().nonnegative().default(0).describe('As a reasoning judge: sampling temperature of the reasoning (0: greedy).'),
}).strict();
export type TorchEngineConfig = z.infer<typeof TorchEngineConfig>;
