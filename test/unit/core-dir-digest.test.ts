// dirDigest equals trainer/tribunal_trainer/digest.py: the shared fixed vector
// (trainer/tests/test_digest.py), skipped entries, and a random dir hashed by both.
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { dirBytes, dirDigest } from '../../src/core/dir-digest.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const VENV_PYTHON = join(ROOT, '.cache', 'trainer-venv', 'bin', 'python');

const FIXTURE: Record<string, Buffer> = {
  'adapter_config.json': Buffer.from('{"r": 8}\n'),
  'adapter_model.safetensors': Buffer.concat(Array.from({ length: 4 }, () => Buffer.from(Array.from({ length: 256 }, (_, i) => i)))),
  'sub/b.txt': Buffer.alloc(0),
  'sub/a.txt': Buffer.from('h\u00e9llo\n', 'utf8'),
};
const EXPECTED = 'sha256:4480151f471ad26d646e645185634e2d7099643b0ba24d06fc4cc3dc75d5cf6e';

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'tribunal-digest-'));
}

function write(root: string, files: Record<string, Buffer>): void {
  for (const [rel, data] of Object.entries(files)) {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), data);
  }
}

describe('dir digest', () => {
  it('dir digest - the fixed vector shared with digest.py', async () => {
    const dir = tempDir();
    try {
      write(dir, FIXTURE);
      expect(await dirDigest(dir)).toBe(EXPECTED);
      expect(await dirBytes(dir)).toBe(Object.values(FIXTURE).reduce((s, b) => s + b.length, 0));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('dir digest - empty dir is sha256 of nothing; symlinks and empty dirs are skipped', async () => {
    const dir = tempDir();
    try {
      expect(await dirDigest(dir)).toBe('sha256:' + createHash('sha256').digest('hex'));
      write(dir, FIXTURE);
      symlinkSync(join(dir, 'sub', 'a.txt'), join(dir, 'link'));
      symlinkSync(join(dir, 'sub'), join(dir, 'linkdir'));
      mkdirSync(join(dir, 'emptydir'));
      expect(await dirDigest(dir)).toBe(EXPECTED);
      writeFileSync(join(dir, 'sub', 'b.txt'), 'x');
      expect(await dirDigest(dir)).not.toBe(EXPECTED);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('dir digest - equals the Python implementation on a random dir', async (ctx) => {
    if (!existsSync(VENV_PYTHON)) {
      ctx.skip(`no trainer venv at ${VENV_PYTHON}: run \`tribunal doctor --setup\` to compare with digest.py`);
    }
    const dir = tempDir();
    try {
      // Names that sort differently as UTF-8 bytes than as UTF-16 code units, nested dirs, a large-ish file.
      write(dir, {
        'b/\u00e9.bin': randomBytes(1000),
        'b/z.bin': randomBytes(3),
        'b-c': randomBytes(17),
        'a/deep/er/x': randomBytes(3 << 20),
        '\u{1F600}.txt': Buffer.from('smile'),
        '\uFF21.txt': Buffer.from('fullwidth A'),
        'A.txt': Buffer.alloc(0),
      });
      const py = execFileSync(VENV_PYTHON, ['-c', 'import sys; from tribunal_trainer.digest import dir_digest; print(dir_digest(sys.argv[1]))', dir], {
        env: { ...process.env, PYTHONPATH: join(ROOT, 'trainer') },
        encoding: 'utf8',
      }).trim();
      expect(await dirDigest(dir)).toBe(py);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
