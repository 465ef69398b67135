// The experiment config: one zod schema is the single source of its shape,
// defaults and docs. The JSON Schema (`tribunal config schema`) and the config
// reference (docs/config-reference.md) are derived from it. Loading and error lines live in load.ts.
import { z } from 'zod';
import { EngineConfig } from './engines.ts';
import { DEFAULT_GOLD_FREE_SIGNALS, GOLD_FREE_SIGNALS } from './gold-free-signals.ts';
import { colocationBlocker } from './placement.ts';

const ms = (d: number, what: string) => z.number().int().positive().default(d).describe(what);

export const RunConfig = z.object({
  id: z.string().regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, _ and - only').default('tribunal').describe('Run id; namespaces NATS subjects, streams and buckets.'),
  dir: z.string().optional().describe('Run directory (metrics, checkpoints, scheduler state). Default: runs/<id>.'),
  seed: z.number().int().nonnegative().default(1).describe('Seed for data, sampling and initialisation.'),
  steps: z.number().int().positive().default(20).describe('Learner steps (policy versions) to train.'),
  dashboard: z.object({
    enabled: z.boolean().default(true).describe('Serve the live page while the run trains.'),
    host: z.string().min(1).default('127.0.0.1').describe('Interface it listens on (127.0.0.1: this machine only).'),
    port: z.number().int().min(0).max(65535).default(0).describe('Port; 0: any free one. A port already taken: the next free one, said in one line.'),
  }).strict().prefault({}).describe('The live page of proxy vs gold, steps, actors and samples (tribunal run, tribunal study); its URL is printed at start.'),
  trackers: z.object({
    tensorboard: z.object({
      enabled: z.boolean().default(false).describe('Write the run to TensorBoard as it trains: every metrics row (train/*), eval round (eval/gold, eval/proxy, eval/gap) and monitor event (events/*), and the config as text; a sidecar in the trainer\'s Python environment (it needs the tensorboard package: tribunal doctor --setup --dev).'),
      logdir: z.string().optional().describe('Where the event files go; default <run-dir>/tensorboard (a study: one per RL run, under its run dir; point tensorboard --logdir at the study dir to compare the judges).'),
    }).strict().prefault({}),
  }).strict().prefault({}).describe('Experiment trackers the run writes to. TensorBoard only: wandb 0.30 does not install from the package mirror this project is built on (its opentelemetry dependencies are missing there), so no wandb writer has been built or tested.'),
}).strict();

export const NatsConfig = z.object({
  url: z.string().default('auto').describe("'auto': a private nats-server when one is on PATH, else in-process; 'local': in-process bus (single process); or a nats:// URL."),
  connectGiveUpMs: ms(60_000, 'Give up connecting after this long (retries with backoff until then).'),
  ackWaitMs: ms(30_000, 'A work item not acked this long after delivery is redelivered (its consumer is presumed dead).'),
  maxDeliveries: z.number().int().min(1).default(8).describe("Deliveries of one work item before it is dead-lettered (a poison message); a judge's last try that fails scores its whole group invalid (rl.invalidReward). The prompt is not lost: the scheduler issues it again."),
}).strict();

export const SchedulerConfig = z.object({
  address: z.string().default('127.0.0.1:50051').describe('host:port the scheduler listens on and actors dial. `tribunal run` picks a free port.'),
  leaseMs: ms(10_000, 'An actor silent this long is declared dead and its work re-issued.'),
  heartbeatMs: ms(2_000, 'How often actors heartbeat.'),
  producedTimeoutMs: ms(600_000, 'A produced group not consumed within this time is re-issued (dedup keeps exactly-once).'),
}).strict();

export const RlConfig = z.object({
  eta: z.number().int().nonnegative().default(1).describe('Staleness bound: the learner never trains on data more than eta versions old; 0 is synchronous.'),
  promptsPerStep: z.number().int().positive().default(8).describe('B: prompts (groups) per learner step.'),
  groupSize: z.number().int().min(2).default(4).describe('G: completions sampled per prompt.'),
  miniBatches: z.number().int().positive().default(1).describe('Optimizer steps per learner step (the batch is split).'),
  lr: z.number().positive().default(3e-3).describe('Learning rate (the paper uses 1e-6 on 8B models).'),
  weightDecay: z.number().nonnegative().default(0).describe('AdamW decoupled weight decay.'),
  gradClip: z.number().positive().default(1).describe('Global gradient-norm clip.'),
  clipLow: z.number().positive().default(0.2).describe('PPO clip eps_low.'),
  clipHigh: z.number().positive().default(0.3).describe('PPO clip eps_high.'),
  importanceCap: z.number().positive().default(2).describe('c in the truncated importance weight min(pi_prox/mu, c).'),
  klBeta: z.number().nonnegative().default(0).describe('KL penalty to the initial policy (paper: 0).'),
  maxNewTokens: z.number().int().positive().default(12).describe('Tokens sampled per completion at most.'),
  temperature: z.number().positive().default(1).describe('Policy sampling temperature (paper: 0.7).'),
  checkpointEvery: z.number().int().positive().default(5).describe('Checkpoint every N learner steps.'),
  invalidReward: z.number().default(0).describe('Reward a completion gets when its judge output is invalid.'),
}).strict();

