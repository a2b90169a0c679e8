/**
 * A correct float64 RNN written independently of src/ for the conformance specs: plain loops over
 * the case document (not the reference's types), matrix–vector products as sums of scaled columns
 * (saxpy order, not row dot products), softmax's denominator summed from the last class down, and
 * each gradient's time sum accumulated from the first step up (after the backward pass stored
 * every step's dz) instead of during the backward walk.
 *
 * Shapes: nA = hidden size, nX = input size, nY = output size, T = sequence length.
 */
import type { Quantities } from '../../src/conformance/evaluate.js';
import type { CaseJson } from '../../src/conformance/schema.js';

const flat = (v: readonly (number | readonly number[])[]) => v.map((x) => (Array.isArray(x) ? x[0] : x) as number);

/** y = M·v as Σ_j v[j]·M[:, j]. */
function saxpyProduct(M: readonly (readonly number[])[], v: readonly number[]): number[] {
  const y = new Array<number>(M.length).fill(0);
  for (let j = 0; j < v.length; j++) if (v[j] !== 0) for (let i = 0; i < M.length; i++) y[i] += v[j] * M[i][j];
  return y;
}

/** y = Mᵀ·v as Σ_i v[i]·M[i, :]. */
function saxpyTransposed(M: readonly (readonly number[])[], v: readonly number[]): number[] {
  const y = new Array<number>(M[0].length).fill(0);
  for (let i = 0; i < M.length; i++) for (let j = 0; j < y.length; j++) y[j] += v[i] * M[i][j];
  return y;
}

/** Loss, a, ŷ, the gradients, and clipped/updated when the case asks for them. */
export function independentRnn(c: CaseJson): Quantities {
  const { Wax, Waa, Wya } = c.params;
  const ba = flat(c.params.ba);
  const by = flat(c.params.by);
  const nA = ba.length;
  const nX = Wax[0].length;
  const nY = by.length;
  const xs = c.inputs.map((x) => (x === null ? new Array<number>(nX).fill(0) : typeof x === 'number' ? Array.from({ length: nX }, (_, j) => (j === x ? 1 : 0)) : [...x]));
  const a: number[][] = [c.a0 ? flat(c.a0) : new Array<number>(nA).fill(0)];
  const yHat: number[][] = [];
  let loss = 0;
  xs.forEach((x, t) => {
    const wx = saxpyProduct(Wax, x);
    const wa = saxpyProduct(Waa, a[t]);
    a.push(wx.map((v, i) => Math.tanh(v + wa[i] + ba[i])));
    const o = saxpyProduct(Wya, a[t + 1]).map((v, k) => v + by[k]);
    const m = Math.max(...o);
    const e = o.map((v) => Math.exp(v - m));
    let sum = 0;
    for (let k = nY - 1; k >= 0; k--) sum += e[k];
    yHat.push(e.map((v) => v / sum));
    loss += Math.log(sum) - (o[c.targets[t]] - m);
  });
  const dzs: number[][] = new Array(xs.length);
  const dOs: number[][] = new Array(xs.length);
  let dzNext = new Array<number>(nA).fill(0);
  for (let t = xs.length - 1; t >= 0; t--) {
    dOs[t] = yHat[t].map((v, k) => (k === c.targets[t] ? v - 1 : v));
    const fromOutput = saxpyTransposed(Wya, dOs[t]);
    const fromNext = saxpyTransposed(Waa, dzNext);
    dzs[t] = fromOutput.map((v, i) => (v + fromNext[i]) * (1 - a[t + 1][i] * a[t + 1][i]));
    dzNext = dzs[t];
  }
  const outer = (rows: number, cols: number, u: (t: number) => number[], v: (t: number) => number[]) => {
    const S = Array.from({ length: rows }, () => new Array<number>(cols).fill(0));
    for (let t = 0; t < xs.length; t++) {
      const ut = u(t);
      const vt = v(t);
      for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) S[i][j] += ut[i] * vt[j];
    }
    return S;
  };
  const gradients = {
    Wax: outer(nA, nX, (t) => dzs[t], (t) => xs[t]),
    Waa: outer(nA, nA, (t) => dzs[t], (t) => a[t]),
    Wya: outer(nY, nA, (t) => dOs[t], (t) => a[t + 1]),
    ba: outer(nA, 1, (t) => dzs[t], () => [1]),
    by: outer(nY, 1, (t) => dOs[t], () => [1]),
    a0: saxpyTransposed(Waa, dzNext).map((v) => [v]),
  };
  const q: Quantities = { loss, a: a.slice(1), yHat, gradients };
  let step = gradients;
  if (c.clip !== undefined) {
    const cl = c.clip;
    const clip = (M: number[][]) => M.map((r) => r.map((v) => (v > cl ? cl : v < -cl ? -cl : v)));
    step = { Wax: clip(gradients.Wax), Waa: clip(gradients.Waa), Wya: clip(gradients.Wya), ba: clip(gradients.ba), by: clip(gradients.by), a0: clip(gradients.a0) };
    q.clipped = step;
  }
  if (c.lr !== undefined) {
    const lr = c.lr;
    const sgd = (W: readonly (readonly number[])[], g: number[][]) => W.map((r, i) => r.map((w, j) => w - lr * g[i][j]));
    const col = (v: number[]) => v.map((x) => [x]);
    q.updated = { Wax: sgd(Wax, step.Wax), Waa: sgd(Waa, step.Waa), Wya: sgd(Wya, step.Wya), ba: sgd(col(ba), step.ba), by: sgd(col(by), step.by) };
  }
  return q;
}
