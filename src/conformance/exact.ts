/**
 * The oracle's expected values, computed in extended precision and rounded to float64 only at the
 * end: the same equations as src/reference — eqs. (1)–(6), (15), (16)–(26), elementwise clipping and
 * the SGD (or Adagrad) step — with the sums and products in double-double arithmetic
 * (double-double.ts, ~32 significant digits), tanh, exp, log, division and square roots too
 * (double-double-math.ts). Every input is taken exactly: the case means the float64 values an
 * implementation parses. exact-decimal.ts runs the same maths on 60-digit mathjs BigNumbers,
 * ~100× slower, to measure this one.
 *
 * Accuracy: each operation errs by a few units of 2⁻¹⁰⁴ ≈ 5e-32 relative, so a quantity with
 * condition number κ is off by about κ·1e-31: below 1e-22 relative for the worst case measured
 * (κ ≈ 3e8, the nA = 100 user case of issue #9), under a millionth of float64's rounding. Measured:
 * bit-for-bit equal after rounding to a 60-digit BigNumber evaluation on that case and to a
 * 50-digit Python decimal one on three suite tests (spec/conformance/exact.spec.ts,
 * `npm run conditioning`).
 *
 * Shapes: nA = hidden size, nX = input size, nY = output size, T = sequence length.
 */
import { inputVector } from '../reference/inputs.js';
import { entries, realPart, shape, type Matrix } from '../reference/linalg.js';
import { PARAM_NAMES, type ParamName } from '../reference/types.js';
import { ADAGRAD_EPSILON } from '../reference/update.js';
import type { ParsedCase } from './case.js';
import { div, exp, log, sqrt, tanh, type DD } from './double-double-math.js';
import { add, addInto, addOuter, fromNumbers, matTvec, matvec, mul, out, plus, zeroVector, type DDVector } from './double-double.js';
import { SLOT_KEYS, type Quantities, type SlotKey, type Variant } from './evaluate.js';

/** The correct variants an implementation may declare (capabilities): mean over time, Adagrad. */
export type ExactVariant = Pick<Variant, 'meanOverTime' | 'update'>;

const mapDD = (v: DDVector, f: (d: DD) => DD) => {
  const r = zeroVector(v.h.length);
  for (let k = 0; k < v.h.length; k++) [r.h[k], r.l[k]] = f([v.h[k], v.l[k]]);
  return r;
};
const addDD = (a: DD, b: DD): DD => (add(a[0], a[1], b[0], b[1]), [out[0], out[1]]);
const mulDD = (a: DD, b: DD): DD => (mul(a[0], a[1], b[0], b[1]), [out[0], out[1]]);
/** The float64 nearest to each double-double (h + l rounds correctly since |l| ≤ ½ulp(h)). */
const rounded = (v: DDVector) => Array.from(v.h, (h, k) => h + v.l[k]);
const rowsOf = (M: Matrix): DDVector[] => {
  const [r, c] = shape(M);
  const v = entries(M).map(realPart);
  return Array.from({ length: r }, (_, i) => fromNumbers(v.slice(i * c, (i + 1) * c)));
};
const columnOf = (M: Matrix): DDVector => fromNumbers(entries(M).map(realPart));

type Slots = Record<SlotKey, DDVector[]>;

