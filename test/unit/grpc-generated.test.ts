import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateGrpcTypes } from '../../src/core/grpc-proto.ts';
import { GENERATED } from '../../src/core/gen-grpc-types.ts';

function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => relative(dir, join(d.parentPath, d.name)))
    .sort();
}

describe('grpc generated types', () => {
  it.each(GENERATED)('grpc generated - committed types of $proto match a fresh proto-loader-gen-types run', ({ proto, dir }) => {
    const out = mkdtempSync(join(tmpdir(), 'tribunal-gen-'));
    try {
      generateGrpcTypes(proto, out);
      const fresh = listFiles(out);
      expect(fresh.length).toBeGreaterThan(10);
      expect(listFiles(dir)).toEqual(fresh);
      for (const f of fresh) {
        expect(readFileSync(join(dir, f), 'utf8'), `${f} drifted from proto/${proto}: run node --import tsx src/core/gen-grpc-types.ts`).toBe(readFileSync(join(out, f), 'utf8'));
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
