// Flag parsing shared by every command: node's parseArgs, --help, and one
// clear line (exit 2) for a bad flag.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { TribunalError } from '../core/errors.ts';

export type Options = NonNullable<ParseArgsConfig['options']>;

export const COMMON_OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  set: { type: 'string', multiple: true },
} as const satisfies Options;

export function parseFlags<O extends Options>(argv: string[], options: O, positionals = true) {
  try {
    return parseArgs({ args: argv, options: { ...COMMON_OPTIONS, ...options }, allowPositionals: positionals, strict: true });
  } catch (e) {
    throw new TribunalError('BAD_CONFIG', (e as Error).message.split('\n')[0].replace(/^TypeError \[\w+\]: /, ''));
  }
}

/**
 * The overrides of a command that takes a config: its --set flags, then the
 * `path=value` positionals after the first `taken` (Hydra's and verl's way:
 * `tribunal run x.yaml rl.lr=1e-6`). Any other extra positional is refused with
 * a hint, never ignored.
 */
export function overrides(positionals: string[], sets: string[] | undefined, taken = 1): string[] {
  const extra = positionals.slice(taken);
  for (const p of extra) {
    if (!/^[A-Za-z_][\w.]*=/.test(p)) throw new TribunalError('BAD_CONFIG', `unexpected argument '${p}': overrides after the config are path=value (say rl.lr=1e-6), or --set path=value`);
  }
  return [...(sets ?? []), ...extra];
}

export function intFlag(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new TribunalError('BAD_CONFIG', `--${name}: expected a non-negative integer, got '${value}'`);
  return n;
}
