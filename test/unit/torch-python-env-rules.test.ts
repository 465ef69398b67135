import { describe, expect, it } from 'vitest';
import {
  formatBytes, parsePythonVersion, pipFailureLine, pipProgressNote, splitPipArgs, stampContent, stampSatisfies, versionAtLeast,
} from '../../src/pyenv/python-env-rules.ts';
import { parseModelSpec, tinyModelArgs, tinyModelDirName, tinyVocabularyWords, wordsDigest } from '../../src/pyenv/model-spec.ts';
import { testbedVocabulary } from '../../src/testbed/vocabulary.ts';
import { isTribunalError } from '../../src/core/errors.ts';

function badConfig(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(isTribunalError(e, 'BAD_CONFIG')).toBe(true);
    return (e as Error).message;
  }
  throw new Error('expected a BAD_CONFIG error');
}

describe('torch python env rules', () => {
  it('python env - reads `python --version` and compares versions', () => {
    expect(parsePythonVersion('Python 3.11.7\n')).toEqual([3, 11, 7]);
    expect(parsePythonVersion('Python 3.13.0rc1')).toEqual([3, 13, 0]);
    expect(parsePythonVersion('Python 2.7')).toEqual([2, 7, 0]);
    expect(parsePythonVersion('command not found')).toBeNull();
    expect(versionAtLeast([3, 10, 0], [3, 10])).toBe(true);
    expect(versionAtLeast([3, 9, 18], [3, 10])).toBe(false);
    expect(versionAtLeast([3, 12], [3, 10])).toBe(true);
    expect(versionAtLeast([4, 0], [3, 10])).toBe(true);
    expect(versionAtLeast([2, 7, 18], [3, 10])).toBe(false);
  });

  it('python env - a stamp is current when it holds every needed hash (more is fine), and not otherwise', () => {
    const both = stampContent('3.11.7', { 'requirements.txt': 'aa', 'requirements-dev.txt': 'bb' });
    expect(stampSatisfies(both, { 'requirements.txt': 'aa' })).toBe(true);
    expect(stampSatisfies(both, { 'requirements.txt': 'aa', 'requirements-dev.txt': 'bb' })).toBe(true);
    expect(stampSatisfies(both, { 'requirements.txt': 'changed' })).toBe(false);
    const runtime = stampContent('3.11.7', { 'requirements.txt': 'aa' });
    expect(stampSatisfies(runtime, { 'requirements.txt': 'aa', 'requirements-dev.txt': 'bb' })).toBe(false);
    expect(stampSatisfies(null, { 'requirements.txt': 'aa' })).toBe(false);
    expect(stampSatisfies('{not json', { 'requirements.txt': 'aa' })).toBe(false);
    expect(stampSatisfies('{"version":2,"requirements":{"requirements.txt":"aa"}}', { 'requirements.txt': 'aa' })).toBe(false);
    expect(JSON.parse(runtime)).toEqual({ version: 1, python: '3.11.7', requirements: { 'requirements.txt': 'aa' } });
  });

  it("python env - pip's output becomes a few progress notes and one failure line", () => {
    expect(pipProgressNote('Collecting torch<2.14,>=2.5 (from -r requirements.txt (line 5))')).toBe('collecting torch<2.14,>=2.5');
    expect(pipProgressNote('Installing collected packages: numpy, torch, peft')).toBe('installing 3 packages (the slow part)');
    expect(pipProgressNote('Successfully installed numpy-2.4.6 torch-2.13.0')).toBe('installed 2 packages');
    expect(pipProgressNote('Requirement already satisfied: numpy in ./lib')).toBeNull();
    expect(pipProgressNote('  Downloading torch-2.13.0.whl (200 MB)')).toBeNull();
    expect(pipFailureLine(['Looking in links: /opt/wheels', 'ERROR: Could not find a version that satisfies the requirement torch', 'ERROR: No matching distribution found for torch', '']))
      .toBe('ERROR: No matching distribution found for torch');
    expect(pipFailureLine(['Killed'])).toBe('Killed');
    expect(pipFailureLine([])).toBe('no output');
    expect(splitPipArgs(' --retries 0  --timeout 3 ')).toEqual(['--retries', '0', '--timeout', '3']);
    expect(splitPipArgs(undefined)).toEqual([]);
    expect(formatBytes(1_160_599_196)).toBe('1.2 GB');
    expect(formatBytes(562_104)).toBe('1 MB');
  });
});

