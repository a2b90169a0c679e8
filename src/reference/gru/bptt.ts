/**
 * The unrolled GRU over t = 1…T: forward with the summed loss (G7)–(G8), and backpropagation
 * through time (G9)–(G19). docs/gru.md derives every line.
 *
 * Shapes: nA = hidden size, nX = input size, nY = output size, T = sequence length.
 * `steps[t − 1]` holds time t; a⟨0⟩ defaults to zeros.
 */
import { checkTarget, inputVector, type Input } from '../inputs.js';
import { hadamard, matmul, outer, plus, sadd, transpose, zeros, type Matrix, type Scalar } from '../linalg.js';
import { sigmoidDerivative, tanhDerivativeOf } from '../lstm/vectors.js';
import { crossEntropy, softmax, softmaxCrossEntropyGradient } from '../softmax.js';
import { backpropBlend, backpropCandidate, backpropGates, gruCellForward, type BlendBackward, type GruCellCache } from './cell.js';
import { gruDimensions, gruShapes, type GruGradients, type GruParams, type UpdateBlend } from './types.js';

/** One step's cache, with the output layer's values. */
export interface GruStep extends GruCellCache {
  readonly o: Matrix;
  readonly yHat: Matrix;
  readonly target: number;
  readonly loss: Scalar;
}

export interface GruForward {
  readonly steps: readonly GruStep[];
  /** (G8), eq. (15) — L = Σₜ l(ŷ⟨t⟩, y⟨t⟩). */
  readonly loss: Scalar;
  readonly aLast: Matrix;
}

/** (G1)–(G8) — every step's cell and output ŷ⟨t⟩ = softmax(Wya·a⟨t⟩ + by), then L = Σₜ l⟨t⟩. */
export function gruForward(params: GruParams, inputs: readonly Input[], targets: readonly number[], a0?: Matrix): GruForward {
  const { nA, nX, nY } = gruDimensions(params);
  if (inputs.length !== targets.length) {
    throw new RangeError(`inputs and targets must have the same length, got ${inputs.length} and ${targets.length}`);
  }
  let aPrev = a0 ?? zeros(nA, 1);
  const [r, c] = aPrev.size();
  if (r !== nA || (c ?? 1) !== 1) throw new RangeError(`a0 must be ${nA}×1, got ${r}×${c ?? 1}`);
  const steps: GruStep[] = [];
  let loss: Scalar = 0;
  inputs.forEach((input, i) => {
    const x = inputVector(input, nX, `inputs[${i}]`);
    const target = checkTarget(targets[i], nY, `targets[${i}]`);
    const cell = gruCellForward(params, x, aPrev);
    const o = plus(matmul(params.Wya, cell.a), params.by); // (G7), eq. (6)
    const l = crossEntropy(o, target);
    steps.push({ ...cell, o, yHat: softmax(o), target, loss: l });
    loss = sadd(loss, l); // (G8)
    aPrev = cell.a;
  });
  return { steps, loss, aLast: aPrev };
}

export interface GruBackwardOptions {
  /**
   * (G11)–(G13), the gradient through the update blend (default: the correct `backpropBlend`).
   * Exists so that specs can show a blend that drops its (1 − Γu) path failing the gradient check.
   */
  readonly blend?: (kind: UpdateBlend, da: Matrix, step: GruCellCache) => BlendBackward;
}

/**
 * (G9)–(G19) — BPTT. Walking t = T…1 with daNext = what step t+1 sends back (zero after T):
 *   do = ŷ − y, dWya += do·aᵀ, dby += do (G9);  da = Wyaᵀ·do + daNext (G10)
 *   through the blend (G11)–(G13), the candidate (G14)–(G16) and the gates (G17)–(G19);
 *   daNext ← the three shares of ∂L/∂a⟨t−1⟩ added.
 * ∂L/∂a⟨0⟩ is what step 1 sends back.
 */
export function gruBackward(params: GruParams, forward: GruForward, options: GruBackwardOptions = {}): GruGradients {
  const { blend = backpropBlend } = options;
  const dims = gruDimensions(params);
  const sums: Record<string, Matrix> = {};
  for (const [name, [r, c]] of Object.entries(gruShapes(params.variant, dims))) sums[name] = zeros(r, c);
  const add = (terms: Readonly<Record<string, Matrix>>) => {
    for (const [name, term] of Object.entries(terms)) sums[name] = plus(sums[name], term);
  };
  let daNext = zeros(dims.nA, 1);
  for (let t = forward.steps.length - 1; t >= 0; t--) {
    const s = forward.steps[t];
    const dO = softmaxCrossEntropyGradient(s.yHat, s.target);
    add({ Wya: outer(dO, s.a), by: dO }); // (G9)
    const da = plus(matmul(transpose(params.Wya), dO), daNext); // (G10)
    const b = blend(params.variant.blend, da, s); // (G11)–(G13)
    const cand = backpropCandidate(params, s, b.dTilde); // (G14)–(G16)
    const gates = backpropGates(params, s, cand.dGr, b.dzu); // (G17)–(G19)
    add(cand.terms);
    add(gates.terms);
    daNext = plus(plus(b.daPrev, cand.daPrev), gates.daPrev);
  }
  const dParams = Object.fromEntries(Object.entries(sums).map(([name, sum]) => [`d${name}`, sum]));
  return { dParams, da0: daNext };
}

/** Forward then backward: the loss, every gradient (with a⟨0⟩'s) and the forward cache. */
export function gruLossAndGradients(
  params: GruParams,
  inputs: readonly Input[],
  targets: readonly number[],
  a0?: Matrix,
): { loss: Scalar; gradients: GruGradients; forward: GruForward } {
  const forward = gruForward(params, inputs, targets, a0);
  return { loss: forward.loss, gradients: gruBackward(params, forward), forward };
}

/**
 * (D11) — ∂L/∂x⟨t⟩ of one GRU step, what a stacked layer sends to the layer below:
 *   Waxᵀ·dzh + Wrxᵀ·dzr + Wuxᵀ·dzu, with dzh = dã⊙(1 − ã²) (G14) and dzr = dΓr⊙Γr(1 − Γr) (G17).
 */
export function gruInputGradient(params: GruParams, s: GruCellCache, dTilde: Matrix, dGr: Matrix, dzu: Matrix): Matrix {
  // forward (G1)–(G4) were:  Γ• = σ(W•x·x + …),  ã = tanh(Wax·x + …)   so x collects from all three
  const dzh = hadamard(dTilde, tanhDerivativeOf(s.aTilde));
  const dzr = hadamard(dGr, sigmoidDerivative(s.gr));
  const back = (W: Matrix, d: Matrix) => matmul(transpose(W), d);
  return plus(plus(back(params.Wax, dzh), back(params.Wrx, dzr)), back(params.Wux, dzu));
}
