// How Tribunal's .proto files are loaded and how their TypeScript types are
// generated: the loader options and proto-loader-gen-types' flags side by
// side, so generated types describe exactly the objects grpc-js hands us.
// Used by the scheduler (proto/scheduler.proto) and the torch backend
// (proto/trainer.proto); each keeps its generated types beside its code.
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './repo-root.ts';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';

export const PROTO_DIR = join(REPO_ROOT, 'proto');

/** snake_case proto fields arrive camelCased; unset fields arrive as defaults; bytes as Buffers. */
export const LOADER_OPTIONS: protoLoader.Options = {
  keepCase: false,
  longs: Number,
  enums: String,
  defaults: true,
  arrays: true,
  objects: true,
  oneofs: true,
  includeDirs: [PROTO_DIR],
};

/**
 * Flags for proto-loader-gen-types matching LOADER_OPTIONS (plus output dir).
 * Run from REPO_ROOT: the generated headers name the proto by this relative path.
 */
export function genTypesArgs(protoFile: string, outDir: string): string[] {
  return [
    '--longs=Number', '--enums=String', '--defaults', '--arrays', '--objects', '--oneofs',
    '--grpcLib=@grpc/grpc-js', '--importFileExtension=.ts', '--includeComments',
    '-I', 'proto', '-O', outDir, protoFile,
  ];
}

/** Writes fresh generated types of `protoFile` (a name in proto/) into outDir, emptied first. */
export function generateGrpcTypes(protoFile: string, outDir: string): void {
  rmSync(outDir, { recursive: true, force: true });
  const bin = join(REPO_ROOT, 'node_modules', '@grpc', 'proto-loader', 'build', 'bin', 'proto-loader-gen-types.js');
  execFileSync(process.execPath, [bin, ...genTypesArgs(protoFile, outDir)], { cwd: REPO_ROOT, stdio: 'pipe' });
}

/** The package object of a proto in proto/, typed by its generated ProtoGrpcType. */
export function loadGrpcPackage<T>(protoFile: string): T {
  const def = protoLoader.loadSync(protoFile, LOADER_OPTIONS);
  return grpc.loadPackageDefinition(def) as unknown as T;
}
