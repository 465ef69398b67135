// Reads an experiment config from YAML or JSON, applies env and `--set`
// overrides, validates it, and turns the first problem into one line that
// names the field (TribunalError 'BAD_CONFIG', exit code 2).
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { ExperimentConfig } from './schema.ts';
import { TribunalError, oneLine } from '../core/errors.ts';
import { formatZodIssue } from '../core/zod-issue.ts';

/** Env variables every process honours, and the config field each sets. */
export const ENV_OVERRIDES: Record<string, string> = {
  TRIBUNAL_NATS_URL: 'nats.url',
  TRIBUNAL_SCHEDULER: 'scheduler.address',
  TRIBUNAL_RUN_DIR: 'run.dir',
  TRIBUNAL_RUN_ID: 'run.id',
};

export function readConfigFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new TribunalError('BAD_CONFIG', `cannot read config ${path}: ${oneLine(e)}`, { cause: e });
  }
  try {
    return path.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  } catch (e) {
    throw new TribunalError('BAD_CONFIG', `${path}: not valid ${path.endsWith('.json') ? 'JSON' : 'YAML'}: ${oneLine(e)}`, { cause: e });
  }
}

/** A decimal number as people write one (no 0x, 0b, 0o, Infinity or padding). */
const DECIMAL = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$/;

/** Parses a `--set` value: decimal numbers, booleans and null as such, `[a, b]` a list of those, else a string. */
export function scalar(text: string): unknown {
  const list = /^\[(.*)\]$/.exec(text);
  if (list) return list[1].trim() === '' ? [] : list[1].split(',').map((item) => scalar(item.trim()));
  if (text === 'true') return true;
  if (text === 'false') return false;
  if (text === 'null') return null;
  if (DECIMAL.test(text)) return Number(text);
  return text;
}

/** Keys that would reach an object's prototype instead of a field. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'prototype', 'constructor']);

export function setPath(obj: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  const bad = keys.find((k) => FORBIDDEN_KEYS.has(k) || k === '');
  if (bad !== undefined) throw new TribunalError('BAD_CONFIG', `--set ${path}: '${bad}' is not a config field`);
  let node = obj;
  for (const k of keys.slice(0, -1)) {
    const next = Object.hasOwn(node, k) ? node[k] : undefined;
    if (next === undefined || next === null) node[k] = {};
    else if (typeof next !== 'object') throw new TribunalError('BAD_CONFIG', `${path}: ${k} is not an object`);
    node = node[k] as Record<string, unknown>;
  }
  node[keys[keys.length - 1]] = value;
}

export interface LoadOptions {
  /** `path=value` overrides from --set flags, applied last. */
  sets?: string[];
  env?: NodeJS.ProcessEnv;
}

export function formatZodError(err: z.ZodError, source: string): string {
  return `${source}: ${formatZodIssue(err)}`;
}

/** What a refused config is blamed on: the last --set that wrote the field in question, else the file. */
export function blamed(err: z.ZodError, source: string, sets: readonly string[] = [], prefix = ''): string {
  const at = prefix + (err.issues[0]?.path ?? []).join('.');
  const set = sets.findLast((s) => { const key = s.slice(0, s.indexOf('=')); return at === key || at.startsWith(`${key}.`) || key.startsWith(`${at}.`); });
  return set ? `--set ${set}` : source;
}

export function parseConfig(raw: unknown, source = 'config', opts: LoadOptions = {}): ExperimentConfig {
  const obj = structuredClone((raw ?? {}) as Record<string, unknown>);
  if (typeof obj !== 'object' || Array.isArray(obj)) throw new TribunalError('BAD_CONFIG', `${source}: (root): expected a mapping`);
  const env = opts.env ?? process.env;
  for (const [name, path] of Object.entries(ENV_OVERRIDES)) {
    if (env[name]) setPath(obj, path, env[name]);
  }
  for (const s of opts.sets ?? []) {
    const i = s.indexOf('=');
    if (i <= 0) throw new TribunalError('BAD_CONFIG', `--set ${s}: expected path=value`);
    setPath(obj, s.slice(0, i), scalar(s.slice(i + 1)));
  }
  const parsed = ExperimentConfig.safeParse(obj);
  if (!parsed.success) throw new TribunalError('BAD_CONFIG', formatZodError(parsed.error, blamed(parsed.error, source, opts.sets)));
  return parsed.data;
}

export function loadConfig(path: string | undefined, opts: LoadOptions = {}): ExperimentConfig {
  const raw = path ? readConfigFile(path) : {};
  return parseConfig(raw, path ?? 'config', opts);
}

export function configJsonSchema(): unknown {
  return z.toJSONSchema(ExperimentConfig, { io: 'input', unrepresentable: 'any' });
}
