// Where the control-plane proto lives and where its generated types go
// (src/wire/grpc-proto.ts says how both are made).
import type { ProtoGrpcType } from './generated/scheduler.ts';
import { loadGrpcPackage } from '../core/grpc-proto.ts';

export const PROTO_FILE = 'scheduler.proto';

/** The typed package object; `.tribunal.scheduler.v1.Scheduler` is the service. */
export function loadSchedulerProto(): ProtoGrpcType {
  return loadGrpcPackage<ProtoGrpcType>(PROTO_FILE);
}
