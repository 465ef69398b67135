// Regenerates the TypeScript types of proto/scheduler.proto into
// src/scheduler/generated/ (committed; a unit test fails when they drift).
// Usage: node --import tsx src/scheduler/gen-types.ts [outDir]
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GENERATED_DIR, REPO_ROOT, genTypesArgs } from './proto.ts';

/** Writes fresh generated types into outDir (emptied first). */
export function generateSchedulerTypes(outDir: string): void {
  rmSync(outDir, { recursive: true, force: true });
  const bin = join(REPO_ROOT, 'node_modules', '@grpc', 'proto-loader', 'build', 'bin', 'proto-loader-gen-types.js');
  execFileSync(process.execPath, [bin, ...genTypesArgs(outDir)], { cwd: REPO_ROOT, stdio: 'pipe' });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const outDir = resolve(process.argv[2] ?? GENERATED_DIR);
  generateSchedulerTypes(outDir);
  console.log(`scheduler types written to ${outDir}`);
}
