// A model named by its hub id is found in the Hugging Face cache as
// huggingface_hub lays it out (refs/<revision> -> snapshots/<commit>), offline;
// missing and offline, one line saying how to get it; a relative dir that
// exists stays a dir.
import { afterEach, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cachedSnapshot, hubCacheDir, hubOffline, isHubId } from '../../src/pyenv/hf-cache.ts';
import { resolveModelDir } from '../../src/pyenv/python-env.ts';
import { checkModelDir } from '../../src/launcher/preflight.ts';
import { NoopLogger } from '../../src/core/logger.ts';
import { isTribunalError } from '../../src/core/errors.ts';

const home = mkdtempSync(join(tmpdir(), 'tribunal-hf-'));
const COMMIT = 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678';
const snapshot = join(home, 'hub', 'models--Qwen--Qwen2.5-0.5B-Instruct', 'snapshots', COMMIT);
mkdirSync(snapshot, { recursive: true });
writeFileSync(join(snapshot, 'config.json'), '{"model_type":"qwen2"}');
writeFileSync(join(snapshot, 'model.safetensors'), '');
mkdirSync(join(home, 'hub', 'models--Qwen--Qwen2.5-0.5B-Instruct', 'refs'), { recursive: true });
writeFileSync(join(home, 'hub', 'models--Qwen--Qwen2.5-0.5B-Instruct', 'refs', 'main'), `${COMMIT}\n`);

const saved = { ...process.env };
afterEach(() => { process.env = { ...saved }; });

describe('hugging face inputs - hub ids through the cache', () => {
  it('hub ids are told from dirs; the cache dir follows HF_HUB_CACHE, HF_HOME, then ~/.cache', () => {
    expect(isHubId('Qwen/Qwen2.5-0.5B-Instruct', () => false)).toBe(true);
    expect(isHubId('meta-llama/Llama-3.1-8B-Instruct', () => false)).toBe(true);
    for (const dir of ['/models/qwen', './m', 'models/a/b', '../x/y', 'tiny']) expect(isHubId(dir, () => false), dir).toBe(false);
    expect(isHubId('examples/data', () => true)).toBe(false); // a relative dir that exists stays a dir
    expect(hubCacheDir({ HF_HUB_CACHE: '/c', HF_HOME: '/h' })).toBe('/c');
    expect(hubCacheDir({ HF_HOME: '/h' })).toBe('/h/hub');
    expect(hubCacheDir({ XDG_CACHE_HOME: '/x' })).toBe('/x/huggingface/hub');
    expect(hubOffline({ HF_HUB_OFFLINE: '1' })).toBe(true);
    expect(hubOffline({ TRANSFORMERS_OFFLINE: 'true' })).toBe(true);
    expect(hubOffline({})).toBe(false);
  });

  it('a cached model resolves to its snapshot, by branch or by commit, offline', async () => {
    const env = { HF_HOME: home, HF_HUB_OFFLINE: '1' };
    expect(cachedSnapshot('Qwen/Qwen2.5-0.5B-Instruct', 'main', env)).toBe(snapshot);
    expect(cachedSnapshot('Qwen/Qwen2.5-0.5B-Instruct', COMMIT, env)).toBe(snapshot);
    expect(cachedSnapshot('Qwen/Qwen2.5-7B', 'main', env)).toBeNull();
    Object.assign(process.env, env);
    const noPython = () => Promise.reject(new Error('a cached model needs no Python'));
    expect(await resolveModelDir('Qwen/Qwen2.5-0.5B-Instruct', noPython, NoopLogger)).toBe(snapshot);
    expect(() => checkModelDir('engines.policy.model', 'Qwen/Qwen2.5-0.5B-Instruct', env)).not.toThrow();
  });

  it('missing from the cache and offline: one BAD_CONFIG line, at start and in the preflight', async () => {
    const env = { HF_HOME: home, HF_HUB_OFFLINE: '1' };
    Object.assign(process.env, env);
    const err = await resolveModelDir('Qwen/Qwen2.5-7B', () => Promise.reject(new Error('no')), NoopLogger).catch((e: unknown) => e);
    expect(isTribunalError(err, 'BAD_CONFIG')).toBe(true);
    expect((err as Error).message).toMatch(/model Qwen\/Qwen2\.5-7B: not in the Hugging Face cache \(.*hub\) and HF_HUB_OFFLINE is set: download it .*huggingface-cli download Qwen\/Qwen2\.5-7B/);
    expect(() => checkModelDir('engines.policy.model', 'Qwen/Qwen2.5-7B', env)).toThrow(/engines\.policy\.model: Qwen\/Qwen2\.5-7B is not in the Hugging Face cache/);
    // Online, the preflight lets it through: it is downloaded when the engine starts.
    expect(() => checkModelDir('engines.policy.model', 'Qwen/Qwen2.5-7B', { HF_HOME: home })).not.toThrow();
  });
});
