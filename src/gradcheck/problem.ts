/**
 * What a gradient check differentiates: the total loss L of eq. (15) as a function of the five
 * parameters and a⟨0⟩, for fixed inputs and targets.
 */
import { forwardSequence, type Forward } from '../reference/bptt.js';
import type { Input } from '../reference/inputs.js';
import { column, fromRows, plus, scale, withEntry, type Matrix, type Scalar } from '../reference/linalg.js';
import { NumpyRandom } from '../random/numpy.js';
import { dimensions, PARAM_NAMES, type Gradients, type Params } from '../reference/types.js';

export interface Problem {
  readonly params: Params;
  readonly a0: Matrix;
  readonly inputs: readonly Input[];
  readonly targets: readonly number[];
}

/** The quantities a checker differentiates by: the parameters and the initial hidden state. */
export const SLOTS = [...PARAM_NAMES, 'a0'] as const;
export type Slot = (typeof SLOTS)[number];

/** The matrix of a slot in a problem. */
export function slotValue(problem: Problem, slot: Slot): Matrix {
  return slot === 'a0' ? problem.a0 : problem.params[slot];
}

/** The gradient of a slot: dWax for Wax, …, da0 for a0. */
export function slotGradient(g: Gradients, slot: Slot): Matrix {
  return g[`d${slot}` as keyof Gradients];
}

/** The forward pass with one entry of one slot replaced (the replacement may be Complex). */
export function forwardWithEntry(problem: Problem, slot: Slot, i: number, j: number, v: Scalar): Forward {
  const changed = withEntry(slotValue(problem, slot), i, j, v);
  const params = slot === 'a0' ? problem.params : { ...problem.params, [slot]: changed };
  const a0 = slot === 'a0' ? changed : problem.a0;
  return forwardSequence(params, problem.inputs, problem.targets, a0);
}

/** L with one entry of one slot replaced (the replacement may be Complex). */
export function lossWithEntry(problem: Problem, slot: Slot, i: number, j: number, v: Scalar): Scalar {
  return forwardWithEntry(problem, slot, i, j, v).loss;
}

/** The forward pass with every slot moved along a direction: θ + s·u, one matrix u per slot. */
export function forwardAlong(problem: Problem, u: Readonly<Record<Slot, Matrix>>, s: Scalar): Forward {
  const move = (slot: Slot) => plus(slotValue(problem, slot), scale(u[slot], s));
  const params: Params = { Wax: move('Wax'), Waa: move('Waa'), Wya: move('Wya'), ba: move('ba'), by: move('by') };
  return forwardSequence(params, problem.inputs, problem.targets, move('a0'));
}

/** L with every slot moved along a direction: θ + s·u, one matrix u per slot. */
export function lossAlong(problem: Problem, u: Readonly<Record<Slot, Matrix>>, s: Scalar): Scalar {
  return forwardAlong(problem, u, s).loss;
}

export interface RandomProblemOptions {
  readonly nA: number;
  readonly vocab: number;
  readonly T: number;
  readonly seed: number;
  /** Standard deviation of the weights (default 0.5: tanh neither linear nor saturated). */
  readonly scale?: number;
}

/** A random problem: weights ~ N(0, scale²) from numpy's stream, x⟨1⟩ = 0 then one-hot inputs. */
export function randomProblem(options: RandomProblemOptions): Problem {
  const { nA, vocab, T, seed, scale = 0.5 } = options;
  const rng = new NumpyRandom(seed);
  const normal = (r: number, c: number) => rng.randn(r, c).map((row) => row.map((v) => v * scale));
  const params: Params = {
    Wax: fromRows(normal(nA, vocab)),
    Waa: fromRows(normal(nA, nA)),
    Wya: fromRows(normal(vocab, nA)),
    ba: fromRows(normal(nA, 1)),
    by: fromRows(normal(vocab, 1)),
  };
  const a0 = column(normal(nA, 1).map((r) => Math.tanh(r[0])));
  const inputs = Array.from({ length: T }, (_, t) => (t === 0 ? null : rng.interval(vocab - 1)));
  const targets = Array.from({ length: T }, () => rng.interval(vocab - 1));
  dimensions(params);
  return { params, a0, inputs, targets };
}
