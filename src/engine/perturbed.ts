/**
 * L (eqs. (1)–(6), (15)) of many copies of one model, each with one entry of Wax, Waa, Wya, ba, by
 * or a⟨0⟩ set to a value of its own: what central differences evaluate, entry by entry, many times.
 * Every loss is bit for bit the loss src/engine/rnn.ts `forward` returns for that copy (same
 * operations in the same order; spec/engine/perturbed.spec.ts checks it), computed with less work:
 *   - hidden-path copies (Wax, Waa, ba, a⟨0⟩) travel BATCH at a time as the columns of nA×BATCH
 *     matrices, so Waa·a⟨t−1⟩ and Wya·a⟨t⟩ are one `matvecColumns` call (SIMD, each column summed in
 *     matvec's order); a copy with Waa[i][j] changed has its row i redone with the new entry;
 *   - a copy with Wax[i][x] changed is identical to the model until the first step whose input is
 *     x: it starts there, from the model's a⟨t⟩ and partial loss; if x is never input, its L is L;
 *   - a copy with Wya[r][j] or by[r] changed has the model's hidden states: only logit r and the
 *     loss are redone, O(T·(nA + V)).
 *
 * Shapes: nA = hidden size, V = vocabulary size (nX = nY = V), T = sequence length; row-major.
 */
import type { FastParams } from './model.js';
import { kernelsModule, numpySum, type Kernels } from './rnn.js';

/** How many copies travel side by side (columns); even, for the f64x2 lanes. */
export const BATCH = 32;

export type EntrySlot = 'Wax' | 'Waa' | 'Wya' | 'ba' | 'by' | 'a0';

/** A copy of the model: entry k (row-major) of `slot` set to v. */
export interface EntryValue {
  readonly slot: EntrySlot;
  readonly k: number;
  readonly v: number;
}

interface ColumnKernels extends Kernels {
  matvecColumns(M: number, X: number, Y: number, S: number, rows: number, cols: number, width: number): void;
}

/** Σⱼ M[mo + j]·x[xo + j·stride] in the engine's matvec order (kernels.wat), with M[mo + jNew] read as v. */
export function dotInMatvecOrder(M: Float64Array, mo: number, x: Float64Array, xo: number, stride: number, n: number, jNew: number, v: number): number {
  const m = (j: number) => (j === jNew ? v : M[mo + j]);
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  let j = 0;
  for (; j < (n & ~3); j += 4) {
    s0 += m(j) * x[xo + j * stride];
    s1 += m(j + 1) * x[xo + (j + 1) * stride];
    s2 += m(j + 2) * x[xo + (j + 2) * stride];
    s3 += m(j + 3) * x[xo + (j + 3) * stride];
  }
  if (n & 2) {
    s0 += m(j) * x[xo + j * stride];
    s1 += m(j + 1) * x[xo + (j + 1) * stride];
    j += 2;
  }
  const t = s0 + s2 + (s1 + s3);
  return n & 1 ? t + m(j) * x[xo + j * stride] : t;
}

/** Eqs. (5), (15) as `forward` does them: log ŷ_y of the logits o (V values, overwritten by exp(o − max)). */
function logProbability(o: Float64Array, V: number, y: number): number {
  let max = -Infinity;
  for (let j = 0; j < V; j++) if (o[j] > max) max = o[j];
  for (let j = 0; j < V; j++) o[j] = Math.exp(o[j] - max);
  return Math.log(o[y] / numpySum(o, 0, V));
}

/** One hidden-path copy: what it changes (row i, column j; x for Wax) and from which step it differs. */
interface Column {
  readonly slot: 'Wax' | 'Waa' | 'ba' | 'a0';
  readonly i: number;
  readonly j: number;
  readonly v: number;
  readonly start: number;
  readonly at: number;
}

/** The losses of many copies of one model (see the file's comment). */
export class PerturbedLosses {
  private readonly k: ColumnKernels;
  private readonly Waa: Float64Array;
  private readonly Wya: Float64Array;
  private readonly A: Float64Array;
  private readonly Z: Float64Array;
  private readonly O: Float64Array;
  private readonly S: Float64Array;
  /** The model's own pass: a⟨0⟩…a⟨T⟩, Wya·a⟨t⟩ before by, and L after each step (0 first). */
  private readonly a: Float64Array;
  private readonly o: Float64Array;
  private readonly partial: Float64Array;
  private readonly e: Float64Array;
  private readonly first: Map<number, number>;

  constructor(private readonly p: FastParams, private readonly X: readonly (number | null)[], private readonly Y: readonly number[], private readonly a0: Float64Array) {
    const { nA, V } = p;
    const T = X.length;
    this.k = new WebAssembly.Instance(kernelsModule, {}).exports as unknown as ColumnKernels;
    const pages = Math.ceil(((nA * nA + V * nA + 2 * nA * BATCH + V * BATCH + 4 * BATCH) * 8) / 65536);
    if (pages > 1) this.k.memory.grow(pages - 1);
    let offset = 0;
    const take = (n: number) => new Float64Array(this.k.memory.buffer, (offset += n) * 8 - n * 8, n);
    this.Waa = take(nA * nA);
    this.Wya = take(V * nA);
    this.A = take(nA * BATCH);
    this.Z = take(nA * BATCH);
    this.O = take(V * BATCH);
    this.S = take(4 * BATCH);
    this.Waa.set(p.Waa);
    this.Wya.set(p.Wya);
    this.a = new Float64Array((T + 1) * nA);
    this.o = new Float64Array(T * V);
    this.partial = new Float64Array(T + 1);
    this.e = new Float64Array(V);
    this.first = new Map();
    X.forEach((x, t) => {
      if (x !== null && !this.first.has(x)) this.first.set(x, t);
    });
    this.a.set(a0);
    const own = new Float64Array(1);
    this.run([{ slot: 'ba', i: 0, j: 0, v: p.ba[0], start: 0, at: 0 }], own, true);
  }