/** The oracle's expected result: the case evaluated in extended precision, rounded to float64. */
export function evaluateExact(c: ParsedCase, variant: ExactVariant = {}): Quantities {
  const { params, a0, inputs, targets } = c.problem;
  const Wax = rowsOf(params.Wax);
  const Waa = rowsOf(params.Waa);
  const Wya = rowsOf(params.Wya);
  const ba = columnOf(params.ba);
  const by = columnOf(params.by);
  const [nA, nX] = shape(params.Wax);
  const nY = by.h.length;

  // ---- forward, eqs. (1)–(6) and (15) ----
  const xs: DDVector[] = [];
  const as: DDVector[] = [columnOf(a0)];
  const yHats: DDVector[] = [];
  let loss: DD = [0, 0];
  inputs.forEach((input, t) => {
    const x = fromNumbers(entries(inputVector(input, nX)).map(realPart));
    const z = plus(plus(matvec(Wax, x), matvec(Waa, as[t])), ba); // (4)
    const a = mapDD(z, (zk) => tanh(zk)); // (3)
    const o = plus(matvec(Wya, a), by); // (6)
    let m = 0;
    for (let k = 1; k < nY; k++) if (o.h[k] > o.h[m] || (o.h[k] === o.h[m] && o.l[k] > o.l[m])) m = k;
    const e = mapDD(o, (ok) => exp(addDD(ok, [-o.h[m], -o.l[m]]))); // exp(o − max o)
    let sum: DD = [0, 0];
    for (let k = 0; k < nY; k++) sum = addDD(sum, [e.h[k], e.l[k]]);
    yHats.push(mapDD(e, (ek) => div(ek, sum))); // (5)
    const lse = addDD([o.h[m], o.l[m]], log(sum)); // logSumExp(o) = m + log Σ exp(oⱼ − m)
    loss = addDD(loss, addDD(lse, [-o.h[targets[t]], -o.l[targets[t]]])); // (15): logSumExp(o) − o_k
    xs.push(x);
    as.push(a);
  });

  // ---- backward, eqs. (16)–(26) ----
  const matrix = (r: number, k: number) => Array.from({ length: r }, () => zeroVector(k));
  const g: Slots = { Wax: matrix(nA, nX), Waa: matrix(nA, nA), Wya: matrix(nY, nA), ba: [zeroVector(nA)], by: [zeroVector(nY)], a0: [] };
  let daRecurrent = zeroVector(nA);
  for (let t = inputs.length - 1; t >= 0; t--) {
    const a = as[t + 1];
    const dO = plus(yHats[t], zeroVector(nY));
    add(dO.h[targets[t]], dO.l[targets[t]], -1, 0); // (16)–(17), fused: ŷ − y
    dO.h[targets[t]] = out[0];
    dO.l[targets[t]] = out[1];
    addOuter(g.Wya, dO, a); // (18)
    addInto(g.by[0], dO); // (19)
    const da = plus(matTvec(Wya, dO), daRecurrent); // (20)–(21)
    const dz = zeroVector(nA);
    for (let i = 0; i < nA; i++) {
      mul(a.h[i], a.l[i], a.h[i], a.l[i]);
      add(1, 0, -out[0], -out[1]);
      mul(da.h[i], da.l[i], out[0], out[1]); // (23): da ⊙ (1 − a²)
      dz.h[i] = out[0];
      dz.l[i] = out[1];
    }
    addOuter(g.Waa, dz, as[t]); // (24)
    addOuter(g.Wax, dz, xs[t]); // (25)
    addInto(g.ba[0], dz); // (26)
    daRecurrent = matTvec(Waa, dz); // (21), the recurrent term
  }
  g.a0 = [daRecurrent];
  const T = inputs.length;
  if (variant.meanOverTime) {
    loss = div(loss, [T, 0]);
    for (const k of SLOT_KEYS) g[k] = g[k].map((row) => mapDD(row, (d) => div(d, [T, 0])));
  }
  const q: Quantities = {
    loss: loss[0] + loss[1],
    a: as.slice(1).map(rounded),
    yHat: yHats.map(rounded),
    gradients: numbers(g),
  };
  let step = g;
  if (c.clip !== undefined) {
    step = clipped(g, c.clip);
    q.clipped = numbers(step);
  }
  if (c.lr !== undefined) q.updated = updatedRows({ Wax, Waa, Wya, ba: [ba], by: [by] }, step, c.lr, variant);
  return q;
}

/** Vectors (ba, by, a0) are one double-double vector; as result rows they are n×1. */
const isVector = (k: string) => k === 'ba' || k === 'by' || k === 'a0';
const rowsFor = (k: string, M: DDVector[]) => (isVector(k) ? rounded(M[0]).map((v) => [v]) : M.map(rounded));

function numbers(g: Slots): Record<SlotKey, number[][]> {
  return Object.fromEntries(SLOT_KEYS.map((k) => [k, rowsFor(k, g[k])])) as Record<SlotKey, number[][]>;
}

/** clip(g, −c, c) elementwise, on the exact values (section 3.2). */
function clipped(g: Slots, c: number): Slots {
  const clamp = (v: DDVector) => {
    const r = plus(v, zeroVector(v.h.length));
    for (let k = 0; k < r.h.length; k++) {
      const above = r.h[k] > c || (r.h[k] === c && r.l[k] > 0);
      const below = r.h[k] < -c || (r.h[k] === -c && r.l[k] < 0);
      if (above || below) [r.h[k], r.l[k]] = [above ? c : -c, 0];
    }
    return r;
  };
  return Object.fromEntries(SLOT_KEYS.map((k) => [k, g[k].map(clamp)])) as Slots;
}

/** θ − lr·g (SGD, clip.ts) or θ − lr·g ⊘ √(g⊙g + ε) (Adagrad from a fresh memory, update.ts). */
function updatedRows(theta: Record<ParamName, DDVector[]>, g: Slots, lr: number, variant: ExactVariant): Record<ParamName, number[][]> {
  const adagrad = (d: DD) => div(d, sqrt(addDD(mulDD(d, d), [ADAGRAD_EPSILON, 0])));
  const step = (v: DDVector) => (variant.update === 'adagrad' ? mapDD(v, adagrad) : v);
  const next = (name: ParamName) =>
    theta[name].map((row, i) => {
      const s = step(g[name][i]);
      const r = zeroVector(row.h.length);
      for (let k = 0; k < r.h.length; k++) {
        mul(lr, 0, s.h[k], s.l[k]);
        add(row.h[k], row.l[k], -out[0], -out[1]);
        r.h[k] = out[0];
        r.l[k] = out[1];
      }
      return r;
    });
  return Object.fromEntries(PARAM_NAMES.map((n) => [n, rowsFor(n, next(n))])) as Record<ParamName, number[][]>;
}
