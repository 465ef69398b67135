// The builtin causal transformer LM as plain tfjs variables and functions:
// token + learned position embeddings, pre-LN blocks (causal multi-head
// attention, MLP), final LN, tied or untied output. One forward serves full
// sequences (training) and incremental steps against a KV cache (sampling).
// Gradients come from tfjs autograd; optimisation lives in adamw.ts.
import * as tf from '@tensorflow/tfjs';
import type { ModelSpec } from './model-config.ts';
import { Rng, scrambleSeed } from '../../core/rng.ts';

/** Per-layer keys and values of the tokens seen so far, each [B*H, Tpast, Dh]. */
export interface KvCache {
  keys: tf.Tensor3D[];
  values: tf.Tensor3D[];
  length: number;
}

export interface Transformer {
  spec: ModelSpec;
  /** Parameters by stable name, in paramShapes order. */
  params: Map<string, tf.Variable>;
}

/** Name and shape of every parameter, in a fixed order (the wire order too). */
export function paramShapes(spec: ModelSpec): [string, number[]][] {
  const d = spec.dModel;
  const f = spec.ffMult * d;
  const out: [string, number[]][] = [['tokEmb', [spec.vocabSize, d]], ['posEmb', [spec.maxSeqLen, d]]];
  for (let l = 0; l < spec.layers; l++) {
    out.push(
      [`b${l}.ln1.g`, [d]], [`b${l}.ln1.b`, [d]],
      [`b${l}.attn.wqkv`, [d, 3 * d]], [`b${l}.attn.bqkv`, [3 * d]],
      [`b${l}.attn.wo`, [d, d]], [`b${l}.attn.bo`, [d]],
      [`b${l}.ln2.g`, [d]], [`b${l}.ln2.b`, [d]],
      [`b${l}.mlp.w1`, [d, f]], [`b${l}.mlp.b1`, [f]],
      [`b${l}.mlp.w2`, [f, d]], [`b${l}.mlp.b2`, [d]],
    );
  }
  out.push(['lnf.g', [d]], ['lnf.b', [d]]);
  if (!spec.tieEmbeddings) out.push(['head', [d, spec.vocabSize]]);
  return out;
}

/** Initial values from spec.seed alone (JS RNG), identical on every backend. */
export function initialValues(spec: ModelSpec): Map<string, Float32Array> {
  const rng = new Rng(scrambleSeed(spec.seed));
  const residualScale = 1 / Math.sqrt(2 * spec.layers);
  const out = new Map<string, Float32Array>();
  for (const [name, shape] of paramShapes(spec)) {
    const size = shape.reduce((a, b) => a * b, 1);
    const data = new Float32Array(size);
    if (name.endsWith('.g')) data.fill(1);
    else if (shape.length === 2) {
      // Embeddings small so the initial policy is near uniform; matrices 1/sqrt(fanIn),
      // projections into the residual stream shrunk by depth (GPT-2 style).
      let std = name === 'tokEmb' || name === 'posEmb' ? 0.02 : 1 / Math.sqrt(shape[0]);
      if (name.endsWith('attn.wo') || name.endsWith('mlp.w2')) std *= residualScale;
      if (name === 'head') std = 0.02;
      for (let i = 0; i < size; i++) data[i] = rng.normal() * std;
    }
    out.set(name, data);
  }
  return out;
}

export function createTransformer(spec: ModelSpec): Transformer {
  const init = initialValues(spec);
  const params = new Map<string, tf.Variable>();
  // Unnamed variables: tfjs names must be unique per process, and a sampler
  // and trainer often share one.
  for (const [name, shape] of paramShapes(spec)) {
    params.set(name, tf.tidy(() => tf.variable(tf.tensor(init.get(name)!, shape), true)));
  }
  return { spec, params };
}

export function disposeTransformer(m: Transformer): void {
  for (const v of m.params.values()) v.dispose();
  m.params.clear();
}

export function disposeCache(c: KvCache): void {
  for (const t of c.keys) t.dispose();
  for (const t of c.values) t.dispose();
}

function layerNorm(x: tf.Tensor2D, g: tf.Tensor, b: tf.Tensor): tf.Tensor2D {
  const { mean, variance } = tf.moments(x, -1, true);
  return tf.add(tf.mul(tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, 1e-5))), g), b) as tf.Tensor2D;
}

/** Additive causal mask [Tnew, Tpast + Tnew]: new token i sees positions <= Tpast + i. */
function causalMask(tNew: number, tPast: number): tf.Tensor2D {
  const tTot = tPast + tNew;
  const m = new Float32Array(tNew * tTot);
  for (let i = 0; i < tNew; i++) for (let j = tPast + i + 1; j < tTot; j++) m[i * tTot + j] = -1e9;
  return tf.tensor2d(m, [tNew, tTot]);
}

