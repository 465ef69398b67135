// Original file: proto/trainer.proto


export interface PpoLoss {
  'clipLow'?: (number | string);
  'clipHigh'?: (number | string);
  /**
   * k3 KL to the reference policy; needs logp_ref_f32
   */
  'klBeta'?: (number | string);
}

export interface PpoLoss__Output {
  'clipLow': (number);
  'clipHigh': (number);
  /**
   * k3 KL to the reference policy; needs logp_ref_f32
   */
  'klBeta': (number);
}
