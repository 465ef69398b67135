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

export function intFlag(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new TribunalError('BAD_CONFIG', `--${name}: expected a non-negative integer, got '${value}'`);
  return n;
}
