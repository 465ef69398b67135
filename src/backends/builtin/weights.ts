// Weight blobs of the builtin model: msgpack of {format, shapeKey, version,
// tensors}. Validation checks everything before a single variable changes, so
// a refused blob leaves the model as it was.
import * as tf from '@tensorflow/tfjs';
import { TribunalError } from '../../core/errors.ts';
import { decode, encode } from '../../wire/codec.ts';
import { paramShapes, type Transformer } from './transformer.ts';
import type { ModelSpec } from './model-config.ts';

export const WEIGHTS_FORMAT = 'tribunal.builtin.weights/1';

export interface WeightsBlob {
  format: typeof WEIGHTS_FORMAT;
  shapeKey: string;
  version: number;
  /** Parameter name -> row-major values. */
  tensors: Record<string, Float32Array>;
}

/** Values of named tensors, read off the backend. */
export async function readTensors(named: Map<string, tf.Tensor>): Promise<Record<string, Float32Array>> {
  const out: Record<string, Float32Array> = {};
  for (const [name, t] of named) out[name] = (await t.data()) as Float32Array;
  return out;
}

export async function exportBlob(m: Transformer, version: number): Promise<Uint8Array> {
  const blob: WeightsBlob = {
    format: WEIGHTS_FORMAT,
    shapeKey: m.spec.shapeKey,
    version,
    tensors: await readTensors(m.params),
  };
  return encode(blob);
}

/**
 * Checks that `tensors` holds exactly the parameters of `spec`, each of the
 * right size and finite-typed; returns them in paramShapes order.
 */
export function checkTensors(spec: ModelSpec, tensors: unknown, what: string): Map<string, Float32Array> {
  if (typeof tensors !== 'object' || tensors === null) {
    throw new TribunalError('BAD_WEIGHTS', `${what}: no tensors`);
  }
  const rec = tensors as Record<string, unknown>;
  const shapes = paramShapes(spec);
  const extra = Object.keys(rec).filter((k) => !shapes.some(([n]) => n === k));
  if (extra.length > 0) throw new TribunalError('BAD_WEIGHTS', `${what}: unexpected tensors ${extra.slice(0, 5).join(', ')}`);
  const out = new Map<string, Float32Array>();
  for (const [name, shape] of shapes) {
    const v = rec[name];
    const size = shape.reduce((a, b) => a * b, 1);
    if (!(v instanceof Float32Array)) throw new TribunalError('BAD_WEIGHTS', `${what}: tensor ${name} missing or not float32`);
    if (v.length !== size) {
      throw new TribunalError('BAD_WEIGHTS', `${what}: tensor ${name} has ${v.length} values, expected ${size} (shape ${shape.join('x')})`);
    }
    out.set(name, v);
  }
  return out;
}

/** Decodes and validates a blob against `spec`; throws BAD_WEIGHTS, loads nothing. */
export function parseBlob(spec: ModelSpec, bytes: Uint8Array): { version: number; tensors: Map<string, Float32Array> } {
  let raw: unknown;
  try {
    raw = decode(bytes);
  } catch (e) {
    throw new TribunalError('BAD_WEIGHTS', 'weights blob is not msgpack', { cause: e });
  }
  const b = raw as Partial<WeightsBlob> | null;
  if (!b || typeof b !== 'object' || b.format !== WEIGHTS_FORMAT) {
    throw new TribunalError('BAD_WEIGHTS', `weights blob is not ${WEIGHTS_FORMAT}`);
  }
  if (b.shapeKey !== spec.shapeKey) {
    throw new TribunalError('BAD_WEIGHTS', `weights blob is for model ${String(b.shapeKey)}, this model is ${spec.shapeKey}`);
  }
  return { version: Number(b.version ?? 0), tensors: checkTensors(spec, b.tensors, 'weights blob') };
}

/** Assigns already-validated values (from checkTensors/parseBlob) to the variables. */
export function assignTensors(vars: Map<string, tf.Variable>, values: Map<string, Float32Array>): void {
  for (const [name, v] of vars) {
    const data = values.get(name)!;
    tf.tidy(() => v.assign(tf.tensor(data, v.shape)));
  }
}
