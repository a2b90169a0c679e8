/**
 * The slow, all-BigNumber evaluation of a case: the same equations as src/reference, eqs. (1)–(6),
 * (15), (16)–(26), clipping and the update, with every operation on mathjs BigNumbers (decimal.js,
 * `digits` significant digits, a mathjs instance separate from the float64 reference). It is not
 * what the oracle uses (exact.ts is ~300× faster: 34 ms against 12 s on the nA = 100 user case); it exists to measure exact.ts's accuracy
 * (spec/conformance/exact.spec.ts, scripts/conditioning.mjs). Every input is converted exactly.
 *
 * Shapes: nA = hidden size, nX = input size, nY = output size, T = sequence length.
 * Matrices are arrays of rows; vectors are flat arrays.
 */
import { all, create, type BigNumber } from 'mathjs';
import { inputVector } from '../reference/inputs.js';
import { entries, realPart, shape, type Matrix } from '../reference/linalg.js';
import { ADAGRAD_EPSILON } from '../reference/update.js';
import { PARAM_NAMES } from '../reference/types.js';
import type { ParsedCase } from './case.js';
import { SLOT_KEYS, type Quantities, type SlotKey } from './evaluate.js';

import type { ExactVariant } from './exact.js';

/** Significant digits by default: twice double-double's 32, so its own error is negligible beside it. */
export const DECIMAL_DIGITS = 60;

export type DecimalClass = new (v: string | number) => BigNumber;
const classes = new Map<number, DecimalClass>();

/** The BigNumber class of a mathjs instance configured with `digits` significant digits. */
export function decimalClass(digits: number): DecimalClass {
  let cls = classes.get(digits);
  if (!cls) {
    // Configured after creation: mathjs's one-file bundle (which the mutation runs load) ignores
    // create()'s config argument and would give 64 digits.
    const math = create(all);
    math.config({ number: 'BigNumber', precision: digits });
    cls = (math as unknown as { BigNumber: DecimalClass }).BigNumber;
    classes.set(digits, cls);
  }
  return cls;
}

type D = BigNumber;


/** The case evaluated exactly (to `digits` digits), as extended-precision rows per quantity. */
export interface ExactQuantities {
  readonly loss: D;
  readonly a: D[][];
  readonly yHat: D[][];
  readonly gradients: Record<SlotKey, D[][]>;
  readonly clipped?: Record<SlotKey, D[][]>;
  readonly updated?: Record<(typeof PARAM_NAMES)[number], D[][]>;
}

