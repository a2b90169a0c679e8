/**
 * A gradient check for any loss of named matrices (a cell's parameters and its initial states):
 *   complex step:         ∂L/∂θ = Im L(θ + ih) / h, h = COMPLEX_STEP (no subtraction, so no
 *                         cancellation: exact to float64 rounding)
 *   central differences:  Ridders-extrapolated (L(θ + h) − L(θ − h)) / 2h over halving h, with its
 *                         truncation and rounding error estimates (extrapolation.ts)
 * Each entry is judged as the vanilla checker judges it (elementwise.ts `judge`):
 *   pass ⇔ |BPTT − numeric| ≤ SAFETY × (the method's error estimate + float64 floor of BPTT + own roundings)
 * where the floor is measured, as conditioning.ts does, by running BPTT on ULP_RUNS copies of the
 * point with every entry multiplied by (1 + ULP_SIZE·ε·r), plus, when the problem can run its steps
 * in Monte Carlo arithmetic (cells.ts, cell-roundings.ts), each step's own roundings. The loss must
 * be complex-analytic.
 */
import { complex } from 'mathjs';
import { entry, fromRows, imagPart, realPart, shape, withEntry, type Matrix, type Scalar } from '../reference/linalg.js';
import { NumpyRandom } from '../random/numpy.js';
import { stepRoundings, type PlainCellProblem } from './cell-roundings.js';
import { complexRounding, judge, SlotTally, type Method, type Verdict } from './elementwise.js';
import { extrapolate } from './extrapolation.js';
import { COMPLEX_STEP, EPSILON, ULP_RUNS, ULP_SIZE } from './tolerances.js';

export type Named = Readonly<Record<string, Matrix>>;
export type NamedLoss = (m: Named) => Scalar;

/** What a generic check differentiates: L at a point of named matrices, and BPTT's gradient there. */
export interface NamedProblem {
  readonly at: Named;
  readonly loss: NamedLoss;
  /** BPTT at any point: ∂L/∂(each name), keyed by the name or by d + the name. */
  readonly gradients: (m: Named) => Named;
  /** The problem as the plain loops run it: when present, each step's own roundings (cell-roundings.ts) join the floor. */
  readonly plain?: PlainCellProblem;
}

/** The complex step h: far below any entry's float64 spacing, so Re L is exactly L. */
export const COMPLEX_STEP_H = COMPLEX_STEP;

/** The gradient keyed by the point's names (BPTT may key it dWf for Wf). */
function byName(g: Named, at: Named): Record<string, Matrix> {
  const out: Record<string, Matrix> = {};
  for (const name of Object.keys(at)) {
    const G = g[name] ?? g[`d${name}`];
    if (G === undefined) throw new RangeError(`${name}: no analytic gradient`);
    out[name] = G;
  }
  return out;
}

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

/** Every ∂L/∂entry by plain central differences with a fixed step: (L(θ + h) − L(θ − h)) / 2h. */
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
 * The first NaN, if any, is the worst. `analytic` may carry a `d` prefix on each name (dWf for Wf).
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
        // NaN is the worst there is: it must not be replaced by a later, smaller error.
        if (Number.isNaN(error)) return { error, where: `${name}[${i}][${j}]` };
        if (error > worst.error) worst = { error, where: `${name}[${i}][${j}]` };
      }
    }
  }
  return worst;
}

/** The float64 floor of BPTT at a point: per entry, the largest change over ulp-perturbed copies; and δL. */
export interface NamedFloor {
  readonly spread: Readonly<Record<string, Matrix>>;
  readonly lossNoise: number;
}

