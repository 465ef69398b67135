// Checkpoint files of a builtin trainer under one directory: weights,
// optimizer moments, reference weights and meta.json (written last, so a
// directory with meta.json is complete). Reading validates every file
// against the model before anything is returned.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { TribunalError } from '../../core/errors.ts';
import { decode, encode } from '../../wire/codec.ts';
import type { ModelSpec } from './model-config.ts';
import { checkTensors, parseBlob } from './weights.ts';

export const CHECKPOINT_FORMAT = 'tribunal.builtin.checkpoint/1';

export interface CheckpointMeta {
  format: typeof CHECKPOINT_FORMAT;
  shapeKey: string;
  version: number;
  /** Optimizer steps applied. */
  step: number;
  skippedSteps: number;
  savedAtMs: number;
}

export interface CheckpointState {
  meta: CheckpointMeta;
  weights: Map<string, Float32Array>;
  m: Map<string, Float32Array>;
  v: Map<string, Float32Array>;
  reference: Map<string, Float32Array>;
}

const FILES = { weights: 'weights.msgpack', optimizer: 'optimizer.msgpack', reference: 'reference.msgpack', meta: 'meta.json' };

async function writeAtomic(file: string, data: Uint8Array | string): Promise<void> {
  const tmp = `${file}.tmp-${process.pid}`;
  await writeFile(tmp, data);
  await rename(tmp, file);
}

export async function writeCheckpoint(
  dir: string,
  meta: Omit<CheckpointMeta, 'format' | 'savedAtMs'>,
  weightsBlob: Uint8Array,
  moments: { m: Record<string, Float32Array>; v: Record<string, Float32Array> },
  reference: Record<string, Float32Array>,
): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeAtomic(path.join(dir, FILES.weights), weightsBlob);
  await writeAtomic(path.join(dir, FILES.optimizer), encode({ shapeKey: meta.shapeKey, ...moments }));
  await writeAtomic(path.join(dir, FILES.reference), encode({ shapeKey: meta.shapeKey, tensors: reference }));
  const full: CheckpointMeta = { format: CHECKPOINT_FORMAT, ...meta, savedAtMs: Date.now() };
  await writeAtomic(path.join(dir, FILES.meta), JSON.stringify(full, null, 2));
}

async function readOrThrow(file: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (e) {
    throw new TribunalError('NOT_FOUND', `checkpoint file ${file} cannot be read`, { cause: e });
  }
}

/** Reads and validates a checkpoint for `spec`; BAD_WEIGHTS on any mismatch. */
export async function readCheckpoint(dir: string, spec: ModelSpec): Promise<CheckpointState> {
  const metaRaw = await readOrThrow(path.join(dir, FILES.meta));
  let meta: CheckpointMeta;
  try {
    meta = JSON.parse(metaRaw.toString('utf8')) as CheckpointMeta;
  } catch (e) {
    throw new TribunalError('BAD_WEIGHTS', `checkpoint ${dir}: meta.json is not JSON`, { cause: e });
  }
  if (meta.format !== CHECKPOINT_FORMAT) throw new TribunalError('BAD_WEIGHTS', `checkpoint ${dir}: not a ${CHECKPOINT_FORMAT}`);
  if (meta.shapeKey !== spec.shapeKey) {
    throw new TribunalError(
      'BAD_WEIGHTS',
      `checkpoint ${dir} was saved by model ${meta.shapeKey}; this trainer's model is ${spec.shapeKey} (different config or vocabulary)`,
    );
  }
  const weights = parseBlob(spec, await readOrThrow(path.join(dir, FILES.weights))).tensors;
  const opt = decode(await readOrThrow(path.join(dir, FILES.optimizer))) as { shapeKey?: string; m?: unknown; v?: unknown };
  const ref = decode(await readOrThrow(path.join(dir, FILES.reference))) as { shapeKey?: string; tensors?: unknown };
  if (opt?.shapeKey !== spec.shapeKey || ref?.shapeKey !== spec.shapeKey) {
    throw new TribunalError('BAD_WEIGHTS', `checkpoint ${dir}: optimizer or reference file is for another model`);
  }
  return {
    meta,
    weights,
    m: checkTensors(spec, opt.m, `checkpoint ${dir} optimizer m`),
    v: checkTensors(spec, opt.v, `checkpoint ${dir} optimizer v`),
    reference: checkTensors(spec, ref.tensors, `checkpoint ${dir} reference`),
  };
}
