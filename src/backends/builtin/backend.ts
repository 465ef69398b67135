// Picks and initialises the tfjs backend for the builtin engine: wasm (measured
// faster for these model sizes, see bench/builtin-backends.ts) with a fallback
// to the pure-JS cpu backend. Model code never imports a backend itself.
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { createRequire } from 'node:module';
import path from 'node:path';

export type BackendName = 'wasm' | 'cpu';

/** Default preference; TRIBUNAL_TF_BACKEND=cpu|wasm overrides it. */
export const DEFAULT_BACKEND: BackendName = 'wasm';

let wasmPathsSet = false;

function pointWasmAtDist(): void {
  if (wasmPathsSet) return;
  const require = createRequire(import.meta.url);
  const pkg = require.resolve('@tensorflow/tfjs-backend-wasm/package.json');
  // A directory prefix (with the trailing slash) where the .wasm files live.
  setWasmPaths(path.join(path.dirname(pkg), 'dist') + path.sep);
  wasmPathsSet = true;
}

function envPreference(): BackendName | undefined {
  const v = process.env.TRIBUNAL_TF_BACKEND;
  return v === 'wasm' || v === 'cpu' ? v : undefined;
}

/**
 * Makes `pref` (or the env/default choice) the active tfjs backend and
 * returns the one actually active: 'cpu' when wasm fails to initialise.
 * Idempotent; switching backends later moves no tensors, so call it before
 * creating models.
 */
export async function initBackend(pref?: BackendName): Promise<BackendName> {
  const want = pref ?? envPreference() ?? DEFAULT_BACKEND;
  if (tf.getBackend() === want) return want;
  if (want === 'wasm') {
    try {
      pointWasmAtDist();
      if (await tf.setBackend('wasm')) {
        await tf.ready();
        return 'wasm';
      }
    } catch {
      // Fall through to cpu: wasm is an optimisation, never a requirement.
    }
  }
  await tf.setBackend('cpu');
  await tf.ready();
  return 'cpu';
}
