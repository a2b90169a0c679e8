/**
 * The unrolled LSTM over t = 1…T: forward with the summed loss (L8)–(L9), and backpropagation
 * through time (L11)–(L22). docs/lstm.md derives every line.
 *
 * Shapes: nA = hidden/cell size, nX = input size, nY = output size, T = sequence length.
 * `steps[t − 1]` holds time t; a⟨0⟩ and c⟨0⟩ default to zeros.
 */
import { checkTarget, inputVector, type Input } from '../inputs.js';
import { matmul, outer, plus, sadd, transpose, zeros, type Matrix, type Scalar } from '../linalg.js';
import { crossEntropy, softmax, softmaxCrossEntropyGradient } from '../softmax.js';
import {
  backpropCandidate,
  backpropCellCarry,
  backpropCellState,
  backpropForgetGate,
  backpropGateAffine,
  backpropInputGate,
  backpropOutputGate,
  lstmCellForward,
  type GatePreActivations,
  type LstmCellCache,
} from './cell.js';
import { block, stack } from './vectors.js';
import { lstmDimensions, lstmShapes, type LstmGradients, type LstmParams } from './types.js';

/** One step's cache, with the output layer's values. */
export interface LstmStep extends LstmCellCache {
  readonly o: Matrix;
  readonly yHat: Matrix;
  readonly target: number;
  readonly loss: Scalar;
}

export interface LstmForward {
  readonly steps: readonly LstmStep[];
  /** (L9), eq. (15) — L = Σₜ l(ŷ⟨t⟩, y⟨t⟩). */
  readonly loss: Scalar;
  readonly aLast: Matrix;
  readonly cLast: Matrix;
}

function checkColumn(v: Matrix, n: number, name: string): Matrix {
  const [r, c] = v.size();
  if (r !== n || (c ?? 1) !== 1) throw new RangeError(`${name} must be ${n}×1, got ${r}×${c ?? 1}`);
  return v;
}

/** (L1)–(L9) — every step's cell and output ŷ⟨t⟩ = softmax(Wya·a⟨t⟩ + by), then L = Σₜ l⟨t⟩. */
export function lstmForward(
  params: LstmParams,
  inputs: readonly Input[],
  targets: readonly number[],
  a0?: Matrix,
  c0?: Matrix,
): LstmForward {
  const { nA, nX, nY } = lstmDimensions(params);
  if (inputs.length !== targets.length) {
    throw new RangeError(`inputs and targets must have the same length, got ${inputs.length} and ${targets.length}`);
  }
  let aPrev = checkColumn(a0 ?? zeros(nA, 1), nA, 'a0');
  let cPrev = checkColumn(c0 ?? zeros(nA, 1), nA, 'c0');
  const steps: LstmStep[] = [];
  let loss: Scalar = 0;
  inputs.forEach((input, i) => {
    const x = inputVector(input, nX, `inputs[${i}]`);
    const target = checkTarget(targets[i], nY, `targets[${i}]`);
    const cell = lstmCellForward(params, x, aPrev, cPrev);
    const o = plus(matmul(params.Wya, cell.a), params.by); // (L8), eq. (6)
    const l = crossEntropy(o, target);
    steps.push({ ...cell, o, yHat: softmax(o), target, loss: l });
    loss = sadd(loss, l); // (L9)
    aPrev = cell.a;
    cPrev = cell.c;
  });
  return { steps, loss, aLast: aPrev, cLast: cPrev };
}

export interface LstmBackwardOptions {
  /**
   * (L19), how dc⟨t⟩ reaches c⟨t−1⟩ (default: the correct `backpropCellCarry`, dc⟨t⟩ ⊙ Γf).
   * Exists so that specs can show a wrong carry failing the gradient check.
   */
  readonly cellCarry?: (dc: Matrix, step: LstmCellCache) => Matrix;
}

