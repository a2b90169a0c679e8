/**
 * The model's parameters and gradients, with the document's names and shapes.
 *
 * Shapes: nA = hidden size, nX = input size, nY = output size, T = sequence length.
 *   Wax nA×nX   Waa nA×nA   Wya nY×nA   ba nA×1   by nY×1   x⟨t⟩ nX×1   a⟨t⟩ nA×1   ŷ⟨t⟩ nY×1
 * `d` + symbol always means ∂L/∂symbol, where L is the total loss of eq. (15).
 */
import { shape, type Matrix } from './linalg.js';

/** The five learnable parameters of eqs. (1)–(2). There is no `bx`: the bias of (1) is `ba`. */
export interface Params {
  readonly Wax: Matrix;
  readonly Waa: Matrix;
  readonly Wya: Matrix;
  readonly ba: Matrix;
  readonly by: Matrix;
}

/** ∂L/∂(each parameter), plus ∂L/∂a⟨0⟩ so that users can chain chunks of a long sequence. */
export interface Gradients {
  readonly dWax: Matrix;
  readonly dWaa: Matrix;
  readonly dWya: Matrix;
  readonly dba: Matrix;
  readonly dby: Matrix;
  readonly da0: Matrix;
}

export const PARAM_NAMES = ['Wax', 'Waa', 'Wya', 'ba', 'by'] as const;
export type ParamName = (typeof PARAM_NAMES)[number];

export interface Dimensions {
  readonly nA: number;
  readonly nX: number;
  readonly nY: number;
}

/** The length of a vector given as n×1 (or, wrongly, 1×n). */
function vectorLength(v: Matrix): number {
  const [r, c] = shape(v);
  return c === 1 ? r : r === 1 ? c : r;
}

/**
 * The sizes implied by the parameters — nA from ba, nY from by, nX from Wax's columns — and a
 * one-line error naming the first parameter whose shape disagrees.
 */
export function dimensions(params: Params): Dimensions {
  const nA = vectorLength(params.ba);
  const nY = vectorLength(params.by);
  const nX = shape(params.Wax)[1] === nA && shape(params.Wax)[0] !== nA ? shape(params.Wax)[0] : shape(params.Wax)[1];
  const expected: Record<ParamName, [number, number]> = {
    Wax: [nA, nX],
    Waa: [nA, nA],
    Wya: [nY, nA],
    ba: [nA, 1],
    by: [nY, 1],
  };
  for (const name of PARAM_NAMES) {
    const [r, c] = shape(params[name]);
    const [er, ec] = expected[name];
    if (r !== er || c !== ec) {
      const hint = r === ec && c === er ? ' (transposed?)' : '';
      throw new RangeError(`${name} must be ${er}×${ec}, got ${r}×${c}${hint}`);
    }
  }
  return { nA, nX, nY };
}
