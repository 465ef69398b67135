// Engine settings, one variant per backend; the `backend` field picks it.
// Each backend's schema has one home in ./engines/<backend>.ts; this union is
// what an experiment config holds in engines.policy, engines.judge and engines.gold.
import { z } from 'zod';
import { TrivialEngineConfig } from './engines/trivial.ts';
import { BuiltinEngineConfig } from './engines/builtin.ts';
import { OpenAIEngineConfig } from './engines/openai.ts';
import { GoldLabelConfig, TestbedGoldConfig } from './engines/testbed.ts';
import { TorchEngineConfig } from './engines/torch.ts';
import { RuleJudgeConfig } from './engines/rule.ts';

export const EngineConfig = z.discriminatedUnion('backend', [
  TrivialEngineConfig, BuiltinEngineConfig, OpenAIEngineConfig, TorchEngineConfig, TestbedGoldConfig, GoldLabelConfig, RuleJudgeConfig,
]);
export type EngineConfig = z.infer<typeof EngineConfig>;