/**
 * (L11)–(L22) — BPTT. Walking t = T…1 with daNext, dcNext = what step t+1 sends back (zero after T):
 *   do = ŷ − y (L11);  dWya += do·aᵀ, dby += do (L12);  da = Wyaᵀ·do + daNext (L13)
 *   dzo (L14);  dc = dcNext + da⊙Γo⊙(1 − tanh²c) (L15);  dzf, dzi, dzc (L16)–(L18)
 *   dcNext ← dc⊙Γf (L19);  parameter terms and daNext ← da⟨t−1⟩ (L20)–(L22)
 * ∂L/∂a⟨0⟩ and ∂L/∂c⟨0⟩ are what step 1 sends back.
 */
export function lstmBackward(params: LstmParams, forward: LstmForward, options: LstmBackwardOptions = {}): LstmGradients {
  const { cellCarry = backpropCellCarry } = options;
  const dims = lstmDimensions(params);
  const sums: Record<string, Matrix> = {};
  for (const [name, [r, c]] of Object.entries(lstmShapes(params.variant, dims))) sums[name] = zeros(r, c);
  const add = (terms: Readonly<Record<string, Matrix>>) => {
    for (const [name, term] of Object.entries(terms)) sums[name] = plus(sums[name], term);
  };
  let daNext = zeros(dims.nA, 1);
  let dcNext = zeros(dims.nA, 1);
  for (let t = forward.steps.length - 1; t >= 0; t--) {
    const s = forward.steps[t];
    const dO = softmaxCrossEntropyGradient(s.yHat, s.target); // (L11)
    add({ Wya: outer(dO, s.a), by: dO }); // (L12)
    const da = plus(matmul(transpose(params.Wya), dO), daNext); // (L13)
    const zo = backpropOutputGate(da, s); // (L14)
    const dc = backpropCellState(da, dcNext, s); // (L15)
    const dz = { zf: backpropForgetGate(dc, s), zi: backpropInputGate(dc, s), zc: backpropCandidate(dc, s), zo }; // (L16)–(L18)
    dcNext = cellCarry(dc, s); // (L19)
    const { terms, daPrev } = backpropGateAffine(params, s, dz); // (L20)–(L22)
    add(terms);
    daNext = daPrev;
  }
  const dParams = Object.fromEntries(Object.entries(sums).map(([name, sum]) => [`d${name}`, sum]));
  return { dParams, da0: daNext, dc0: dcNext };
}

/** Forward then backward: the loss, every gradient (with a⟨0⟩'s and c⟨0⟩'s) and the forward cache. */
export function lstmLossAndGradients(
  params: LstmParams,
  inputs: readonly Input[],
  targets: readonly number[],
  a0?: Matrix,
  c0?: Matrix,
): { loss: Scalar; gradients: LstmGradients; forward: LstmForward } {
  const forward = lstmForward(params, inputs, targets, a0, c0);
  return { loss: forward.loss, gradients: lstmBackward(params, forward), forward };
}

/**
 * (D10) — ∂L/∂x⟨t⟩ of one LSTM step, what a stacked layer sends to the layer below:
 *   course: the last nX rows of Σ W•ᵀ·dz• (x⟨t⟩ is the lower block of v⟨t⟩ = [a⟨t−1⟩; x⟨t⟩]);
 *   split:  Wihᵀ·[dzi; dzf; dzg; dzo].
 */
export function lstmInputGradient(params: LstmParams, dz: GatePreActivations): Matrix {
  if (params.variant === 'course') {
    // forward (L2)–(L5) was:  z• = W•·v + b•   with v = [aPrev; x]
    const back = (W: Matrix, d: Matrix) => matmul(transpose(W), d);
    const dv = plus(plus(back(params.Wf, dz.zf), back(params.Wi, dz.zi)), plus(back(params.Wc, dz.zc), back(params.Wo, dz.zo)));
    const nA = dz.zf.size()[0];
    return block(dv, nA, dv.size()[0] - nA);
  }
  // forward (L10) was:  z = Wih·x + bih + Whh·aPrev + bhh,  z = [zi; zf; zg; zo]
  return matmul(transpose(params.Wih), stack(dz.zi, dz.zf, dz.zc, dz.zo));
}
