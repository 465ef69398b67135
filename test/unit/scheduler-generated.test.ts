import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateSchedulerTypes } from '../../src/scheduler/gen-types.ts';
import { GENERATED_DIR } from '../../src/scheduler/proto.ts';

function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => relative(dir, join(d.parentPath, d.name)))
    .sort();
}

describe('scheduler generated types', () => {
  it('scheduler generated - committed types match a fresh proto-loader-gen-types run', () => {
    const out = mkdtempSync(join(tmpdir(), 'tribunal-gen-'));
    try {
      generateSchedulerTypes(out);
      const fresh = listFiles(out);
      expect(fresh.length).toBeGreaterThan(10);
      expect(listFiles(GENERATED_DIR)).toEqual(fresh);
      for (const f of fresh) {
        expect(readFileSync(join(GENERATED_DIR, f), 'utf8'), `${f} drifted from proto/scheduler.proto: regenerate`).toBe(readFileSync(join(out, f), 'utf8'));
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
