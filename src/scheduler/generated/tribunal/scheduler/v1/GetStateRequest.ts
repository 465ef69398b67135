// Original file: proto/scheduler.proto


export interface GetStateRequest {
}

export interface GetStateRequest__Output {
}
