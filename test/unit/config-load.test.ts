// Config input from people and scripts: --set values are decimal numbers,
// booleans, null or strings; a --set path cannot reach an object's prototype;
// a file that is not a mapping and a run too large to track each fail with
// one line naming what is wrong (BAD_CONFIG, exit code 2).
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, scalar } from '../../src/config/load.ts';
import { isTribunalError } from '../../src/core/errors.ts';

const dir = mkdtempSync(join(tmpdir(), 'tribunal-cfg-'));
const file = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};
const refused = (f: () => unknown, pattern: RegExp) => {
  let err: unknown;
  try { f(); } catch (e) { err = e; }
  expect(isTribunalError(err, 'BAD_CONFIG'), String(err)).toBe(true);
  expect((err as Error).message).toMatch(pattern);
  expect((err as Error).message).not.toMatch(/\n/);
};

describe('config load', () => {
  it('config - --set reads decimal numbers only: 0x10, 0b1, Infinity and padded text stay strings', () => {
    expect(scalar('16')).toBe(16);
    expect(scalar('-2.5e3')).toBe(-2500);
    expect(scalar('0.1')).toBe(0.1);
    for (const s of ['0x10', '0b1', '0o7', 'Infinity', ' 5', '1_000', '01']) expect(scalar(s), s).toBe(s);
    expect(scalar('[non-reasoning, gold-reward]')).toEqual(['non-reasoning', 'gold-reward']);
    expect(scalar('[1,true]')).toEqual([1, true]);
    expect(scalar('[]')).toEqual([]);
    const base = file('base.yaml', 'run: {id: x}\n');
    refused(() => loadConfig(base, { sets: ['rl.groupSize=0x10'] }), /rl\.groupSize: .*expected number/);
  });

  it('config - --set cannot touch a prototype', () => {
    const base = file('base2.yaml', 'run: {id: x}\n');
    for (const path of ['__proto__.polluted', 'rl.constructor.prototype.polluted', 'run..id']) {
      refused(() => loadConfig(base, { sets: [`${path}=1`] }), /is not a config field/);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('config - a file holding a scalar, and a run too large to track, are one-line config errors', () => {
    refused(() => loadConfig(file('scalar.yaml', '5\n')), /expected a mapping/);
    refused(() => loadConfig(file('big.yaml', 'run: {steps: 100000000}\nrl: {promptsPerStep: 1000}\n')), /run\.steps: .* above the 10000000 prompts/);
  });
});
