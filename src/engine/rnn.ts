/**
 * The fast forward and backward pass over one sequence of character indices — the same maths as
 * src/reference (eqs. (1)–(6), (15), (16)–(26)) on Float64Arrays, with buffers reused between calls.
 * It is trusted only because spec/engine/ proves it equal to the reference.
 *
 * Shapes: nA = hidden size, V = vocabulary size (nX = nY = V), T = sequence length.
 * Inputs are indices or null (the zero vector); targets are indices. Row-major storage, so the
 * backward products Wyaᵀ·dy and Waaᵀ·dz run along rows (axpy form) and need no transposed copy.
 */
import type { FastParams } from './model.js';

/**
 * Σ of n values from `off`, added in numpy's order for `e_x.sum(axis=0)`: the first value, plus
 * the pairwise sum of the rest (8 running sums for 8 or more values), so softmax's denominator
 * rounds as the template's does.
 */
export function numpySum(v: Float64Array, off: number, n: number): number {
  const rest = n - 1;
  const s = off + 1;
  if (rest < 8) {
    let r = 0;
    for (let i = 0; i < rest; i++) r += v[s + i];
    return v[off] + r;
  }
  let r0 = v[s], r1 = v[s + 1], r2 = v[s + 2], r3 = v[s + 3], r4 = v[s + 4], r5 = v[s + 5], r6 = v[s + 6], r7 = v[s + 7];
  let i = 8;
  for (; i < rest - (rest % 8); i += 8) {
    r0 += v[s + i];
    r1 += v[s + i + 1];
    r2 += v[s + i + 2];
    r3 += v[s + i + 3];
    r4 += v[s + i + 4];
    r5 += v[s + i + 5];
    r6 += v[s + i + 6];
    r7 += v[s + i + 7];
  }
  let r = (r0 + r1 + (r2 + r3)) + (r4 + r5 + (r6 + r7));
  for (; i < rest; i++) r += v[s + i];
  return v[off] + r;
}

/** Buffers for sequences up to `capacity` steps; grown on demand. */
export class Workspace {
  capacity = 0;
  /** a⟨0⟩ … a⟨T⟩, (T+1)×nA. */
  a = new Float64Array(0);
  /** ŷ⟨1⟩ … ŷ⟨T⟩, T×V, after `forward`; `backward` overwrites it with ∂l/∂o⟨t⟩ = ŷ⟨t⟩ − y⟨t⟩. */
  yHat = new Float64Array(0);
  /** ∂L/∂z⟨t⟩ per step, T×nA (the backward pass's batch for dWaa). */
  dz = new Float64Array(0);
  readonly da: Float64Array;
  readonly WaaT: Float64Array;
  readonly WyaT: Float64Array;
  readonly grads: FastGradients;

  constructor(readonly nA: number, readonly V: number) {
    this.da = new Float64Array(nA);
    this.WaaT = new Float64Array(nA * nA);
    this.WyaT = new Float64Array(nA * V);
    this.grads = {
      dWax: new Float64Array(nA * V),
      dWaa: new Float64Array(nA * nA),
      dWya: new Float64Array(V * nA),
      dba: new Float64Array(nA),
      dby: new Float64Array(V),
      da0: new Float64Array(nA),
    };
  }

  ensure(T: number): void {
    if (T <= this.capacity) return;
    this.capacity = Math.max(T, 2 * this.capacity);
    this.a = new Float64Array((this.capacity + 1) * this.nA);
    this.yHat = new Float64Array(this.capacity * this.V);
    this.dz = new Float64Array(this.capacity * this.nA);
  }
}

export interface FastGradients {
  readonly dWax: Float64Array;
  readonly dWaa: Float64Array;
  readonly dWya: Float64Array;
  readonly dba: Float64Array;
  readonly dby: Float64Array;
  readonly da0: Float64Array;
}

/** Eqs. (1)–(6) and (15): fills ws.a and ws.yHat, returns L = −Σ log ŷ⟨t⟩[Y⟨t⟩] (as the template). */
export function forward(p: FastParams, X: readonly (number | null)[], Y: readonly number[], a0: Float64Array, ws: Workspace): number {
  const { nA, V, Wax, Waa, Wya, ba, by } = p;
  const T = X.length;
  ws.ensure(T);
  const { a, yHat } = ws;
  a.set(a0, 0);
  let loss = 0;
  for (let t = 0; t < T; t++) {
    const prev = t * nA;
    const cur = prev + nA;
    const x = X[t];
    // eq. (4): z = Wax·x + Waa·aPrev + ba, with Wax·x the column x of Wax for a one-hot x
    for (let i = 0; i < nA; i++) {
      const wx = x === null ? 0 : Wax[i * V + x];
      a[cur + i] = Math.tanh(wx + dot(Waa, i * nA, a, prev, nA) + ba[i]); // eq. (3)
    }
    // eqs. (6), (5): o = Wya·a + by, ŷ = softmax(o) with the max-shift
    const yo = t * V;
    let max = -Infinity;
    for (let k = 0; k < V; k++) {
      const o = dot(Wya, k * nA, a, cur, nA) + by[k];
      yHat[yo + k] = o;
      if (o > max) max = o;
    }
    for (let k = 0; k < V; k++) yHat[yo + k] = Math.exp(yHat[yo + k] - max);
    const sum = numpySum(yHat, yo, V);
    for (let k = 0; k < V; k++) yHat[yo + k] /= sum;
    loss -= Math.log(yHat[yo + Y[t]]); // one term of eq. (15)
  }
  return loss;
}