/** Measures the floor (numpy stream `seed` draws the perturbations), as conditioning.ts `float64Floor`. */
export function namedFloor(problem: NamedProblem, base: Named, seed = 0): NamedFloor {
  const rng = new NumpyRandom(seed);
  const { at } = problem;
  const g0 = byName(base, at);
  const L0 = realPart(problem.loss(at));
  let lossSpread = 0;
  const spread: Record<string, number[][]> = {};
  for (const [name, M] of Object.entries(at)) spread[name] = Array.from({ length: shape(M)[0] }, () => new Array<number>(shape(M)[1]).fill(0));
  for (let run = 0; run < ULP_RUNS; run++) {
    const moved = partials(at, (_n, _i, _j, v) => v * (1 + ULP_SIZE * EPSILON * (2 * rng.randomSample() - 1)));
    lossSpread = Math.max(lossSpread, Math.abs(realPart(problem.loss(moved)) - L0));
    const g = byName(problem.gradients(moved), at);
    for (const [name, rows] of Object.entries(spread)) {
      rows.forEach((row, i) => row.forEach((s, j) => (row[j] = Math.max(s, Math.abs(realPart(entry(g[name], i, j)) - realPart(entry(g0[name], i, j)))))));
    }
  }
  const own = problem.plain && stepRoundings(problem.plain, seed);
  if (own) {
    lossSpread += own.lossSpread;
    for (const [name, rows] of Object.entries(spread)) rows.forEach((row, i) => row.forEach((s, j) => (row[j] = s + realPart(entry(own.spread[name], i, j)))));
  }
  return { spread: Object.fromEntries(Object.entries(spread).map(([n, rows]) => [n, fromRows(rows)])), lossNoise: Math.max(lossSpread, EPSILON * Math.abs(L0)) };
}

/** One named matrix's result: its worst entry (largest error / tolerance), as the vanilla SlotReport. */
export interface NamedSlotReport extends Verdict {
  readonly slot: string;
  readonly worstIndex: readonly [number, number];
  readonly maxRelativeError: number;
  readonly failures: number;
}

export interface NamedCheckReport {
  readonly method: Method;
  readonly path: 'reference';
  readonly pass: boolean;
  readonly conclusive: boolean;
  readonly slots: readonly NamedSlotReport[];
}

/** ∂L/∂θ at one entry by the method, with the method's own error estimate. */
function numericPartial(problem: NamedProblem, method: Method, name: string, i: number, j: number, floor: NamedFloor) {
  const { at, loss } = problem;
  const v = realPart(entry(at[name], i, j));
  const spread = realPart(entry(floor.spread[name], i, j));
  if (method === 'complex') {
    const value = imagPart(loss({ ...at, [name]: withEntry(at[name], i, j, complex(v, COMPLEX_STEP)) })) / COMPLEX_STEP;
    return { value, error: complexRounding(spread, Math.abs(value)) };
  }
  const L = (x: number) => realPart(loss({ ...at, [name]: withEntry(at[name], i, j, x) }));
  const r = extrapolate((h) => (L(v + h) - L(v - h)) / (v + h - (v - h)), floor.lossNoise);
  return { value: r.value, error: r.truncation + r.rounding };
}

export interface NamedCheckOptions {
  /** The gradient under test (default: the problem's BPTT at its point). */
  readonly analytic?: Named;
  /** A floor already measured for this problem (the CLI shares it between methods). */
  readonly floor?: NamedFloor;
  /** Called as entries are done. */
  readonly onProgress?: (done: number, total: number) => void;
}

/** Checks every entry of every named matrix against the numerical method. */
export function checkNamed(problem: NamedProblem, method: Method, options: NamedCheckOptions = {}): NamedCheckReport {
  const bptt = problem.gradients(problem.at);
  const base = byName(bptt, problem.at);
  const a = byName(options.analytic ?? bptt, problem.at);
  const floor = options.floor ?? namedFloor(problem, bptt);
  const total = Object.values(problem.at).reduce((n, M) => n + shape(M)[0] * shape(M)[1], 0);
  let done = 0;
  const slots = Object.entries(problem.at).map(([name, M]): NamedSlotReport => {
    const [r, c] = shape(M);
    const tally = new SlotTally();
    for (let i = 0; i < r; i++) {
      for (let j = 0; j < c; j++) {
        const n = numericPartial(problem, method, name, i, j, floor);
        const v = judge(realPart(entry(a[name], i, j)), n.value, n.error, realPart(entry(floor.spread[name], i, j)), realPart(entry(base[name], i, j)));
        options.onProgress?.(++done, total);
        tally.add(v, [i, j]);
      }
    }
    return { slot: name, ...tally.row() };
  });
  return { method, path: 'reference', pass: slots.every((s) => s.pass), conclusive: slots.every((s) => s.conclusive), slots };
}
