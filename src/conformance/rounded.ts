/**
 * The case computed in plain JavaScript loops with a rounding hook after every operation: the same
 * equations as src/reference — eqs. (1)–(6), (15), (16)–(26), clipping and the update — written a
 * second time so that conditioning.ts can run them with randomly perturbed rounding (Monte Carlo
 * arithmetic) in float64 or float32, and in either summation order.
 *
 * Shapes: nA = hidden size, nX = input size, nY = output size, T = sequence length.
 */
import { inputVector } from '../reference/inputs.js';
import { entries, realPart } from '../reference/linalg.js';
import { PARAM_NAMES, type ParamName } from '../reference/types.js';
import { ADAGRAD_EPSILON } from '../reference/update.js';
import type { ParsedCase } from './case.js';
import { rowsOf, SLOT_KEYS, type Quantities, type SlotKey } from './evaluate.js';
import type { ExactVariant } from './exact.js';

/** How each number is rounded: `input` on every number of the case, `op` after every operation. */
export interface Arithmetic {
  readonly input: (x: number) => number;
  readonly op: (x: number) => number;
  /** Dot products summed from the last index down (a different, equally correct, order). */
  readonly reversed?: boolean;
}

/** Plain float64: nothing is perturbed. */
export const FLOAT64: Arithmetic = { input: (x) => x, op: (x) => x };

/** Evaluates the case with `ar`'s rounding after every operation. */
export function evaluateRounded(c: ParsedCase, ar: Arithmetic, variant: ExactVariant = {}): Quantities {
  const { input, op: r } = ar;
  const { params, a0, inputs, targets } = c.problem;
  const W = (name: ParamName) => rowsOf(params[name]).map((row) => row.map(input));
  const Wax = W('Wax');
  const Waa = W('Waa');
  const Wya = W('Wya');
  const ba = W('ba').map((v) => v[0]);
  const by = W('by').map((v) => v[0]);
  const nA = ba.length;
  const nX = Wax[0].length;
  const nY = by.length;
  /** Σ_j w[j]·v[j], rounded after each product and each addition. */
  const dot = (w: readonly number[], v: readonly number[]) => {
    let s = 0;
    if (ar.reversed) for (let j = v.length - 1; j >= 0; j--) s = r(s + r(w[j] * v[j]));
    else for (let j = 0; j < v.length; j++) s = r(s + r(w[j] * v[j]));
    return s;
  };
  const transpose = (M: number[][]) => M[0].map((_, j) => M.map((row) => row[j]));
  const WyaT = transpose(Wya);
  const WaaT = transpose(Waa);

  // ---- forward, eqs. (1)–(6) and (15) ----
  const xs: number[][] = [];
  const as: number[][] = [entries(a0).map((v) => input(realPart(v)))];
  const yHat: number[][] = [];
  let loss = 0;
  inputs.forEach((x0, t) => {
    const x = entries(inputVector(x0, nX)).map((v) => (typeof x0 === 'number' || x0 === null ? realPart(v) : input(realPart(v))));
    const a = Wax.map((row, i) => r(Math.tanh(r(r(dot(row, x) + dot(Waa[i], as[t])) + ba[i])))); // (4), (3)
    const o = Wya.map((row, k) => r(dot(row, a) + by[k])); // (6)
    const m = Math.max(...o);
    const e = o.map((v) => r(Math.exp(r(v - m))));
    const sum = e.reduce((s, v) => r(s + v), 0);
    yHat.push(e.map((v) => r(v / sum))); // (5)
    loss = r(loss + r(r(m + r(Math.log(sum))) - o[targets[t]])); // (15): logSumExp(o) − o_k
    xs.push(x);
    as.push(a);
  });

  // ---- backward, eqs. (16)–(26) ----
  const zeros = (rows: number, cols: number) => Array.from({ length: rows }, () => new Array<number>(cols).fill(0));
  const g: Record<SlotKey, number[][]> = { Wax: zeros(nA, nX), Waa: zeros(nA, nA), Wya: zeros(nY, nA), ba: zeros(nA, 1), by: zeros(nY, 1), a0: zeros(nA, 1) };
  const addOuter = (S: number[][], u: number[], v: number[]) => S.forEach((row, i) => row.forEach((s, j) => (row[j] = r(s + r(u[i] * v[j])))));
  let daRecurrent = new Array<number>(nA).fill(0);
  for (let t = inputs.length - 1; t >= 0; t--) {
    const a = as[t + 1];
    const dO = yHat[t].map((v, k) => (k === targets[t] ? r(v - 1) : v)); // (16)–(17), fused
    addOuter(g.Wya, dO, a); // (18)
    addOuter(g.by, dO, [1]); // (19)
    const da = a.map((_, i) => r(dot(WyaT[i], dO) + daRecurrent[i])); // (20)–(21)
    const dz = da.map((d, i) => r(d * r(1 - r(a[i] * a[i])))); // (23)
    addOuter(g.Waa, dz, as[t]); // (24)
    addOuter(g.Wax, dz, xs[t]); // (25)
    addOuter(g.ba, dz, [1]); // (26)
    daRecurrent = a.map((_, j) => dot(WaaT[j], dz)); // (21), the recurrent term
  }
  g.a0 = daRecurrent.map((v) => [v]);
  const T = inputs.length;
  if (variant.meanOverTime) {
    loss = r(loss / T);
    for (const k of SLOT_KEYS) g[k] = g[k].map((row) => row.map((v) => r(v / T)));
  }
  const q: Quantities = { loss, a: as.slice(1), yHat, gradients: g };
  let step = g;
  if (c.clip !== undefined) {
    const cl = c.clip;
    step = Object.fromEntries(SLOT_KEYS.map((k) => [k, g[k].map((row) => row.map((v) => Math.min(Math.max(v, -cl), cl)))])) as typeof g;
    q.clipped = step;
  }
  if (c.lr !== undefined) {
    const lr = input(c.lr);
    const theta: Record<ParamName, number[][]> = { Wax, Waa, Wya, ba: ba.map((v) => [v]), by: by.map((v) => [v]) };
    const delta = (v: number) => (variant.update === 'adagrad' ? r(v / r(Math.sqrt(r(r(v * v) + ADAGRAD_EPSILON)))) : v);
    q.updated = Object.fromEntries(
      PARAM_NAMES.map((n) => [n, theta[n].map((row, i) => row.map((v, j) => r(v - r(lr * delta(step[n][i][j])))))]),
    ) as Record<ParamName, number[][]>;
  }
  return q;
}
