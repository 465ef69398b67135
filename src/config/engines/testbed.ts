// The synthetic world's judges (src/backends/testbed/): its gold program, and
// the gold-label reward that GRPO-trains a judge against gold's labels (the
// program's, or labels an LLM gold gave, looked up in a file).
import { z } from 'zod';

export const TestbedGoldConfig = z.object({
  backend: z.literal('testbed-gold').describe('The synthetic world gold program (src/testbed/gold.ts).'),
}).strict();

export const GoldLabelConfig = z.object({
  backend: z.literal('gold-label').describe('Judge-GRPO reward: -1 if invalid, else (M_max - (s_hat - s)^2) / M_max against gold.'),
  labels: z.string().min(1).optional().describe("gold-label: a JSONL file of {prompt, gold} (judge prompts and gold's labels) to look labels up in; default: the synthetic world's gold program."),
}).strict();
