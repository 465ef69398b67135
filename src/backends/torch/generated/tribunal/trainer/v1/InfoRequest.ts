// Original file: proto/trainer.proto


export interface InfoRequest {
}

export interface InfoRequest__Output {
}