  /** L of each copy, in the order asked. */
  losses(copies: readonly EntryValue[]): Float64Array {
    const { nA, V } = this.p;
    const out = new Float64Array(copies.length);
    const hidden: Column[] = [];
    copies.forEach(({ slot, k, v }, at) => {
      if (slot === 'Wya' || slot === 'by') out[at] = this.outputLoss(slot === 'by' ? k : Math.floor(k / nA), slot === 'by' ? -1 : k % nA, v);
      else if (slot === 'a0' || slot === 'ba') hidden.push({ slot, i: k, j: 0, v, start: 0, at });
      else if (slot === 'Waa') hidden.push({ slot, i: Math.floor(k / nA), j: k % nA, v, start: 0, at });
      else {
        const start = this.first.get(k % V);
        if (start === undefined) out[at] = this.partial[this.X.length];
        else hidden.push({ slot, i: Math.floor(k / V), j: k % V, v, start, at });
      }
    });
    hidden.sort((c1, c2) => c1.start - c2.start);
    for (let b0 = 0; b0 < hidden.length; b0 += BATCH) this.run(hidden.slice(b0, b0 + BATCH), out, false);
    return out;
  }

  /** L with Wya[r][j] (or by[r], j = −1) set to v: the model's a⟨t⟩, logit r redone. */
  private outputLoss(r: number, j: number, v: number): number {
    const { nA, V, by } = this.p;
    const o = new Float64Array(V);
    let loss = 0;
    for (let t = 0; t < this.X.length; t++) {
      for (let c = 0; c < V; c++) o[c] = this.o[t * V + c] + by[c];
      if (j < 0) o[r] = this.o[t * V + r] + v;
      else o[r] = dotInMatvecOrder(this.Wya, r * nA, this.a, (t + 1) * nA, 1, nA, j, v) + by[r];
      loss -= logProbability(o, V, this.Y[t]);
    }
    return loss;
  }

  /** Eqs. (3)–(6), (15) for a batch of columns from the earliest start; `record` keeps the model's own pass. */
  private run(cols: readonly Column[], out: Float64Array, record: boolean): void {
    const { nA, V, Wax, ba, by } = this.p;
    const { A, Z, O, e, k } = this;
    const W = cols.length + (cols.length % 2);
    const t0 = cols[0].start;
    const loss = cols.map(() => this.partial[t0]);
    for (let i = 0; i < nA; i++) {
      for (let b = 0; b < W; b++) A[i * W + b] = record ? this.a0[i] : this.a[t0 * nA + i];
    }
    cols.forEach((c, b) => {
      if (c.slot === 'a0') A[c.i * W + b] = c.v;
    });
    for (let t = t0; t < this.X.length; t++) {
      const x = this.X[t];
      // eq. (4): z = Wax·x + Waa·a⟨t−1⟩ + ba, as (Wax·x + Waa·a⟨t−1⟩) + ba
      k.matvecColumns(this.Waa.byteOffset, A.byteOffset, Z.byteOffset, this.S.byteOffset, nA, nA, W);
      cols.forEach((c, b) => {
        if (c.slot === 'Waa') Z[c.i * W + b] = dotInMatvecOrder(this.Waa, c.i * nA, A, b, W, nA, c.j, c.v);
      });
      for (let i = 0; i < nA; i++) {
        const wx = x === null ? 0 : Wax[i * V + x];
        for (let b = 0; b < W; b++) A[i * W + b] = Math.tanh(wx + Z[i * W + b] + ba[i]); // eq. (3)
      }
      cols.forEach((c, b) => {
        const n = c.i * W + b;
        if (c.slot === 'ba') A[n] = Math.tanh((x === null ? 0 : Wax[c.i * V + x]) + Z[n] + c.v);
        else if (c.slot === 'Wax' && x === c.j) A[n] = Math.tanh(c.v + Z[n] + ba[c.i]);
      });
      // eq. (6): o = Wya·a⟨t⟩ + by; eqs. (5), (15)
      k.matvecColumns(this.Wya.byteOffset, A.byteOffset, O.byteOffset, this.S.byteOffset, V, nA, W);
      if (record) this.keep(t, W);
      for (let b = 0; b < cols.length; b++) {
        for (let c = 0; c < V; c++) e[c] = O[c * W + b] + by[c];
        loss[b] -= logProbability(e, V, this.Y[t]);
        if (record) this.partial[t + 1] = loss[b];
      }
    }
    cols.forEach((c, b) => (out[c.at] = loss[b]));
  }

  /** The model's own a⟨t+1⟩ and Wya·a⟨t+1⟩ (column 0). */
  private keep(t: number, W: number): void {
    const { nA, V } = this.p;
    for (let i = 0; i < nA; i++) this.a[(t + 1) * nA + i] = this.A[i * W];
    for (let c = 0; c < V; c++) this.o[t * V + c] = this.O[c * W];
  }
}
