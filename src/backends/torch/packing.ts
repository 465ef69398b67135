// Arrays to and from the trainer service's packed bytes: little-endian int32
// and float32 values concatenated over sequences (proto/trainer.proto), never
// repeated numeric fields. Pure.
import { endianness } from 'node:os';
import type { TokenSequence } from '../../engines/types.ts';
import { TribunalError } from '../../core/errors.ts';

const LE = endianness() === 'LE';

function pack(values: ArrayLike<number>, Ctor: typeof Int32Array | typeof Float32Array, set: (v: DataView, i: number, x: number) => void): Buffer {
  if (LE) {
    const arr = values instanceof Ctor ? values : Ctor.from(values);
    return Buffer.from(arr.buffer, arr.byteOffset, arr.byteLength);
  }
  const out = Buffer.alloc(values.length * 4);
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  for (let i = 0; i < values.length; i++) set(view, i * 4, values[i]);
  return out;
}

export const packI32 = (values: ArrayLike<number>): Buffer => pack(values, Int32Array, (v, i, x) => v.setInt32(i, x, true));
export const packF32 = (values: ArrayLike<number>): Buffer => pack(values, Float32Array, (v, i, x) => v.setFloat32(i, x, true));

function unpack<T extends Int32Array | Float32Array>(bytes: Uint8Array, Ctor: { new (n: number): T; new (b: ArrayBuffer): T }, what: string, get: (v: DataView, i: number) => number): T {
  if (bytes.byteLength % 4 !== 0) throw new TribunalError('BAD_MESSAGE', `trainer service: ${what} holds ${bytes.byteLength} bytes, not a whole number of 4-byte values`);
  const n = bytes.byteLength / 4;
  if (LE) return new Ctor(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  const out = new Ctor(n);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i < n; i++) out[i] = get(view, i * 4);
  return out;
}

export const unpackI32 = (bytes: Uint8Array, what: string): Int32Array => unpack(bytes, Int32Array, what, (v, i) => v.getInt32(i, true));
export const unpackF32 = (bytes: Uint8Array, what: string): Float32Array => unpack(bytes, Float32Array, what, (v, i) => v.getFloat32(i, true));

/** The proto's TokenBatch: each sequence's prompt then completion tokens. */
export function tokenBatch(seqs: readonly TokenSequence[]): { promptLengthsI32: Buffer; completionLengthsI32: Buffer; tokensI32: Buffer } {
  let total = 0;
  for (const s of seqs) total += s.promptTokens.length + s.tokensT.length;
  const tokens = new Int32Array(total);
  let at = 0;
  for (const s of seqs) {
    tokens.set(s.promptTokens, at);
    at += s.promptTokens.length;
    tokens.set(s.tokensT, at);
    at += s.tokensT.length;
  }
  return {
    promptLengthsI32: packI32(seqs.map((s) => s.promptTokens.length)),
    completionLengthsI32: packI32(seqs.map((s) => s.tokensT.length)),
    tokensI32: packI32(tokens),
  };
}

/** Values of all completion tokens, concatenated (per-token inputs of ForwardBackward). */
export function concatPerToken(valuesB: readonly ArrayLike<number>[]): Float32Array {
  const out = new Float32Array(valuesB.reduce((n, v) => n + v.length, 0));
  let at = 0;
  for (const v of valuesB) {
    out.set(v, at);
    at += v.length;
  }
  return out;
}

/** A flat array cut back into one piece per length; its length must be their sum. */
export function splitByLengths<T extends Int32Array | Float32Array>(flat: T, lengths: ArrayLike<number>, what: string): T[] {
  let sum = 0;
  for (let i = 0; i < lengths.length; i++) sum += lengths[i];
  if (sum !== flat.length) throw new TribunalError('BAD_MESSAGE', `trainer service: ${what} holds ${flat.length} values for ${sum} tokens`);
  const out: T[] = [];
  let at = 0;
  for (let i = 0; i < lengths.length; i++) {
    out.push(flat.slice(at, at + lengths[i]) as T);
    at += lengths[i];
  }
  return out;
}
