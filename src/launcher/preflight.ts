// What can be checked before any process starts, locally and in well under a
// second: every model dir holds a config.json and safetensors weights (an
// adapter dir its adapter_config.json), every data, labels and weights file
// exists and the first lines of a JSONL file parse, every judge template
// exists with its placeholders, and an API key variable a config names is set.
// With probe, each OpenAI-compatible server answers GET <baseUrl>/models. The
// first problem is one BAD_CONFIG line (exit 2), naming the field and the fix.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ExperimentConfig } from '../config/schema.ts';
import type { EngineConfig } from '../config/engines.ts';
import { TribunalError, oneLine } from '../core/errors.ts';
import { parseModelSpec } from '../pyenv/model-spec.ts';
import { cachedSnapshot, hubCacheDir, hubOffline, isHubId } from '../pyenv/hf-cache.ts';
import { checkJsonlPromptsHead } from '../data/jsonl-prompts.ts';
import { loadTemplate } from '../judging/prompt-template.ts';
import { readApiKey } from '../config/engines/openai.ts';

/** How much of a data file the preflight reads: its lines within the first MiB. */
export const PREFLIGHT_HEAD_BYTES = 1 << 20;
const DEFAULT_KEY_ENV = 'OPENAI_API_KEY';

/** An engine and the field path it sits at, with the role it plays (a judge reads templates). */
export interface PlacedEngine { at: string; engine: EngineConfig; judge: boolean }

/** The engines of a run config, where they sit. */
export function runEngines(cfg: ExperimentConfig): PlacedEngine[] {
  const e = cfg.engines;
  return [
    { at: 'engines.policy', engine: e.policy, judge: false },
    ...(e.trainer ? [{ at: 'engines.trainer', engine: e.trainer, judge: false }] : []),
    ...(cfg.actors.judge.replicas > 0 ? [{ at: 'engines.judge', engine: e.judge, judge: true }] : []),
    ...(cfg.actors.gold.replicas > 0 ? [{ at: 'engines.gold', engine: e.gold, judge: true }] : []),
    ...(e.secondJudge && cfg.actors.judge.replicas > 0 ? [{ at: 'engines.secondJudge', engine: e.secondJudge, judge: true }] : []),
  ];
}

function fail(msg: string): never {
  throw new TribunalError('BAD_CONFIG', msg);
}

/** A Hugging Face model dir as the torch engine loads it (a tiny-random spec is made later, offline). */
export function checkModelDir(at: string, model: string, env: NodeJS.ProcessEnv = process.env): void {
  if (parseModelSpec(model).kind !== 'path') return;
  if (isHubId(model)) {
    // A hub id: the Hugging Face cache has it, or it is fetched at start (refused here when offline).
    if (!cachedSnapshot(model, 'main', env) && hubOffline(env)) fail(`${at}: ${model} is not in the Hugging Face cache (${hubCacheDir(env)}) and HF_HUB_OFFLINE is set: download it first (huggingface-cli download ${model}), or give a local model dir`);
    return;
  }
  const dir = resolve(model);
  if (!existsSync(dir)) fail(`${at}: model dir ${dir} does not exist: download the model there first (huggingface-cli download <id> --local-dir ${model}), or name tiny-random:qwen2 for a tiny offline test model`);
  if (!statSync(dir).isDirectory()) fail(`${at}: ${dir} is not a directory: give the dir holding config.json and the *.safetensors`);
  if (!existsSync(join(dir, 'config.json'))) fail(`${at}: ${dir} has no config.json: give a Hugging Face model dir`);
  if (!readdirSync(dir).some((f) => f.endsWith('.safetensors'))) fail(`${at}: ${dir} has no *.safetensors weights (other formats are not loaded): convert it, or download the safetensors`);
}

function checkFile(at: string, path: string, what: string): void {
  if (!existsSync(path)) fail(`${at}: ${what} ${resolve(path)} does not exist`);
}

