/**
 * A gradient check for any loss of named matrices (a cell's parameters and its initial states):
 * the complex-step derivative entry by entry, ∂L/∂θ = Im L(θ + ih) / h with h = 1e-20 (no
 * subtraction, so no cancellation: exact to float64 rounding), and central differences
 * (L(θ + h) − L(θ − h)) / 2h. The loss must be complex-analytic in every entry.
 */
import { complex } from 'mathjs';
import { entry, fromRows, imagPart, realPart, shape, withEntry, type Matrix, type Scalar } from '../../src/reference/linalg.js';

export type Named = Readonly<Record<string, Matrix>>;
export type NamedLoss = (m: Named) => Scalar;

/** The complex step h: far below any entry's float64 spacing, so Re L is exactly L. */
export const COMPLEX_STEP_H = 1e-20;

/** A matrix per name, of the same shape, whose entry (i, j) is `derivative(name, i, j, value there)`. */
function partials(at: Named, derivative: (name: string, i: number, j: number, v: number) => number): Record<string, Matrix> {
  const out: Record<string, Matrix> = {};
  for (const [name, M] of Object.entries(at)) {
    const [r, c] = shape(M);
    out[name] = fromRows(Array.from({ length: r }, (_, i) => Array.from({ length: c }, (_, j) => derivative(name, i, j, realPart(entry(M, i, j))))));
  }
  return out;
}

/** Every ∂L/∂entry by the complex step: Im L(θ + ih) / h. */
export function complexStepGradient(loss: NamedLoss, at: Named, h = COMPLEX_STEP_H): Record<string, Matrix> {
  return partials(at, (name, i, j, v) => imagPart(loss({ ...at, [name]: withEntry(at[name], i, j, complex(v, h)) })) / h);
}

/** Every ∂L/∂entry by central differences: (L(θ + h) − L(θ − h)) / 2h. */
export function centralDifferenceGradient(loss: NamedLoss, at: Named, h: number): Record<string, Matrix> {
  const L = (name: string, i: number, j: number, v: number) => realPart(loss({ ...at, [name]: withEntry(at[name], i, j, v) }));
  return partials(at, (name, i, j, v) => (L(name, i, j, v + h) - L(name, i, j, v - h)) / (2 * h));
}

/** The worst disagreement of one named matrix set with another, and where. */
export interface Disagreement {
  readonly error: number;
  readonly where: string;
}

/**
 * max over entries of |analytic − numeric| / max(1, largest |numeric| entry of that matrix): the
 * error relative to the size of the quantity (a gradient entry sums terms of about that size).
 * `analytic` may carry a `d` prefix on each name (dWf for Wf).
 */
export function worstDisagreement(analytic: Named, numeric: Named): Disagreement {
  let worst: Disagreement = { error: 0, where: 'nothing compared' };
  for (const [name, N] of Object.entries(numeric)) {
    const A = analytic[name] ?? analytic[`d${name}`];
    if (A === undefined) return { error: Infinity, where: `${name}: no analytic gradient` };
    const [r, c] = shape(N);
    const [ar, ac] = shape(A);
    if (ar !== r || ac !== c) return { error: Infinity, where: `${name}: shape ${ar}×${ac}, expected ${r}×${c}` };
    let scale = 1;
    for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) scale = Math.max(scale, Math.abs(realPart(entry(N, i, j))));
    for (let i = 0; i < r; i++) {
      for (let j = 0; j < c; j++) {
        const error = Math.abs(realPart(entry(A, i, j)) - realPart(entry(N, i, j))) / scale;
        if (!(error <= worst.error)) worst = { error, where: `${name}[${i}][${j}]` };
      }
    }
  }
  return worst;
}