const replicas = (d: number) => z.number().int().nonnegative().default(d).describe('Processes of this kind `tribunal run` starts.');

export const ActorsConfig = z.object({
  rollout: z.object({
    replicas: replicas(1),
    groupsInFlight: z.number().int().nonnegative().default(0).describe('Prompts one rollout actor samples at once (a sampler that batches, torch, takes them in one batch); 0: its share of a step, ceil(B / rollout replicas), for a sampler that batches, else 1.'),
    weightsWaitMs: z.number().int().nonnegative().default(30_000).describe('Longest wait for the weights a grant was admitted against (the newest published version) before sampling with the ones held.'),
  }).strict().prefault({}),
  judge: z.object({
    replicas: replicas(1),
    maxInFlight: z.number().int().positive().default(4).describe('Groups one judge actor scores concurrently.'),
  }).strict().prefault({}),
  gold: z.object({
    replicas: replicas(0),
    sampleFraction: z.number().min(0).max(1).default(0.1).describe('Fraction of training groups the gold judge also scores.'),
    evalEvery: z.number().int().nonnegative().default(0).describe('Learner steps between eval rounds on held-out prompts (0: none).'),
    evalPrompts: z.number().int().positive().default(32).describe('Held-out prompts per eval round.'),
    evalSamplesPerPrompt: z.number().int().positive().default(1).describe('Policy samples per held-out prompt in an eval round.'),
    evalCallTimeoutMs: z.number().int().positive().default(120_000).describe('An eval round\'s calls to a rollout (samples) and a judge (proxy scores) give up after this long.'),
    maxInFlight: z.number().int().positive().default(2).describe('Gold requests one gold actor scores concurrently.'),
  }).strict().prefault({}),
  learner: z.object({
    replicas: z.literal(1).default(1).describe('Always 1.'),
  }).strict().default({ replicas: 1 }),
}).strict();

export const MonitorConfig = z.object({
  delta: z.number().positive().default(1).describe('Hacking: gold this far (0-9 scale) below its running peak while proxy is at or above its value at the peak.'),
  minRounds: z.number().int().positive().default(3).describe('Eval rounds before hacking can be flagged.'),
  stopOnHacking: z.boolean().default(false).describe('End training when hacking is flagged (the gold-peak checkpoint is kept either way).'),
  finalEvalTimeoutMs: ms(120_000, 'How long the learner waits, once training is done, for the final eval round and any earlier one still out.'),
  trainGoldWindow: z.number().int().positive().default(10).describe('Learner steps per point of the training-sample gold curve (gold vs proxy on the groups gold samples).'),
  adaptiveEval: z.object({
    enabled: z.boolean().default(false).describe('Space eval rounds out while gold is flat and nothing alarms (up to maxEvery), back to actors.gold.evalEvery when gold moves or the watch speaks.'),
    maxEvery: z.number().int().nonnegative().default(0).describe('The sparsest interval in steps (0: 4 x evalEvery).'),
    flatDelta: z.number().positive().default(0.25).describe('A gold change below this between two rounds is flat (0-9 scale).'),
    budget: z.number().int().nonnegative().default(0).describe('Eval rounds a run may make besides step 0 and the final one (0: no limit).'),
  }).strict().prefault({}).describe('Gold spent where it tells something: adaptive eval rounds within a budget.'),
  forecast: z.boolean().default(true).describe("Measure KL to the initial policy at each eval round's step and forecast the gold peak (Gao et al.'s law); costs one forward pass on those steps."),
  patternThreshold: z.number().positive().default(2).describe('Pattern mining: a sample is overrated when proxy - gold exceeds this (0-9 scale), rated right when |proxy - gold| is within it.'),
  goldFree: z.object({
    window: z.number().int().positive().default(5).describe('Steps the gold-free signals are averaged over.'),
    signals: z.array(z.enum(GOLD_FREE_SIGNALS)).default([...DEFAULT_GOLD_FREE_SIGNALS]).describe("The signals warned on: judgeEntropy, secondEntropy (engines.secondJudge's), disagreement (with engines.secondJudge), rewardStd (the within-group reward spread: off by default, it collapses on honest runs too). All are recorded either way."),
    drop: z.number().gt(0).lt(1).default(0.3).describe('Warn when a falling signal (an entropy, the reward spread) is this fraction below its running maximum.'),
    rise: z.number().positive().default(1).describe('Warn when the disagreement with engines.secondJudge rises this multiple above its running minimum (1: doubled)...'),
    minDisagreement: z.number().nonnegative().default(0.5).describe('... and is at least this (0-9 scale).'),
    minSteps: z.number().int().nonnegative().default(10).describe('Steps before a gold-free warning may be raised.'),
    proxySlack: z.number().nonnegative().default(0.5).describe('The warning stands only while the smoothed proxy is within this of its running maximum.'),
  }).strict().prefault({}).describe("Gold-free warnings: the judge's (or the second judge's) score entropy collapsing, or the disagreement with a second judge growing, while the proxy holds."),
}).strict();