describe('torch model spec', () => {
  it('model spec - tiny-random:<arch>[:<seed>] and plain paths', () => {
    expect(parseModelSpec('tiny-random:qwen2')).toEqual({ kind: 'tiny-random', arch: 'qwen2', seed: 0 });
    expect(parseModelSpec('tiny-random:llama:42')).toEqual({ kind: 'tiny-random', arch: 'llama', seed: 42 });
    expect(parseModelSpec('/models/Qwen2.5-0.5B')).toEqual({ kind: 'path', path: '/models/Qwen2.5-0.5B' });
    expect(parseModelSpec('./m')).toEqual({ kind: 'path', path: './m' });
    expect(tinyModelDirName({ arch: 'qwen2', seed: 3 })).toBe('tiny-random-qwen2-3');
  });

  it('model spec - a tiny model may name its width and depth', () => {
    const spec = parseModelSpec('tiny-random:qwen2:1:384x4');
    expect(spec).toEqual({ kind: 'tiny-random', arch: 'qwen2', seed: 1, size: { hidden: 384, layers: 4 } });
    expect(tinyModelDirName(spec as Extract<typeof spec, { kind: 'tiny-random' }>)).toBe('tiny-random-qwen2-1-384x4');
    expect(tinyModelArgs({ arch: 'llama', seed: 2, size: { hidden: 96, layers: 3 } })).toEqual(['--arch', 'llama', '--seed', '2', '--hidden', '96', '--layers', '3']);
    expect(tinyModelArgs({ arch: 'qwen2', seed: 0 })).toEqual(['--arch', 'qwen2', '--seed', '0']);
    for (const bad of ['384', '384x0', '300x4', '10x2', '384x4x5', '384x4x0', 'bigx4']) {
      expect(badConfig(() => parseModelSpec(`tiny-random:qwen2:1:${bad}`))).toMatch(/<hidden>x<layers>/);
    }
  });

  it('model spec - heads may be given; a size that does not divide by them is refused', () => {
    const spec = parseModelSpec('tiny-random:llama:1:320x4x5');
    expect(spec).toEqual({ kind: 'tiny-random', arch: 'llama', seed: 1, size: { hidden: 320, layers: 4, heads: 5 } });
    expect(tinyModelDirName(spec as Extract<typeof spec, { kind: 'tiny-random' }>)).toBe('tiny-random-llama-1-320x4x5');
    expect(tinyModelArgs({ arch: 'llama', seed: 1, size: { hidden: 320, layers: 4, heads: 5 } })).toEqual(['--arch', 'llama', '--seed', '1', '--hidden', '320', '--layers', '4', '--heads', '5']);
  });

  it('model spec - a word-level vocabulary: named last, llama only, its words in the dir name and a file for the maker', () => {
    const spec = parseModelSpec('tiny-random:llama:1:256x4:testbed');
    expect(spec).toEqual({ kind: 'tiny-random', arch: 'llama', seed: 1, size: { hidden: 256, layers: 4 }, vocabulary: 'testbed' });
    expect(parseModelSpec('tiny-random:llama:2:testbed')).toEqual({ kind: 'tiny-random', arch: 'llama', seed: 2, vocabulary: 'testbed' });
    const words = tinyVocabularyWords('testbed');
    expect(words).toEqual(testbedVocabulary());
    const name = tinyModelDirName(spec as Extract<typeof spec, { kind: 'tiny-random' }>, words);
    expect(name).toBe(`tiny-random-llama-1-256x4-testbed-${wordsDigest(words)}`);
    expect(wordsDigest([...words, 'new'])).not.toBe(wordsDigest(words));
    expect(tinyModelArgs({ arch: 'llama', seed: 1, vocabulary: 'testbed' }, '/tmp/w')).toEqual(['--arch', 'llama', '--seed', '1', '--words-file', '/tmp/w']);
    const qwen = badConfig(() => parseModelSpec('tiny-random:qwen2:1:256x4:testbed'));
    expect(qwen).toMatch(/needs arch llama.*tiny-random:llama:1:256x4:testbed/);
    expect(badConfig(() => parseModelSpec('tiny-random:llama:1:words'))).toMatch(/unknown vocabulary 'words'; choose testbed/);
  });

  it('model spec - a bad spec is one BAD_CONFIG line naming the choices', () => {
    const arch = badConfig(() => parseModelSpec('tiny-random:gpt2'));
    expect(arch).toMatch(/'gpt2'.*qwen2, llama/);
    expect(arch.split('\n')).toHaveLength(1);
    expect(badConfig(() => parseModelSpec('tiny-random:'))).toMatch(/qwen2, llama/);
    expect(badConfig(() => parseModelSpec('tiny-random:qwen2:-1'))).toMatch(/seed a non-negative integer/);
    expect(badConfig(() => parseModelSpec('tiny-random:qwen2:1.5'))).toMatch(/seed/);
    expect(badConfig(() => parseModelSpec('tiny-random:qwen2:1:2'))).toMatch(/<hidden>x<layers>/);
    expect(badConfig(() => parseModelSpec('tiny-random:qwen2:1:64x2:3'))).toMatch(/expected tiny-random:<qwen2\|llama>\[:<seed>\[:<hidden>x<layers>\[x<heads>\]\]\[:testbed\]\]/);
    expect(badConfig(() => parseModelSpec(' '))).toMatch(/model is empty/);
  });
});
