// Original file: proto/trainer.proto


export interface LoraConfig {
  /**
   * 0: full fine-tuning
   */
  'rank'?: (number);
  'alpha'?: (number | string);
  'dropout'?: (number | string);
  /**
   * e.g. q_proj, v_proj; empty: peft's default for the architecture
   */
  'targetModules'?: (string)[];
}

export interface LoraConfig__Output {
  /**
   * 0: full fine-tuning
   */
  'rank': (number);
  'alpha': (number);
  'dropout': (number);
  /**
   * e.g. q_proj, v_proj; empty: peft's default for the architecture
   */
  'targetModules': (string)[];
}
