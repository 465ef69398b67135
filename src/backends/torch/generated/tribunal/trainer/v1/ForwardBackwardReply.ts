// Original file: proto/trainer.proto


export interface ForwardBackwardReply {
  /**
   * this call's share: sum(loss_t) / normalizer
   */
  'loss'?: (number | string);
  /**
   * per completion token, at the loss's temperature
   */
  'logpNewF32'?: (Buffer | Uint8Array | string);
  'tokens'?: (number);
}

export interface ForwardBackwardReply__Output {
  /**
   * this call's share: sum(loss_t) / normalizer
   */
  'loss': (number);
  /**
   * per completion token, at the loss's temperature
   */
  'logpNewF32': (Buffer);
  'tokens': (number);
}
