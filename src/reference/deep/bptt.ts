/**
 * The stacked vanilla RNN over t = 1…T: forward (D1)–(D4) and backpropagation through time and
 * through the layers (D5)–(D9). Each layer is the vanilla cell of ../cell.ts; docs/deep.md
 * derives the two lines that are new, (D6) and (D9)'s input term.
 *
 * Shapes: nA[l] = hidden size of layer l, nX = nA[0], nY = output size, T = sequence length.
 * a[t][l] is layer l + 1's hidden state at time t + 1 (zero-based arrays, one-based document).
 */
import { backpropRecurrent, backpropTanh, dbaStep, dWaaStep, dWaxStep, preActivation, tanhActivation } from '../cell.js';
import { checkTarget, inputVector, type Input } from '../inputs.js';
import { matmul, outer, plus, sadd, transpose, zeros, type Matrix, type Scalar } from '../linalg.js';
import { crossEntropy, softmax, softmaxCrossEntropyGradient } from '../softmax.js';
import type { Params } from '../types.js';
import { deepDimensions, type DeepGradients, type DeepParams, type LayerParams } from './types.js';

/**
 * Layer l as the vanilla cell's Params, so that the cell's own eq. (4) and (21) functions run it.
 * Those read only Wax, Waa and ba; the model's output layer completes the type and is not read.
 */
const asCell = (layer: LayerParams, params: DeepParams): Params => ({ ...layer, Wya: params.Wya, by: params.by });

export interface DeepStep {
  /** x⟨t⟩ (as a[0]) and every layer's a[l]⟨t⟩, l = 1…L: `states[l]`. */
  readonly states: readonly Matrix[];
  readonly yHat: Matrix;
  readonly target: number;
  readonly loss: Scalar;
}

export interface DeepForward {
  readonly steps: readonly DeepStep[];
  /** (D4), eq. (15) — L = Σₜ l(ŷ⟨t⟩, y⟨t⟩). */
  readonly loss: Scalar;
  /** The initial states a[l]⟨0⟩, l = 1…L (`a0[l − 1]`). */
  readonly a0: readonly Matrix[];
}

/** (D1)–(D4) — up the layers at each t, a[l]⟨t⟩ = tanh(Wax[l]·a[l−1]⟨t⟩ + Waa[l]·a[l]⟨t−1⟩ + ba[l]), then ŷ and L. */
export function deepForward(params: DeepParams, inputs: readonly Input[], targets: readonly number[], a0?: readonly Matrix[]): DeepForward {
  const { sizes, nY } = deepDimensions(params);
  if (inputs.length !== targets.length) {
    throw new RangeError(`inputs and targets must have the same length, got ${inputs.length} and ${targets.length}`);
  }
  const initial = a0 ?? sizes.slice(1).map((n) => zeros(n, 1));
  if (initial.length !== params.layers.length) throw new RangeError(`a0 must hold ${params.layers.length} states, got ${initial.length}`);
  initial.forEach((a, k) => {
    const [r, c] = a.size();
    if (r !== sizes[k + 1] || (c ?? 1) !== 1) throw new RangeError(`a0[${k}] must be ${sizes[k + 1]}×1, got ${r}×${c ?? 1}`);
  });
  let previous = initial;
  let loss: Scalar = 0;
  const steps: DeepStep[] = [];
  inputs.forEach((input, i) => {
    const states: Matrix[] = [inputVector(input, sizes[0], `inputs[${i}]`)]; // (D1)
    params.layers.forEach((layer, k) => {
      states.push(tanhActivation(preActivation(asCell(layer, params), states[k], previous[k]))); // (D2), eq. (1)
    });
    const target = checkTarget(targets[i], nY, `targets[${i}]`);
    const o = plus(matmul(params.Wya, states[states.length - 1]), params.by); // (D3), eq. (6)
    const l = crossEntropy(o, target);
    steps.push({ states, yHat: softmax(o), target, loss: l });
    loss = sadd(loss, l); // (D4)
    previous = states.slice(1);
  });
  return { steps, loss, a0: initial };
}

/** (D6), input term — Wax[l]ᵀ·dz[l]⟨t⟩, the gradient that a[l−1]⟨t⟩ gets through layer l's (D2). */
export function backpropLayerInput(layer: LayerParams, dz: Matrix): Matrix {
  // forward (D2) was:  z[l] = Wax[l]·a[l−1] + Waa[l]·a[l]⟨t−1⟩ + ba[l]   so  da[l−1] ∋ Wax[l]ᵀ·dz[l]
  return matmul(transpose(layer.Wax), dz);
}

export interface DeepBackwardOptions {
  /** (D6), how dz[l] reaches the layer below (default: the correct `backpropLayerInput`). For specs. */
  readonly throughInput?: (layer: LayerParams, dz: Matrix) => Matrix;
}

/**
 * (D5)–(D9) — BPTT through time and layers. At t = T…1, from the top layer down:
 *   do = ŷ − y, dWya += do·a[L]ᵀ, dby += do                              (D5)
 *   da[L] = Wyaᵀ·do + daNext[L];  da[l] = Wax[l+1]ᵀ·dz[l+1] + daNext[l]  (D6)
 *   dz[l] = da[l] ⊙ (1 − a[l]²)                                          (D7), eq. (23)
 *   dWax[l] += dz[l]·a[l−1]ᵀ, dWaa[l] += dz[l]·a[l]⟨t−1⟩ᵀ, dba[l] += dz[l] (D8), eqs. (24)–(26)
 *   daNext[l] = Waa[l]ᵀ·dz[l]                                            (D9), eq. (21)
 */
export function deepBackward(params: DeepParams, forward: DeepForward, options: DeepBackwardOptions = {}): DeepGradients {
  const { throughInput = backpropLayerInput } = options;
  const { sizes, nY } = deepDimensions(params);
  const L = params.layers.length;
  const grads = sizes.slice(1).map((n, k) => ({ dWax: zeros(n, sizes[k]), dWaa: zeros(n, n), dba: zeros(n, 1) }));
  let dWya = zeros(nY, sizes[L]);
  let dby = zeros(nY, 1);
  let daNext = sizes.slice(1).map((n) => zeros(n, 1));
  for (let t = forward.steps.length - 1; t >= 0; t--) {
    const { states, yHat, target } = forward.steps[t];
    const previous = t > 0 ? forward.steps[t - 1].states.slice(1) : forward.a0;
    const dO = softmaxCrossEntropyGradient(yHat, target);
    dWya = plus(dWya, outer(dO, states[L])); // (D5)
    dby = plus(dby, dO);
    let fromAbove = matmul(transpose(params.Wya), dO);
    const sent: Matrix[] = [];
    for (let k = L - 1; k >= 0; k--) {
      const da = plus(fromAbove, daNext[k]); // (D6)
      const dz = backpropTanh(da, states[k + 1]); // (D7)
      grads[k] = {
        dWax: plus(grads[k].dWax, dWaxStep(dz, states[k])), // (D8)
        dWaa: plus(grads[k].dWaa, dWaaStep(dz, previous[k])),
        dba: plus(grads[k].dba, dbaStep(dz)),
      };
      sent[k] = backpropRecurrent(asCell(params.layers[k], params), dz); // (D9), eq. (21)
      fromAbove = throughInput(params.layers[k], dz); // (D6) for the layer below
    }
    daNext = sent;
  }
  return { layers: grads, dWya, dby, da0: daNext };
}