/** Evaluates the case with every operation on `digits`-digit BigNumbers. */
export function decimalQuantities(c: ParsedCase, variant: ExactVariant = {}, digits = DECIMAL_DIGITS): ExactQuantities {
  const Dec = decimalClass(digits);
  // x.toPrecision(p) is the exact binary value of x correctly rounded to p digits (p ≤ 100).
  const big = (x: number) => new Dec(x.toPrecision(Math.min(100, digits)));
  const rowsOf = (M: Matrix) => {
    const [r, k] = shape(M);
    const v = entries(M).map((x) => big(realPart(x)));
    return Array.from({ length: r }, (_, i) => v.slice(i * k, (i + 1) * k));
  };
  const zero = new Dec(0);
  const one = new Dec(1);
  const zeros = (r: number, k: number) => Array.from({ length: r }, () => Array.from({ length: k }, () => zero));
  const { params, a0, inputs, targets } = c.problem;
  const P = { Wax: rowsOf(params.Wax), Waa: rowsOf(params.Waa), Wya: rowsOf(params.Wya), ba: rowsOf(params.ba).map((r) => r[0]), by: rowsOf(params.by).map((r) => r[0]) };
  const nA = P.ba.length;
  const nX = P.Wax[0].length;
  const nY = P.by.length;
  /** M·v, summed in index order (zero entries of v add an exact zero and are skipped). */
  const matvec = (M: D[][], v: D[]) => M.map((row) => row.reduce((s, m, j) => (v[j].isZero() ? s : s.plus(m.times(v[j]))), zero));
  /** Mᵀ·v. */
  const matTvec = (M: D[][], v: D[]) => Array.from({ length: M[0].length }, (_, j) => M.reduce((s, row, i) => s.plus(row[j].times(v[i])), zero));
  /** S + u·vᵀ. */
  const addOuter = (S: D[][], u: D[], v: D[]) => S.map((row, i) => row.map((s, j) => (v[j].isZero() ? s : s.plus(u[i].times(v[j])))));
  const addVec = (u: D[], v: D[]) => u.map((x, i) => x.plus(v[i]));

  // ---- forward, eqs. (1)–(6) and (15) ----
  const xs: D[][] = [];
  const as: D[][] = [rowsOf(a0).map((r) => r[0])];
  const yHats: D[][] = [];
  let loss = zero;
  inputs.forEach((input, t) => {
    const x = entries(inputVector(input, nX)).map((v) => big(realPart(v)));
    const z = addVec(addVec(matvec(P.Wax, x), matvec(P.Waa, as[t])), P.ba); // (4)
    const a = z.map((zi) => zi.tanh()); // (3)
    const o = addVec(matvec(P.Wya, a), P.by); // (6)
    const m = o.reduce((mx, v) => (v.greaterThan(mx) ? v : mx), o[0]); // max-shift of (5)
    const e = o.map((v) => v.minus(m).exp());
    const sum = e.reduce((s, v) => s.plus(v), zero);
    yHats.push(e.map((v) => v.dividedBy(sum))); // (5)
    loss = loss.plus(m.plus(sum.ln()).minus(o[targets[t]])); // (15): logSumExp(o) − o_k
    xs.push(x);
    as.push(a);
  });

  // ---- backward, eqs. (16)–(26) ----
  const g: Record<SlotKey, D[][]> = { Wax: zeros(nA, nX), Waa: zeros(nA, nA), Wya: zeros(nY, nA), ba: zeros(nA, 1), by: zeros(nY, 1), a0: zeros(nA, 1) };
  let daRecurrent = Array.from({ length: nA }, () => zero);
  for (let t = inputs.length - 1; t >= 0; t--) {
    const a = as[t + 1];
    const dO = yHats[t].map((v, i) => (i === targets[t] ? v.minus(one) : v)); // (16)–(17), fused
    g.Wya = addOuter(g.Wya, dO, a); // (18)
    g.by = g.by.map((r, i) => [r[0].plus(dO[i])]); // (19)
    const da = addVec(matTvec(P.Wya, dO), daRecurrent); // (20)–(21)
    const dz = da.map((d, i) => d.times(one.minus(a[i].times(a[i])))); // (23)
    g.Waa = addOuter(g.Waa, dz, as[t]); // (24)
    g.Wax = addOuter(g.Wax, dz, xs[t]); // (25)
    g.ba = g.ba.map((r, i) => [r[0].plus(dz[i])]); // (26)
    daRecurrent = matTvec(P.Waa, dz); // (21), recurrent term
  }
  g.a0 = daRecurrent.map((v) => [v]);
  if (variant.meanOverTime) {
    const T = new Dec(inputs.length);
    loss = loss.dividedBy(T);
    for (const k of SLOT_KEYS) g[k] = g[k].map((r) => r.map((v) => v.dividedBy(T)));
  }
  const q: ExactQuantities = { loss, a: as.slice(1), yHat: yHats, gradients: g };
  let step = g;
  if (c.clip !== undefined) {
    const hi = big(c.clip);
    const lo = hi.negated();
    step = Object.fromEntries(SLOT_KEYS.map((k) => [k, g[k].map((r) => r.map((v) => (v.greaterThan(hi) ? hi : v.lessThan(lo) ? lo : v)))])) as Record<SlotKey, D[][]>;
    Object.assign(q, { clipped: step });
  }
  if (c.lr !== undefined) {
    const lr = big(c.lr);
    const eps = big(ADAGRAD_EPSILON);
    const moved = (v: D) => (variant.update === 'adagrad' ? v.dividedBy(v.times(v).plus(eps).sqrt()) : v);
    const theta = { ...P, ba: P.ba.map((v) => [v]), by: P.by.map((v) => [v]) };
    const updated = Object.fromEntries(PARAM_NAMES.map((n) => [n, theta[n].map((r, i) => r.map((v, j) => v.minus(lr.times(moved(step[n][i][j])))))]));
    Object.assign(q, { updated });
  }
  return q;
}

/** Extended-precision rows rounded to float64 (correctly rounded from the decimal digits). */
const toNumbers = (rows: D[][]) => rows.map((r) => r.map((v) => v.toNumber()));
const slots = <K extends string>(g: Record<K, D[][]>) => Object.fromEntries(Object.entries<D[][]>(g).map(([k, v]) => [k, toNumbers(v)])) as Record<K, number[][]>;

/** The all-BigNumber evaluation rounded to float64. */
export function evaluateDecimal(c: ParsedCase, variant: ExactVariant = {}, digits = DECIMAL_DIGITS): Quantities {
  const q = decimalQuantities(c, variant, digits);
  return {
    loss: q.loss.toNumber(),
    a: toNumbers(q.a),
    yHat: toNumbers(q.yHat),
    gradients: slots(q.gradients),
    ...(q.clipped ? { clipped: slots(q.clipped) } : {}),
    ...(q.updated ? { updated: slots(q.updated) } : {}),
  };
}