/**
 * Logits [B, Tnew, V] for tokens [B, Tnew] at positions past.length.. , and
 * the cache extended by them. Callers run it inside tf.tidy (or variableGrads)
 * and dispose the old cache themselves once the new one is kept.
 */
export function forward(
  m: Transformer,
  tokensBT: tf.Tensor2D,
  past?: KvCache,
): { logitsBTV: tf.Tensor3D; cache: KvCache } {
  const { spec, params } = m;
  const p = (name: string) => params.get(name)!;
  const [batch, tNew] = tokensBT.shape;
  const tPast = past?.length ?? 0;
  const d = spec.dModel;
  const heads = spec.heads;
  const dh = d / heads;
  const n = batch * tNew;

  // Embedding by one-hot matmul: its gradient is a matmul, which every backend
  // has (gather's gradient needs UnsortedSegmentSum, missing on wasm).
  const oneHot = tf.cast(tf.oneHot(tf.reshape(tokensBT, [n]), spec.vocabSize), 'float32');
  const pos = tf.slice(p('posEmb'), [tPast, 0], [tNew, d]);
  let x = tf.reshape(
    tf.add(tf.reshape(tf.matMul(oneHot, p('tokEmb')), [batch, tNew, d]), pos),
    [n, d],
  ) as tf.Tensor2D;

  const mask = tNew > 1 ? causalMask(tNew, tPast) : null;
  const keys: tf.Tensor3D[] = [];
  const values: tf.Tensor3D[] = [];
  const toHeads = (t: tf.Tensor) =>
    tf.reshape(tf.transpose(tf.reshape(t, [batch, tNew, heads, dh]), [0, 2, 1, 3]), [batch * heads, tNew, dh]) as tf.Tensor3D;

  for (let l = 0; l < spec.layers; l++) {
    const h = layerNorm(x, p(`b${l}.ln1.g`), p(`b${l}.ln1.b`));
    const qkv = tf.add(tf.matMul(h, p(`b${l}.attn.wqkv`)), p(`b${l}.attn.bqkv`));
    const [q, k, v] = tf.split(qkv, 3, 1);
    let kAll = toHeads(k);
    let vAll = toHeads(v);
    if (past) {
      kAll = tf.concat([past.keys[l], kAll], 1);
      vAll = tf.concat([past.values[l], vAll], 1);
    }
    keys.push(kAll);
    values.push(vAll);
    let scores = tf.mul(tf.matMul(toHeads(q), kAll, false, true), 1 / Math.sqrt(dh)) as tf.Tensor3D;
    if (mask) scores = tf.add(scores, mask);
    const att = tf.matMul(tf.softmax(scores), vAll); // [B*H, Tnew, Dh]
    const merged = tf.reshape(tf.transpose(tf.reshape(att, [batch, heads, tNew, dh]), [0, 2, 1, 3]), [n, d]);
    x = tf.add(x, tf.add(tf.matMul(merged as tf.Tensor2D, p(`b${l}.attn.wo`)), p(`b${l}.attn.bo`)));

    const h2 = layerNorm(x, p(`b${l}.ln2.g`), p(`b${l}.ln2.b`));
    const up = tf.add(tf.matMul(h2, p(`b${l}.mlp.w1`)), p(`b${l}.mlp.b1`));
    const act = tf.mul(up, tf.sigmoid(tf.mul(up, 1.702))); // GELU, sigmoid approximation
    x = tf.add(x, tf.add(tf.matMul(act, p(`b${l}.mlp.w2`)), p(`b${l}.mlp.b2`)));
  }

  const xf = layerNorm(x, p('lnf.g'), p('lnf.b'));
  const logits = spec.tieEmbeddings ? tf.matMul(xf, p('tokEmb'), false, true) : tf.matMul(xf, p('head'));
  return {
    logitsBTV: tf.reshape(logits, [batch, tNew, spec.vocabSize]),
    cache: { keys, values, length: tPast + tNew },
  };
}

/** log softmax(logits / temperature) at each target token: [B, T]. */
export function tokenLogprobs(logitsBTV: tf.Tensor3D, targetsBT: tf.Tensor2D, temperature: number): tf.Tensor2D {
  const scaled = temperature === 1 ? logitsBTV : tf.div(logitsBTV, temperature);
  const logp = tf.logSoftmax(scaled);
  const pick = tf.cast(tf.oneHot(targetsBT, logitsBTV.shape[2]), 'float32');
  return tf.sum(tf.mul(logp, pick), -1) as tf.Tensor2D;
}
