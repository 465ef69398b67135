// The content digest of a weights directory (WeightsRef.digest), byte for byte
// trainer/tribunal_trainer/digest.py's. Hashing only: what the files are is the exporter's.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';

export const DIGEST_PREFIX = 'sha256:';

interface DigestFile {
  /** Path relative to the root, '/'-separated, UTF-8. */
  rel: Buffer;
  path: string;
  bytes: number;
}

/** Every regular file under root (symlinks, directories' own entries and others skipped), sorted by rel as bytes. */
async function regularFiles(root: string): Promise<DigestFile[]> {
  const out: DigestFile[] = [];
  async function walk(dir: string, prefix: string): Promise<void> {
    for (const e of await readdir(dir, { withFileTypes: true })) {
      const path = join(dir, e.name);
      const rel = prefix + e.name;
      // withFileTypes reports what the entry is, not its target: a symlink is neither file nor directory.
      if (e.isDirectory()) await walk(path, rel + '/');
      else if (e.isFile()) out.push({ rel: Buffer.from(rel, 'utf8'), path, bytes: (await lstat(path)).size });
    }
  }
  await walk(root, '');
  return out.sort((a, b) => Buffer.compare(a.rel, b.rel));
}

async function fileSha256(path: string): Promise<Buffer> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) h.update(chunk as Buffer);
  return h.digest();
}

/** "sha256:" + hex(SHA256(concat of relpath + 0x00 + SHA256(file) over the sorted regular files)). */
export async function dirDigest(dir: string): Promise<string> {
  const h = createHash('sha256');
  for (const f of await regularFiles(dir)) {
    h.update(f.rel);
    h.update(Buffer.of(0));
    h.update(await fileSha256(f.path));
  }
  return DIGEST_PREFIX + h.digest('hex');
}

/** Total size of the regular files the digest covers (digest.py's dir_bytes). */
export async function dirBytes(dir: string): Promise<number> {
  return (await regularFiles(dir)).reduce((sum, f) => sum + f.bytes, 0);
}
