// Where the control-plane proto lives and how it is loaded. The loader options
// and the code generator's flags are kept side by side here so the generated
// types in ./generated/ describe exactly the objects grpc-js hands us.
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import type { ProtoGrpcType } from './generated/scheduler.ts';

export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const PROTO_DIR = join(REPO_ROOT, 'proto');
export const PROTO_FILE = 'scheduler.proto';
export const GENERATED_DIR = join(REPO_ROOT, 'src', 'scheduler', 'generated');

/** snake_case proto fields arrive camelCased; unset fields arrive as defaults. */
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
export function genTypesArgs(outDir: string): string[] {
  return [
    '--longs=Number', '--enums=String', '--defaults', '--arrays', '--objects', '--oneofs',
    '--grpcLib=@grpc/grpc-js', '--importFileExtension=.ts', '--includeComments',
    '-I', 'proto', '-O', outDir, PROTO_FILE,
  ];
}

/** The typed package object; `.tribunal.scheduler.v1.Scheduler` is the service. */
export function loadSchedulerProto(): ProtoGrpcType {
  const def = protoLoader.loadSync(PROTO_FILE, LOADER_OPTIONS);
  return grpc.loadPackageDefinition(def) as unknown as ProtoGrpcType;
}
