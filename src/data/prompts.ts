// Where prompt text comes from: the ledger hands out dataset indices, and
// every process maps an index to the same prompt from the config alone.
import type { ExperimentConfig } from '../config/schema.ts';

export interface PromptRecord {
  text: string;
  meta: Record<string, string | number | boolean>;
}

export interface PromptSource {
  readonly size: number;
  get(index: number): PromptRecord;
}

export function trainPrompts(cfg: ExperimentConfig): PromptSource {
  const size = cfg.data.datasetSize;
  return {
    size,
    get: (index) => ({ text: `prompt ${index % size}`, meta: { index: index % size } }),
  };
}
