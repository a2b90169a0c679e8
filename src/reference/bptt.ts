/**
 * The unrolled RNN over t = 1…T: forward with the summed loss, eq. (15), and backpropagation
 * through time, eqs. (16)–(26).
 *
 * Shapes: nA = hidden size, nX = input size, nY = output size, T = sequence length.
 * `steps[t − 1]` holds time t of the document; `a0` is the initial hidden state a⟨0⟩.
 */
import {
  backpropOutput,
  backpropRecurrent,
  backpropTanh,
  dbaStep,
  dbyStep,
  dWaaStep,
  dWaxStep,
  dWyaStep,
  hiddenState,
  logits,
} from './cell.js';
import { checkTarget, inputVector, type Input } from './inputs.js';
import { plus, sadd, zeros, type Matrix, type Scalar } from './linalg.js';
import { crossEntropy, softmax, softmaxCrossEntropyGradient } from './softmax.js';
import { dimensions, type Gradients, type Params } from './types.js';

/** What the forward pass saves for the backward pass at one time step. */
export interface Step {
  readonly x: Matrix;
  readonly aPrev: Matrix;
  readonly a: Matrix;
  readonly o: Matrix;
  readonly yHat: Matrix;
  readonly target: number;
  readonly loss: Scalar;
}

export interface Forward {
  readonly steps: readonly Step[];
  /** Eq. (15) — L = Σₜ l(ŷ⟨t⟩, y⟨t⟩). */
  readonly loss: Scalar;
  /** a⟨T⟩, the hidden state to carry into the next chunk (a⟨0⟩ when T = 0). */
  readonly aLast: Matrix;
}

/** Eq. (15) — L = Σₜ l⟨t⟩, summed in time order. */
export function totalLoss(stepLosses: readonly Scalar[]): Scalar {
  return stepLosses.reduce<Scalar>((s, l) => sadd(s, l), 0);
}

/** Eqs. (1)–(6) at every step, then (15). `a0` defaults to zeros. */
export function forwardSequence(
  params: Params,
  inputs: readonly Input[],
  targets: readonly number[],
  a0?: Matrix,
): Forward {
  const { nA, nX, nY } = dimensions(params);
  if (inputs.length !== targets.length) {
    throw new RangeError(`inputs and targets must have the same length, got ${inputs.length} and ${targets.length}`);
  }
  const steps: Step[] = [];
  let aPrev = a0 ?? zeros(nA, 1);
  const [r, c] = aPrev.size();
  if (r !== nA || (c ?? 1) !== 1) throw new RangeError(`a0 must be ${nA}×1, got ${r}×${c ?? 1}`);
  inputs.forEach((input, i) => {
    const x = inputVector(input, nX, `inputs[${i}]`);
    const target = checkTarget(targets[i], nY, `targets[${i}]`);
    const a = hiddenState(params, x, aPrev);
    const o = logits(params, a);
    steps.push({ x, aPrev, a, o, yHat: softmax(o), target, loss: crossEntropy(o, target) });
    aPrev = a;
  });
  return { steps, loss: totalLoss(steps.map((s) => s.loss)), aLast: aPrev };
}

/**
 * How ∂L/∂a⟨t⟩ reaches a⟨t−1⟩ through eq. (4). Given da⟨t⟩ and dz⟨t⟩ it returns the recurrent
 * term of ∂L/∂a⟨t−1⟩. The correct one is Waaᵀ·dz⟨t⟩ (`throughTanh`); docs/errata.md shows the
 * document's (21)/(22), Waaᵀ·da⟨t⟩, failing the gradient check.
 */
export type Recurrence = (params: Params, da: Matrix, dz: Matrix) => Matrix;

/** Eq. (21), corrected — ∂a⟨t⟩/∂a⟨t−1⟩ = diag(1 − a⟨t⟩²)·Waa, so the term is Waaᵀ·dz⟨t⟩. */
export const throughTanh: Recurrence = (params, _da, dz) => backpropRecurrent(params, dz);