/** Dot product of n values at a[ao…] and b[bo…], with 4 running sums. */
function dot(a: Float64Array, ao: number, b: Float64Array, bo: number, n: number): number {
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  let j = 0;
  for (; j + 3 < n; j += 4) {
    s0 += a[ao + j] * b[bo + j];
    s1 += a[ao + j + 1] * b[bo + j + 1];
    s2 += a[ao + j + 2] * b[bo + j + 2];
    s3 += a[ao + j + 3] * b[bo + j + 3];
  }
  for (; j < n; j++) s0 += a[ao + j] * b[bo + j];
  return s0 + s1 + (s2 + s3);
}

/** out (c×r) = Mᵀ for M (r×c), row-major. */
function transposeInto(M: Float64Array, r: number, c: number, out: Float64Array): void {
  for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) out[j * r + i] = M[i * c + j];
}

/** W (m×n) += Σₜ U[t]·P[t]ᵀ for t < T: columns U[t] (m) at stride m and P[t] (n) at stride n from pOff. */
function accumulateOuter(W: Float64Array, m: number, n: number, U: Float64Array, P: Float64Array, pOff: number, T: number): void {
  for (let i = 0; i < m; i++) {
    const row = i * n;
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let t = 0; t < T; t++) s += U[t * m + i] * P[pOff + t * n + j];
      W[row + j] += s;
    }
  }
}

/** Eqs. (16)–(26) after `forward` on the same X, Y: fills ws.grads (including da0). */
export function backward(p: FastParams, X: readonly (number | null)[], Y: readonly number[], ws: Workspace): FastGradients {
  const { nA, V, Waa, Wya } = p;
  const T = X.length;
  const { a, yHat, dz, da, grads, WaaT, WyaT } = ws;
  const { dWax, dWaa, dWya, dba, dby, da0 } = grads;
  transposeInto(Waa, nA, nA, WaaT); // so that Waaᵀ·dz and Wyaᵀ·dy are row-wise dot products
  transposeInto(Wya, V, nA, WyaT);
  dWax.fill(0);
  dWaa.fill(0);
  dWya.fill(0);
  dba.fill(0);
  dby.fill(0);
  da0.fill(0); // holds Waaᵀ·dz⟨t+1⟩ while walking back; ends as ∂L/∂a⟨0⟩
  const dy = yHat; // ∂l/∂o = ŷ − y, written over ŷ (forward is done with it)
  for (let t = T - 1; t >= 0; t--) {
    const cur = (t + 1) * nA;
    const yo = t * V;
    dy[yo + Y[t]] -= 1;
    for (let k = 0; k < V; k++) dby[k] += dy[yo + k]; // (19)
    // (20)–(21): da = Wyaᵀ·dy + Waaᵀ·dz⟨t+1⟩
    for (let j = 0; j < nA; j++) da[j] = dot(WyaT, j * V, dy, yo, V) + da0[j];
    // (23): dz = da ⊙ (1 − a²); (26), (25): dba += dz, dWax[:, x] += dz
    const zo = t * nA;
    const x = X[t];
    for (let i = 0; i < nA; i++) {
      const ai = a[cur + i];
      const d = da[i] * (1 - ai * ai);
      dz[zo + i] = d;
      dba[i] += d;
      if (x !== null) dWax[i * V + x] += d;
    }
    // the recurrent term for step t: Waaᵀ·dz⟨t⟩
    for (let j = 0; j < nA; j++) da0[j] = dot(WaaT, j * nA, dz, zo, nA);
  }
  accumulateOuter(dWya, V, nA, dy, a, nA, T); // (18): dWya = Σₜ dy⟨t⟩·a⟨t⟩ᵀ
  accumulateOuter(dWaa, nA, nA, dz, a, 0, T); // (24): dWaa = Σₜ dz⟨t⟩·a⟨t−1⟩ᵀ
  return grads;
}

/** Clips every gradient elementwise to [−c, c], in place (NaN stays NaN). */
export function clipInPlace(g: FastGradients, c: number): void {
  for (const arr of [g.dWax, g.dWaa, g.dWya, g.dba, g.dby, g.da0]) {
    for (let k = 0; k < arr.length; k++) {
      const v = arr[k];
      if (v > c) arr[k] = c;
      else if (v < -c) arr[k] = -c;
    }
  }
}

/** SGD in place: θ ← θ − lr·∂L/∂θ, as the template's update_parameters (θ += −lr·g). */
export function sgdInPlace(p: FastParams, g: FastGradients, lr: number): void {
  const pairs: [Float64Array, Float64Array][] = [
    [p.Wax, g.dWax],
    [p.Waa, g.dWaa],
    [p.Wya, g.dWya],
    [p.ba, g.dba],
    [p.by, g.dby],
  ];
  for (const [w, d] of pairs) for (let k = 0; k < w.length; k++) w[k] += -lr * d[k];
}
