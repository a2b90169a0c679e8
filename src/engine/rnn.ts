/**
 * The fast forward and backward pass over one sequence of character indices — the same maths as
 * src/reference (eqs. (1)–(6), (15), (16)–(26)) in float64, with the matrix products in WebAssembly
 * SIMD (src/engine/kernels.wat) and buffers reused between calls. It is trusted only because
 * spec/engine/ proves it equal to the reference.
 *
 * Shapes: nA = hidden size, V = vocabulary size (nX = nY = V), T = sequence length.
 * Inputs are indices or null (the zero vector); targets are indices. Row-major storage, so Wyaᵀ·dy
 * and Waaᵀ·dz are `vecmat` products over rows and need no transposed copy.
 */
import type { FastParams } from './model.js';
import { KERNELS_WASM_BASE64 } from './kernels-wasm.js';

/** The SIMD kernels' exports (src/engine/kernels.wat). */
export interface Kernels {
  memory: WebAssembly.Memory;
  matvec(M: number, x: number, y: number, rows: number, cols: number): void;
  vecmat(x: number, M: number, y: number, rows: number, cols: number): void;
  accOuter(W: number, U: number, P: number, m: number, n: number, T: number): void;
  clipStep(w: number, g: number, len: number, c: number, lr: number): void;
  firstNaN(g: number, len: number): number;
}

/** The compiled kernels; each instance has its own memory (src/engine/complex-partials.ts makes one). */
export const kernelsModule = new WebAssembly.Module(Buffer.from(KERNELS_WASM_BASE64, 'base64'));

export interface FastGradients {
  readonly dWax: Float64Array;
  readonly dWaa: Float64Array;
  readonly dWya: Float64Array;
  readonly dba: Float64Array;
  readonly dby: Float64Array;
  readonly da0: Float64Array;
}

/** numpy's block size for pairwise summation (PW_BLOCKSIZE in numpy's loops_utils.h). */
const PAIRWISE_BLOCK = 128;

/**
 * Σ of n values from `off`, added in numpy's order for the template's `e_x.sum(axis=0)` (numpy 2.x
 * pairwise summation, checked bit for bit against numpy in spec/engine/workspace.spec.ts): fewer
 * than 8 values one after another; up to 128 with 8 running sums, combined as
 * ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7)), then the remainder; more than 128 split in
 * two halves (the first a multiple of 8) summed the same way. So softmax's denominator rounds as
 * the template's does. numpy's reduction then adds that to its identity +0, so a sum of −0s is +0.
 */
export function numpySum(v: Float64Array, off: number, n: number): number {
  return 0 + pairwiseSum(v, off, n);
}

/** numpy's pairwise summation of n values from `off` (the order `numpySum` describes). */
function pairwiseSum(v: Float64Array, off: number, n: number): number {
  if (n < 8) {
    let r = -0;
    for (let i = 0; i < n; i++) r += v[off + i];
    return r;
  }
  if (n > PAIRWISE_BLOCK) {
    const half = (n >> 1) - ((n >> 1) % 8);
    return pairwiseSum(v, off, half) + pairwiseSum(v, off + half, n - half);
  }
  let r0 = v[off], r1 = v[off + 1], r2 = v[off + 2], r3 = v[off + 3], r4 = v[off + 4], r5 = v[off + 5], r6 = v[off + 6], r7 = v[off + 7];
  let i = 8;
  for (; i < n - (n % 8); i += 8) {
    r0 += v[off + i];
    r1 += v[off + i + 1];
    r2 += v[off + i + 2];
    r3 += v[off + i + 3];
    r4 += v[off + i + 4];
    r5 += v[off + i + 5];
    r6 += v[off + i + 6];
    r7 += v[off + i + 7];
  }
  let r = (r0 + r1 + (r2 + r3)) + (r4 + r5 + (r6 + r7));
  for (; i < n; i++) r += v[off + i];
  return r;
}

/**
 * One WebAssembly memory holding, in float64s: the parameters [Wax | Waa | Wya | ba | by], their
 * gradients in the same order then da0, a⟨0⟩…a⟨T⟩, ŷ⟨1⟩…ŷ⟨T⟩, ∂L/∂z⟨t⟩ per step, and scratch.
 * Sequences longer than `capacity` move everything into a larger memory; the views are then new
 * arrays, so read `ws.params` again after a call rather than keeping its arrays.
 */