export interface BackwardOptions {
  /** ∂L/∂a⟨T⟩ arriving from a later chunk of the same sequence (default zero: nothing follows). */
  readonly daLast?: Matrix;
  /** How the gradient crosses eq. (4) to a⟨t−1⟩ (default: the correct `throughTanh`). */
  readonly recurrence?: Recurrence;
  /** How ∂l/∂o⟨t⟩ reaches a⟨t⟩ through eq. (6) (default: the correct `backpropOutput`, Wyaᵀ·do). */
  readonly output?: (params: Params, dO: Matrix) => Matrix;
  /** How a step's term joins a parameter's sum in (18), (19), (24)–(26) (default: plain addition). */
  readonly accumulate?: (sum: Matrix, term: Matrix) => Matrix;
  /** How ∂L/∂a⟨t⟩ crosses eq. (3) to ∂L/∂z⟨t⟩ (default: the correct `backpropTanh`, eq. (23)). */
  readonly activation?: (da: Matrix, a: Matrix) => Matrix;
}

/** What backpropagation returns: the gradients, and ∂L/∂a⟨t⟩ per step (`da[t − 1]`). */
export interface Backward extends Gradients {
  readonly da: readonly Matrix[];
}

/**
 * Eqs. (18)–(26) — BPTT. Walking t = T…1 with `daRecurrent` = the term that a⟨t+1⟩ sends back
 * (after the last step: `daLast`, zero unless a later chunk follows):
 *   do⟨t⟩ = ŷ⟨t⟩ − y⟨t⟩                                  (16)–(17), fused
 *   da⟨t⟩ = Wyaᵀ·do⟨t⟩ + Waaᵀ·dz⟨t+1⟩                    (20)–(21), corrected
 *   dz⟨t⟩ = da⟨t⟩ ⊙ (1 − a⟨t⟩²)                          (23)
 * and each parameter gradient is the sum over t of its single-step term (18), (19), (24)–(26).
 * ∂L/∂a⟨0⟩ is the recurrent term that step 1 sends back.
 */
export function backwardSequence(params: Params, forward: Forward, options: BackwardOptions = {}): Backward {
  // The options exist so that src/conformance/mistakes.ts can name common wrong implementations.
  const { recurrence = throughTanh, output = backpropOutput, accumulate = plus, activation = backpropTanh } = options;
  const { nA, nX, nY } = dimensions(params);
  let dWax = zeros(nA, nX);
  let dWaa = zeros(nA, nA);
  let dWya = zeros(nY, nA);
  let dba = zeros(nA, 1);
  let dby = zeros(nY, 1);
  let daRecurrent = options.daLast ?? zeros(nA, 1);
  const daSteps: Matrix[] = [];
  for (let t = forward.steps.length - 1; t >= 0; t--) {
    const { x, aPrev, a, yHat, target } = forward.steps[t];
    const dO = softmaxCrossEntropyGradient(yHat, target);
    dWya = accumulate(dWya, dWyaStep(dO, a)); // (18)
    dby = accumulate(dby, dbyStep(dO)); // (19)
    const da = plus(output(params, dO), daRecurrent); // (20)–(21)
    const dz = activation(da, a); // (23)
    dWaa = accumulate(dWaa, dWaaStep(dz, aPrev)); // (24)
    dWax = accumulate(dWax, dWaxStep(dz, x)); // (25)
    dba = accumulate(dba, dbaStep(dz)); // (26)
    daRecurrent = recurrence(params, da, dz);
    daSteps.unshift(da);
  }
  return { dWax, dWaa, dWya, dba, dby, da0: daRecurrent, da: daSteps };
}

/** Forward then backward: the loss, every gradient (and a⟨0⟩'s), and a⟨T⟩. */
export function lossAndGradients(
  params: Params,
  inputs: readonly Input[],
  targets: readonly number[],
  a0?: Matrix,
): { loss: Scalar; gradients: Backward; forward: Forward } {
  const forward = forwardSequence(params, inputs, targets, a0);
  return { loss: forward.loss, gradients: backwardSequence(params, forward), forward };
}
