// Judge prompt templates: text files with {name} placeholders. Loading resolves
// relative paths (cwd first, then the package root, where templates/ lives);
// filling is one pass, so text inside a response is never re-expanded. Used by
// every backend that renders judge prompts (openai, torch).
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { TribunalError } from '../core/errors.ts';
import { REPO_ROOT } from '../core/repo-root.ts';

export function resolveTemplatePath(path: string, cwd = process.cwd()): string {
  if (isAbsolute(path)) return path;
  const fromCwd = resolve(cwd, path);
  return existsSync(fromCwd) ? fromCwd : resolve(REPO_ROOT, path);
}

/** Reads a template and checks that it has every placeholder the caller will fill. */
export function loadTemplate(path: string, required: readonly string[]): string {
  const full = resolveTemplatePath(path);
  let text: string;
  try {
    text = readFileSync(full, 'utf8');
  } catch (e) {
    throw new TribunalError('BAD_CONFIG', `judge template ${path}: cannot read ${full}`, { cause: e });
  }
  const missing = required.filter((name) => !text.includes(`{${name}}`));
  if (missing.length) throw new TribunalError('BAD_CONFIG', `judge template ${full} lacks ${missing.map((m) => `{${m}}`).join(', ')}`);
  return text;
}

/** Replaces {name} for each known name in one pass; unknown braces stay as they are. */
export function fillTemplate(template: string, vars: Readonly<Record<string, string>>): string {
  return template.replace(/\{([a-z_]+)\}/g, (m, name: string) => (Object.hasOwn(vars, name) ? vars[name] : m));
}
