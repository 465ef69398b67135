// Where the torch engine's compute-service proto lives and where its generated
// types go (src/wire/grpc-proto.ts says how both are made). Both sides raise
// gRPC's message limit to MAX_MESSAGE_BYTES (trainer/tribunal_trainer/server.py).
import type { ProtoGrpcType } from './generated/trainer.ts';
import { loadGrpcPackage } from '../../core/grpc-proto.ts';

export const PROTO_FILE = 'trainer.proto';
export const MAX_MESSAGE_BYTES = 256 * 1024 * 1024;

export function loadTrainerProto(): ProtoGrpcType {
  return loadGrpcPackage<ProtoGrpcType>(PROTO_FILE);
}