export class Workspace {
  capacity = 0;
  private k!: Kernels;
  params!: FastParams;
  grads!: FastGradients;
  /** a⟨0⟩ … a⟨T⟩, (T+1)×nA. */
  a!: Float64Array;
  /** ŷ⟨1⟩ … ŷ⟨T⟩, T×V, after `forward`; `backward` overwrites it with ∂l/∂o⟨t⟩ = ŷ⟨t⟩ − y⟨t⟩. */
  yHat!: Float64Array;
  /** ∂L/∂z⟨t⟩ per step, T×nA (the batch for dWaa). */
  dz!: Float64Array;
  /** ∂L/∂a⟨t⟩ and a scratch vector of max(nA, V). */
  da!: Float64Array;
  tmp!: Float64Array;
  /** The five parameters' length together (the span `clipStep` walks). */
  readonly paramLength: number;

  constructor(readonly nA: number, readonly V: number, capacity = 64) {
    this.paramLength = 2 * nA * V + nA * nA + nA + V;
    this.allocate(capacity);
  }

  /** Makes room for T steps, keeping the parameters and gradients. */
  ensure(T: number): void {
    if (T > this.capacity) this.allocate(Math.max(T, 2 * this.capacity));
  }

  /** Copies `p` into this workspace's parameters (unless it is them). */
  load(p: FastParams): void {
    if (p.nA !== this.nA || p.V !== this.V) throw new RangeError(`parameters are ${p.nA}×${p.V}, the workspace ${this.nA}×${this.V}`);
    if (p.Waa === this.params.Waa) return;
    for (const name of ['Wax', 'Waa', 'Wya', 'ba', 'by'] as const) {
      if (p[name].length !== this.params[name].length) throw new RangeError(`${name} has ${p[name].length} entries, a ${this.nA}×${this.V} model has ${this.params[name].length}`);
    }
    for (const name of ['Wax', 'Waa', 'Wya', 'ba', 'by'] as const) this.params[name].set(p[name]);
  }

  get kernels(): Kernels {
    return this.k;
  }

  private allocate(capacity: number): void {
    const { nA, V } = this;
    const old = this.params ? { params: this.params, grads: this.grads } : undefined;
    const doubles = 2 * this.paramLength + nA + (capacity + 1) * nA + capacity * V + capacity * nA + nA + Math.max(nA, V);
    const exports = new WebAssembly.Instance(kernelsModule, {}).exports as unknown as Kernels;
    const pages = Math.ceil((doubles * 8) / 65536);
    if (pages > 1) exports.memory.grow(pages - 1);
    this.k = exports;
    const buffer = exports.memory.buffer;
    let offset = 0;
    const take = (n: number) => {
      const v = new Float64Array(buffer, offset * 8, n);
      offset += n;
      return v;
    };
    this.params = { nA, V, Wax: take(nA * V), Waa: take(nA * nA), Wya: take(V * nA), ba: take(nA), by: take(V) };
    this.grads = { dWax: take(nA * V), dWaa: take(nA * nA), dWya: take(V * nA), dba: take(nA), dby: take(V), da0: take(nA) };
    this.a = take((capacity + 1) * nA);
    this.yHat = take(capacity * V);
    this.dz = take(capacity * nA);
    this.da = take(nA);
    this.tmp = take(Math.max(nA, V));
    this.capacity = capacity;
    if (old) {
      this.load(old.params);
      for (const name of ['dWax', 'dWaa', 'dWya', 'dba', 'dby', 'da0'] as const) this.grads[name].set(old.grads[name]);
    }
  }
}

/** Eqs. (1)–(6) and (15): fills ws.a and ws.yHat, returns L = −Σ log ŷ⟨t⟩[Y⟨t⟩] (as the template). */
export function forward(p: FastParams, X: readonly (number | null)[], Y: readonly number[], a0: Float64Array, ws: Workspace): number {
  const own = p === ws.params;
  const T = X.length;
  ws.ensure(T);
  if (!own) ws.load(p);
  const { nA, V, Wax, Waa, Wya, ba, by } = ws.params;
  const { a, yHat, tmp, kernels: k } = ws;
  a.set(a0, 0);
  let loss = 0;
  for (let t = 0; t < T; t++) {
    const prev = t * nA;
    const cur = prev + nA;
    const x = X[t];
    // eq. (4): z = Wax·x + Waa·aPrev + ba, with Wax·x the column x of Wax for a one-hot x
    k.matvec(Waa.byteOffset, a.byteOffset + prev * 8, tmp.byteOffset, nA, nA);
    for (let i = 0; i < nA; i++) {
      const wx = x === null ? 0 : Wax[i * V + x];
      a[cur + i] = Math.tanh(wx + tmp[i] + ba[i]); // eq. (3)
    }
    loss += outputStep(k, Wya, by, a, cur, yHat, t, Y[t]);
  }
  return loss;
}

