// Regenerates the committed TypeScript types of every proto in proto/
// (a unit test fails when they drift). Usage: node --import tsx src/core/gen-grpc-types.ts
import { join } from 'node:path';
import { generateGrpcTypes } from './grpc-proto.ts';
import { REPO_ROOT } from './repo-root.ts';

/** Each proto and where its generated types live. */
export const GENERATED = [
  { proto: 'scheduler.proto', dir: join(REPO_ROOT, 'src', 'scheduler', 'generated') },
  { proto: 'trainer.proto', dir: join(REPO_ROOT, 'src', 'backends', 'torch', 'generated') },
] as const;

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  for (const g of GENERATED) {
    generateGrpcTypes(g.proto, g.dir);
    console.log(`${g.proto}: types written to ${g.dir}`);
  }
}
