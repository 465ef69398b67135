// The synthetic world's judges (src/backends/testbed/): its gold program, and
// the gold-label reward that GRPO-trains a judge against gold's labels.
import { z } from 'zod';

export const TestbedGoldConfig = z.object({
  backend: z.literal('testbed-gold').describe('The synthetic world gold program (src/testbed/gold.ts).'),
}).strict();

export const GoldLabelConfig = z.object({
  backend: z.literal('gold-label').describe('Judge-GRPO reward: -1 if invalid, else (M_max - (s_hat - s)^2) / M_max against gold.'),
}).strict();