/**
 * Eqs. (6), (5) and one term of (15) — every cell's output layer: fills ŷ⟨t⟩ = yHat[t·V…] =
 * softmax(Wya·a⟨t⟩ + by) (the template's max-shift, numpy's order for the denominator) from
 * a⟨t⟩ = a[aAt…], and returns −log ŷ⟨t⟩[y].
 */
export function outputStep(k: Kernels, Wya: Float64Array, by: Float64Array, a: Float64Array, aAt: number, yHat: Float64Array, t: number, y: number): number {
  const V = by.length;
  const nA = Wya.length / V;
  const yo = t * V;
  k.matvec(Wya.byteOffset, a.byteOffset + aAt * 8, yHat.byteOffset + yo * 8, V, nA);
  let max = -Infinity;
  for (let j = 0; j < V; j++) {
    const o = yHat[yo + j] + by[j];
    yHat[yo + j] = o;
    if (o > max) max = o;
  }
  for (let j = 0; j < V; j++) yHat[yo + j] = Math.exp(yHat[yo + j] - max);
  const sum = numpySum(yHat, yo, V);
  for (let j = 0; j < V; j++) yHat[yo + j] /= sum;
  return -Math.log(yHat[yo + y]);
}

/** Eqs. (16)–(26) after `forward` on the same X, Y (and parameters): fills ws.grads, da0 included. */
export function backward(X: readonly (number | null)[], Y: readonly number[], ws: Workspace): FastGradients {
  const { nA, V, Waa, Wya } = ws.params;
  const T = X.length;
  const { a, yHat, dz, da, grads, kernels: k } = ws;
  const { dWax, dWaa, dWya, dba, dby, da0 } = grads;
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
    for (let j = 0; j < V; j++) dby[j] += dy[yo + j]; // (19)
    // (20)–(21): da = Wyaᵀ·dy + Waaᵀ·dz⟨t+1⟩
    k.vecmat(dy.byteOffset + yo * 8, Wya.byteOffset, da.byteOffset, V, nA);
    for (let j = 0; j < nA; j++) da[j] += da0[j];
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
    k.vecmat(dz.byteOffset + zo * 8, Waa.byteOffset, da0.byteOffset, nA, nA);
  }
  k.accOuter(dWya.byteOffset, dy.byteOffset, a.byteOffset + nA * 8, V, nA, T); // (18): Σₜ dy⟨t⟩·a⟨t⟩ᵀ
  k.accOuter(dWaa.byteOffset, dz.byteOffset, a.byteOffset, nA, nA, T); // (24): Σₜ dz⟨t⟩·a⟨t−1⟩ᵀ
  return grads;
}

const GRADIENT_NAMES = ['dWax', 'dWaa', 'dWya', 'dba', 'dby'] as const;

/**
 * The template's clip and SGD update on the workspace's parameters: each gradient clipped to
 * [−c, c], then θ ← θ + (−lr)·g. If a gradient holds NaN nothing is updated and its name is returned.
 */
export function clipAndStep(ws: Workspace, c: number, lr: number): string | undefined {
  const bad = nanGradient(ws);
  if (bad) return bad;
  ws.kernels.clipStep(ws.params.Wax.byteOffset, ws.grads.dWax.byteOffset, ws.paramLength, c, lr);
  return undefined;
}

/** The name of the first parameter gradient holding NaN, if any (∂L/∂a⟨0⟩ is not looked at). */
export function nanGradient(ws: Workspace): string | undefined {
  const { grads, paramLength, kernels: k } = ws;
  const nan = k.firstNaN(grads.dWax.byteOffset, paramLength);
  if (nan < 0) return undefined;
  let end = 0;
  for (const name of GRADIENT_NAMES) if (nan < (end += grads[name].length)) return name;
  return undefined;
}
