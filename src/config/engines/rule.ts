// The rule backend's options: a judge that scores text by a fixed rule with
// a known optimum, for engine tests and demos on real models (src/backends/rule/).
import { z } from 'zod';

export const RuleJudgeConfig = z.object({
  backend: z.literal('rule').describe('A rule judge: 9 x the fraction of the response\'s non-space characters that match `pattern` (a task with a known optimum).'),
  pattern: z.string().min(1).default('[0-9]').describe('Rule judge: a regular expression matched against each character.').refine((p) => {
    try { new RegExp(p, 'u'); return true; } catch { return false; }
  }, 'not a valid regular expression'),
}).strict();
export type RuleJudgeConfig = z.infer<typeof RuleJudgeConfig>;
