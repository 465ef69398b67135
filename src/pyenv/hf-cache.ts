// A model named by its Hugging Face hub id (Qwen/Qwen2.5-0.5B-Instruct), found
// where transformers finds it: the hub cache ($HF_HUB_CACHE, else
// $HF_HOME/hub, else ~/.cache/huggingface/hub), laid out as huggingface_hub
// lays it: models--<org>--<name>/refs/<revision> holds a commit hash, and
// snapshots/<hash>/ the files. Where the cache lacks it and the network is
// allowed, huggingface_hub's snapshot_download (in the trainer's Python)
// fetches it into that cache; offline (HF_HUB_OFFLINE=1) that is one line
// saying how to get it.
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** org/name as the hub spells ids: one slash, no path dots or leading slash. */
const HUB_ID = /^[A-Za-z0-9][\w.-]*\/[\w.-]+$/;

/** Whether `model` reads as a hub id rather than a local dir (a relative path that exists stays a path). */
export function isHubId(model: string, exists: (p: string) => boolean = existsSync): boolean {
  return HUB_ID.test(model) && !model.includes('..') && !exists(model);
}

/** The hub cache dir transformers reads. */
export function hubCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.HF_HUB_CACHE) return env.HF_HUB_CACHE;
  if (env.HF_HOME) return join(env.HF_HOME, 'hub');
  return join(env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'huggingface', 'hub');
}

/** The cached snapshot dir of `id` at `revision` (a branch or tag in refs/, or a commit hash), or null when the cache lacks it. */
export function cachedSnapshot(id: string, revision = 'main', env: NodeJS.ProcessEnv = process.env): string | null {
  const repo = join(hubCacheDir(env), `models--${id.replace('/', '--')}`);
  const ref = join(repo, 'refs', revision);
  const commit = existsSync(ref) ? readFileSync(ref, 'utf8').trim() : revision;
  const dir = join(repo, 'snapshots', commit);
  return existsSync(join(dir, 'config.json')) ? dir : null;
}

/** Whether the hub may be asked (huggingface_hub's and transformers' offline switches). */
export function hubOffline(env: NodeJS.ProcessEnv = process.env): boolean {
  return ['HF_HUB_OFFLINE', 'TRANSFORMERS_OFFLINE'].some((k) => ['1', 'true', 'yes', 'on'].includes((env[k] ?? '').toLowerCase()));
}
