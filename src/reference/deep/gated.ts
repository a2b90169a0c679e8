/**
 * The stacked gated RNN: L layers of the same gated cell and variant (LSTM or GRU), layer l's
 * x⟨t⟩ being layer l−1's a⟨t⟩ (layer 1's the one-hot input), the output layer on the top one.
 * Forward (D1), (D3), (D4) with the cell for (D2); BPTT (D5) then (D12) layer by layer, top down,
 * each layer sending (D10) / (D11) to the one below. docs/deep.md.
 *
 * Shapes: nA[l] = hidden size of layer l, nX = nA[0] = input size, nY = output size.
 */
import type { GruCellCache } from '../gru/cell.js';
import { checkTarget, inputVector, type Input } from '../inputs.js';
import { matmul, outer, plus, sadd, shape, transpose, zeros, type Matrix, type Scalar } from '../linalg.js';
import type { LstmCellCache } from '../lstm/cell.js';
import { crossEntropy, softmax, softmaxCrossEntropyGradient } from '../softmax.js';
import { gateShapes, inputSize, layerBackward, layerForward, type GateParams, type LayerState, type StackedCell } from './gated-layers.js';

export interface StackedParams {
  readonly cell: StackedCell;
  /** layers[l − 1]: layer l's gate parameters, named as the single cell names them. */
  readonly layers: readonly GateParams[];
  readonly Wya: Matrix;
  readonly by: Matrix;
}

export interface StackedForward {
  /** caches[l − 1][t − 1]: layer l's cell cache at time t. */
  readonly caches: readonly (readonly (LstmCellCache | GruCellCache)[])[];
  readonly yHat: readonly Matrix[];
  readonly targets: readonly number[];
  /** (D4), eq. (15) — L = Σₜ l(ŷ⟨t⟩, y⟨t⟩). */
  readonly loss: Scalar;
}

export interface StackedGradients {
  /** layers[l − 1]: ∂L/∂ layer l's gate parameters, keyed d + name. */
  readonly layers: readonly Readonly<Record<string, Matrix>>[];
  readonly dWya: Matrix;
  readonly dby: Matrix;
  /** ∂L/∂a[l]⟨0⟩ and (LSTM) ∂L/∂c[l]⟨0⟩, l = 1…L. */
  readonly da0: readonly Matrix[];
  readonly dc0?: readonly Matrix[];
}

/**
 * Every layer's gate parameters have the shapes its cell gives nA[l] units reading nX[l] inputs, and
 * its a⟨0⟩ (and c⟨0⟩) is nA[l]×1: nA[l] is what the layer above reads (Wya's columns at the top),
 * nX[1] what the first layer reads. Without it mathjs would broadcast an nA×2 state into a loss.
 */
function checkStackShapes(params: StackedParams, initial: readonly LayerState[]): void {
  const L = params.layers.length;
  params.layers.forEach((named, k) => {
    const nA = k + 1 < L ? inputSize(params.cell, params.layers[k + 1]) : shape(params.Wya)[1];
    const expected = { ...gateShapes(params.cell, nA, inputSize(params.cell, named)), a0: [nA, 1], ...(params.cell.kind === 'lstm' ? { c0: [nA, 1] } : {}) };
    const given: Record<string, Matrix | undefined> = { ...named, a0: initial[k].a, c0: initial[k].c };
    for (const [name, [r, c]] of Object.entries(expected)) {
      const M = given[name];
      const got = M === undefined ? 'missing' : `${shape(M)[0]}×${shape(M)[1] ?? 1}`;
      if (got !== `${r}×${c}`) throw new RangeError(`layers[${k}].${name} must be ${r}×${c}, got ${got}`);
    }
  });
}

/** (D1)–(D4) with the gated cell for (D2): each layer over t = 1…T, bottom up, then ŷ⟨t⟩ and L. */
export function stackedForward(params: StackedParams, inputs: readonly Input[], targets: readonly number[], initial: readonly LayerState[]): StackedForward {
  if (inputs.length !== targets.length) throw new RangeError(`inputs and targets must have the same length, got ${inputs.length} and ${targets.length}`);
  if (initial.length !== params.layers.length) throw new RangeError(`initial states must number ${params.layers.length}, got ${initial.length}`);
  if (inputs.length === 0) throw new RangeError('inputs must hold at least one step');
  checkStackShapes(params, initial);
  const nY = shape(params.by)[0];
  let xs = inputs.map((input, i) => inputVector(input, inputSize(params.cell, params.layers[0]), `inputs[${i}]`)); // (D1)
  const caches = params.layers.map((named, k) => {
    const steps = layerForward(params.cell, named, xs, initial[k]); // (D2)
    xs = steps.map((s) => s.a);
    return steps;
  });
  let loss: Scalar = 0;
  const yHat = xs.map((a, i) => {
    const o = plus(matmul(params.Wya, a), params.by); // (D3), eq. (6)
    loss = sadd(loss, crossEntropy(o, checkTarget(targets[i], nY, `targets[${i}]`))); // (D4)
    return softmax(o);
  });
  return { caches, yHat, targets, loss };
}

export interface StackedBackwardOptions {
  /** (D10)/(D11), what layer l sends down (default: its ∂L/∂x⟨t⟩ unchanged). For specs. */
  readonly throughInput?: (dx: readonly Matrix[]) => readonly Matrix[];
}

/** (D5), (D12) — do = ŷ − y, dWya, dby; da[L]⟨t⟩ from above = Wyaᵀ·do; then each layer top down, (D10)/(D11) for the next. */
export function stackedBackward(params: StackedParams, forward: StackedForward, options: StackedBackwardOptions = {}): StackedGradients {
  const { throughInput = (dx) => dx } = options;
  const L = params.layers.length;
  const top = forward.caches[L - 1];
  let dWya = zeros(...(shape(params.Wya) as [number, number]));
  let dby = zeros(shape(params.by)[0], 1);
  let dAbove = forward.yHat.map((yHat, t) => {
    const dO = softmaxCrossEntropyGradient(yHat, forward.targets[t]); // (D5)
    dWya = plus(dWya, outer(dO, top[t].a));
    dby = plus(dby, dO);
    return matmul(transpose(params.Wya), dO);
  });
  const out: { layers: Record<string, Matrix>[]; da0: Matrix[]; dc0: Matrix[] } = { layers: [], da0: [], dc0: [] };
  for (let k = L - 1; k >= 0; k--) {
    const steps = forward.caches[k];
    const sizes = { nA: shape(steps[0].a)[0], nX: shape(steps[0].x)[0] };
    const g = layerBackward(params.cell, params.layers[k], steps, dAbove, sizes); // (D12)
    out.layers[k] = g.dParams as Record<string, Matrix>;
    out.da0[k] = g.da0;
    if (g.dc0) out.dc0[k] = g.dc0;
    dAbove = [...throughInput(g.dx)]; // (D10)/(D11) for the layer below
  }
  return { layers: out.layers, dWya, dby, da0: out.da0, ...(params.cell.kind === 'lstm' ? { dc0: out.dc0 } : {}) };
}