/** One engine's local inputs. */
export function checkEngine({ at, engine, judge }: PlacedEngine, env: NodeJS.ProcessEnv = process.env): void {
  switch (engine.backend) {
    case 'torch':
      checkModelDir(`${at}.model`, engine.model, env);
      if (engine.adapter && !existsSync(join(engine.adapter, 'adapter_config.json'))) fail(`${at}.adapter: ${resolve(engine.adapter)} holds no adapter_config.json (a PEFT adapter dir)`);
      if (judge && engine.judgeInput === 'template') checkTemplate(`${at}.promptTemplate`, engine.promptTemplate, ['prompt', 'response']);
      if (judge && engine.judgeKind === 'pairwise') checkTemplate(`${at}.pairwiseTemplate`, engine.pairwiseTemplate, ['prompt', 'response_a', 'response_b']);
      return;
    case 'openai':
      if (engine.apiKeyEnv !== DEFAULT_KEY_ENV && !env[engine.apiKeyEnv]) fail(`${at}.apiKeyEnv: the variable ${engine.apiKeyEnv} is not set: export ${engine.apiKeyEnv}=<the server's API key>`);
      if (judge) checkTemplate(engine.mode === 'pairwise' ? `${at}.pairwiseTemplate` : `${at}.promptTemplate`, engine.mode === 'pairwise' ? engine.pairwiseTemplate : engine.promptTemplate,
        engine.mode === 'pairwise' ? ['prompt', 'response_a', 'response_b'] : ['prompt', 'response']);
      return;
    case 'builtin':
      if (engine.weights) checkFile(`${at}.weights`, engine.weights, 'weights file');
      return;
    case 'gold-label':
      if (engine.labels) checkFile(`${at}.labels`, engine.labels, 'labels file');
      return;
    default:
      return;
  }
}

/** Runs a check, its failure one BAD_CONFIG line led by the field it is about. */
export function named(at: string, check: () => unknown): void {
  try {
    check();
  } catch (e) {
    fail(`${at}: ${oneLine(e)}`);
  }
}

function checkTemplate(at: string, path: string, placeholders: string[]): void {
  named(at, () => loadTemplate(path, placeholders));
}

/** A prompts file: it exists and the lines of its first MiB parse as prompts. */
function checkPromptsFile(at: string, path: string): void {
  checkFile(at, path, 'data file');
  named(at, () => checkJsonlPromptsHead(path, PREFLIGHT_HEAD_BYTES));
}

/** The prompt files of a run config: they exist and their first lines parse. */
export function checkRunData(cfg: ExperimentConfig): void {
  if (cfg.data.source !== 'jsonl') return;
  if (!cfg.data.path) fail("data.path: data.source 'jsonl' needs data.path (a JSONL file of {\"prompt\": ...} lines)");
  checkPromptsFile('data.path', cfg.data.path);
  if (cfg.data.evalPath) checkPromptsFile('data.evalPath', cfg.data.evalPath);
}

/** Every local check of a run config; throws the first problem. */
export function preflightRun(cfg: ExperimentConfig, env: NodeJS.ProcessEnv = process.env): void {
  checkRunData(cfg);
  for (const placed of runEngines(cfg)) checkEngine(placed, env);
}

/** --probe: each OpenAI-compatible server answers GET <baseUrl>/models within timeoutMs; throws the first that does not. */
export async function probeServers(engines: PlacedEngine[], timeoutMs = 3000, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const seen = new Set<string>();
  for (const { at, engine } of engines) {
    if (engine.backend !== 'openai' || seen.has(engine.baseUrl)) continue;
    seen.add(engine.baseUrl);
    const url = `${engine.baseUrl.replace(/\/$/, '')}/models`;
    let status: number;
    try {
      const r = await fetch(url, { headers: { authorization: `Bearer ${readApiKey(engine, env)}` }, signal: AbortSignal.timeout(timeoutMs) });
      status = r.status;
      await r.body?.cancel();
    } catch (e) {
      throw new TribunalError('UNAVAILABLE', `${at}.baseUrl: ${url} does not answer (${oneLine(e)}): is the server up and reachable from here?`);
    }
    if (status === 401 || status === 403) fail(`${at}.apiKeyEnv: ${url} refused the key in ${engine.apiKeyEnv} (HTTP ${status})`);
    if (status >= 400) throw new TribunalError('UNAVAILABLE', `${at}.baseUrl: ${url} answered HTTP ${status}: is it an OpenAI-compatible server (the base URL ends in /v1)?`);
  }
}