export const DataConfig = z.object({
  source: z.enum(['trivial', 'testbed', 'testbed-judge', 'jsonl']).default('trivial').describe("Prompts: 'trivial' (runtime test workload), 'testbed' (the synthetic world's instructions), 'testbed-judge' (its judge data, for judge GRPO) or 'jsonl' (your files: data.path, data.evalPath)."),
  datasetSize: z.number().int().positive().default(64).describe('Distinct training prompts; the ledger cycles through them (jsonl: at most the lines in data.path).'),
  path: z.string().optional().describe('jsonl: training prompts, one JSON object per line: {"prompt": "...", ...string/number/boolean fields kept as metadata}; or a Parquet file (or a dir of them), or a Hugging Face datasets dir saved with save_to_disk, read into JSONL under the run dir at start (tribunal run, tribunal study; data.fields maps its columns).'),
  evalPath: z.string().optional().describe('jsonl: held-out prompts for eval rounds, same format (default: none; eval rounds then use training prompts).'),
  fields: z.record(z.string(), z.string()).default({}).describe("With Parquet or a datasets dir: which column each field is read from, e.g. {prompt: question}; the other scalar columns are kept as metadata."),
}).strict().refine((d) => d.source !== 'jsonl' || d.path, { message: "data.source 'jsonl' needs data.path", path: ['path'] });

/** The learner's engine: engines.trainer, else the policy's. */
export function trainerEngine(cfg: { engines: { policy: EngineConfig; trainer?: EngineConfig } }): EngineConfig {
  return cfg.engines.trainer ?? cfg.engines.policy;
}

export const ExperimentConfig = z.object({
  run: RunConfig.default(RunConfig.parse({})),
  nats: NatsConfig.default(NatsConfig.parse({})),
  scheduler: SchedulerConfig.default(SchedulerConfig.parse({})),
  rl: RlConfig.default(RlConfig.parse({})),
  actors: ActorsConfig.default(ActorsConfig.parse({})),
  data: DataConfig.default(DataConfig.parse({})),
  monitor: MonitorConfig.prefault({}),
  engines: z.object({
    policy: EngineConfig.prefault({ backend: 'trivial' }).describe('Sampler for rollout actors, and Trainer for the learner unless engines.trainer is set.'),
    trainer: EngineConfig.optional().describe("The learner's Trainer when it is not the policy's engine: e.g. torch training while vLLM samples (openai policy)."),
    judge: EngineConfig.prefault({ backend: 'trivial' }).describe('Training-reward judge.'),
    gold: EngineConfig.prefault({ backend: 'trivial' }).describe('Gold judge (hacking monitor).'),
    secondJudge: EngineConfig.optional().describe("A second, cheap judge that scores every group beside the training judge (never as reward): their disagreement and its score entropy are gold-free warning signals (Coste et al.'s ensembles)."),
  }).strict().prefault({}),
}).strict().superRefine((c, ctx) => {
  // The scheduler keeps a few bytes per prompt in memory and in each snapshot.
  if (c.run.steps * c.rl.promptsPerStep > MAX_TOTAL_PROMPTS) {
    ctx.addIssue({ code: 'custom', path: ['run', 'steps'], message: `run.steps x rl.promptsPerStep is ${c.run.steps * c.rl.promptsPerStep}, above the ${MAX_TOTAL_PROMPTS} prompts one run can track` });
  }
  const blocker = c.engines.policy.backend === 'torch' && c.engines.policy.placement === 'colocated' ? colocationBlocker(c) : null;
  if (blocker) ctx.addIssue({ code: 'custom', path: ['engines', 'policy', 'placement'], message: `colocated, but ${blocker}: set placement to auto or separate` });
});

/** Prompts one run's ledger tracks at most (run.steps x rl.promptsPerStep). */
export const MAX_TOTAL_PROMPTS = 10_000_000;

export type ExperimentConfig = z.infer<typeof ExperimentConfig>;
export type ExperimentConfigInput = z.input<typeof ExperimentConfig>;

/** Derived settings every process computes the same way. */
export function runDir(cfg: ExperimentConfig): string {
  return cfg.run.dir ?? `runs/${cfg.run.id}`;
}

export function totalPrompts(cfg: ExperimentConfig): number {
  return cfg.run.steps * cfg.rl.promptsPerStep;
}

/** Grants one rollout asks for at a time: actors.rollout.groupsInFlight, or (0) its share of a step when its sampler batches. */
export function grantsPerAcquire(cfg: ExperimentConfig, samplerBatches: boolean): number {
  const set = cfg.actors.rollout.groupsInFlight;
  if (set > 0) return set;
  return samplerBatches ? Math.ceil(cfg.rl.promptsPerStep / Math.max(1, cfg.actors.rollout.replicas)) : 1;
}
