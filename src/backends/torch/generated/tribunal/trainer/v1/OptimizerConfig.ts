// Original file: proto/trainer.proto


export interface OptimizerConfig {
  'lr'?: (number | string);
  'weightDecay'?: (number | string);
  'beta1'?: (number | string);
  'beta2'?: (number | string);
  'eps'?: (number | string);
  /**
   * global-norm clip; 0: none
   */
  'gradClip'?: (number | string);
  /**
   * linear warm-up from 0 to lr
   */
  'warmupSteps'?: (number);
  /**
   * constant | linear | cosine (after warm-up, to 0 at total_steps)
   */
  'schedule'?: (string);
  'totalSteps'?: (number);
}

export interface OptimizerConfig__Output {
  'lr': (number);
  'weightDecay': (number);
  'beta1': (number);
  'beta2': (number);
  'eps': (number);
  /**
   * global-norm clip; 0: none
   */
  'gradClip': (number);
  /**
   * linear warm-up from 0 to lr
   */
  'warmupSteps': (number);
  /**
   * constant | linear | cosine (after warm-up, to 0 at total_steps)
   */
  'schedule': (string);
  'totalSteps': (number);
}
