/**
 * Every partial derivative ∂L/∂θ (θ each entry of Wax, Waa, Wya, ba, by and a⟨0⟩) by the complex
 * step, Im L(θ + ih) / h, one complex evaluation of eqs. (1)–(6), (15) per entry, batched: B entries
 * are evaluated side by side, their imaginary parts forming the columns of nA×B matrices, so that
 * Waa·Im a⟨t−1⟩ and Wya·Im a⟨t⟩ are matrix products (the SIMD `accOuter` kernel).
 *
 * Re of every intermediate is shared: with Im θ = h, the perturbation reaches a real part only
 * through a product of two imaginary parts, O(h²) = 1e-40 relative, which float64 cannot hold; so
 * Re is the real forward pass (src/engine/rnn.ts), computed once. The imaginary parts follow the
 * complex rules of src/engine/complex-forward.ts (tanh's addition formula, exp, arg of a sum);
 * spec/engine/complex-partials.spec.ts proves the two equal, entry by entry.
 *
 * Work is skipped only where it is exactly zero: Wax[:, x] enters first at the first step whose
 * input is x (never: its partials are 0), and Wya, by do not reach the hidden states.
 *
 * Shapes: nA = hidden size, V = vocabulary size (nX = nY = V), T = sequence length; row-major.
 */
import { cosOf, sinOf, tanhIm, tanOf } from './complex-forward.js';
import type { FastParams } from './model.js';
import { forward, kernelsModule, Workspace, type FastGradients, type Kernels } from './rnn.js';

/** How many entries are evaluated side by side (columns of the imaginary-part matrices). */
export const BATCH = 32;

/** One hidden-path entry: which slot, row i, column j (x for Wax), and its first step. */
interface Column {
  readonly slot: 'Wax' | 'Waa' | 'ba' | 'a0';
  readonly i: number;
  readonly j: number;
  readonly start: number;
}

/** The real forward pass, kept: a⟨0⟩…a⟨T⟩ (T+1)×nA and ŷ⟨1⟩…ŷ⟨T⟩ T×V. */
interface RealPass {
  readonly a: Float64Array;
  readonly yHat: Float64Array;
  /** Σₖ ŷ⟨t⟩ₖ as rounded (1 up to rounding). */
  readonly total: Float64Array;
}

function realPass(p: FastParams, X: readonly (number | null)[], Y: readonly number[], a0: Float64Array): RealPass {
  const ws = new Workspace(p.nA, p.V, Math.max(1, X.length));
  forward(p, X, Y, a0, ws);
  const T = X.length;
  const yHat = ws.yHat.slice(0, T * p.V);
  const total = new Float64Array(T);
  for (let t = 0; t < T; t++) for (let k = 0; k < p.V; k++) total[t] += yHat[t * p.V + k];
  return { a: ws.a.slice(0, (T + 1) * p.nA), yHat, total };
}

/** Memory for one batch in a kernels instance of its own. */
class BatchMemory {
  readonly k: Kernels;
  readonly WaaT: Float64Array;
  readonly WyaT: Float64Array;
  readonly imA: Float64Array;
  readonly imZ: Float64Array;
  readonly imO: Float64Array;

  constructor(p: FastParams) {
    const { nA, V } = p;
    this.k = new WebAssembly.Instance(kernelsModule, {}).exports as unknown as Kernels;
    const doubles = nA * nA + nA * V + 2 * nA * BATCH + V * BATCH;
    const pages = Math.ceil((doubles * 8) / 65536);
    if (pages > 1) this.k.memory.grow(pages - 1);
    let offset = 0;
    const take = (n: number) => new Float64Array(this.k.memory.buffer, (offset += n) * 8 - n * 8, n);
    this.WaaT = take(nA * nA);
    this.WyaT = take(nA * V);
    this.imA = take(nA * BATCH);
    this.imZ = take(nA * BATCH);
    this.imO = take(V * BATCH);
    for (let r = 0; r < nA; r++) for (let c = 0; c < nA; c++) this.WaaT[c * nA + r] = p.Waa[r * nA + c];
    for (let r = 0; r < V; r++) for (let c = 0; c < nA; c++) this.WyaT[c * V + r] = p.Wya[r * nA + c];
  }
}

/** Eq. (15) over ℂ for every column: Im l⟨t⟩ = arg Σₖ ŷₖ·e^{i·Im oₖ} − Im o_y (the positive Σ exp(o − m) divides out of arg). */
function addLossIm(mem: BatchMemory, pass: RealPass, t: number, V: number, y: number, width: number, imL: Float64Array, absL: Float64Array): void {
  const { imO } = mem;
  for (let b = 0; b < width; b++) {
    let sRe = 0;
    let sIm = 0;
    for (let k = 0; k < V; k++) {
      const q = pass.yHat[t * V + k], o = imO[k * BATCH + b];
      sRe += q * cosOf(o);
      sIm += q * sinOf(o);
    }
    const l = Math.atan2(sIm, sRe) - imO[y * BATCH + b];
    imL[b] += l;
    absL[b] += Math.abs(l);
  }
}

/** Im L for one batch of hidden-path columns (eqs. (3)–(6), (15) with Im carried as matrices). */
function runBatch(p: FastParams, X: readonly (number | null)[], Y: readonly number[], pass: RealPass, mem: BatchMemory, cols: readonly Column[], h: number): [Float64Array, Float64Array] {
  const { nA, V } = p;
  const { k, imA, imZ, imO } = mem;
  const width = cols.length;
  const imL = new Float64Array(width);
  const absL = new Float64Array(width);
  imA.fill(0);
  cols.forEach((c, b) => {
    if (c.slot === 'a0') imA[c.i * BATCH + b] = h;
  });
  let live = cols.some((c) => c.slot === 'a0');
  for (let t = Math.min(...cols.map((c) => c.start)); t < X.length; t++) {
    // eq. (4): Im z = Waa·Im a⟨t−1⟩ + Im(θ)·(what θ multiplies)
    imZ.fill(0);
    if (live) k.accOuter(imZ.byteOffset, mem.WaaT.byteOffset, imA.byteOffset, nA, BATCH, nA);
    cols.forEach((c, b) => {
      const at = c.i * BATCH + b;
      if (c.slot === 'Waa') imZ[at] += h * pass.a[t * nA + c.j];
      else if (c.slot === 'ba') imZ[at] += h;
      else if (c.slot === 'Wax' && X[t] === c.j) imZ[at] += h;
    });
    live = live || cols.some((c) => c.start <= t);
    // eq. (3): Im a = Im tanh(Re z + i·Im z), Re z's tanh being the real pass's a⟨t⟩
    for (let i = 0; i < nA; i++) {
      const th = pass.a[(t + 1) * nA + i];
      for (let b = 0; b < width; b++) imA[i * BATCH + b] = tanhIm(th, tanOf(imZ[i * BATCH + b]));
    }
    // eq. (6): Im o = Wya·Im a; eq. (15)
    imO.fill(0);
    k.accOuter(imO.byteOffset, mem.WyaT.byteOffset, imA.byteOffset, V, BATCH, nA);
    addLossIm(mem, pass, t, V, Y[t], width, imL, absL);
  }
  return [imL, absL];
}

/** Im L / h and Σₜ |Im l⟨t⟩| / h for Wya[r][j] or by[r] (j = −1): only logit r has an imaginary part, h·a⟨t⟩ⱼ or h. */
function outputPartial(p: FastParams, Y: readonly number[], pass: RealPass, r: number, j: number, h: number): [number, number] {
  const { nA, V } = p;
  let imL = 0;
  let absL = 0;
  for (let t = 0; t < Y.length; t++) {
    const c = j < 0 ? h : h * pass.a[(t + 1) * nA + j];
    const q = pass.yHat[t * V + r];
    const l = Math.atan2(q * sinOf(c), pass.total[t] - q + q * cosOf(c)) - (Y[t] === r ? c : 0);
    imL += l;
    absL += Math.abs(l);
  }
  return [imL / h, absL / h];
}

const zeroGradients = (nA: number, V: number): FastGradients => ({
  dWax: new Float64Array(nA * V), dWaa: new Float64Array(nA * nA), dWya: new Float64Array(V * nA),
  dba: new Float64Array(nA), dby: new Float64Array(V), da0: new Float64Array(nA),
});

/**
 * ∂L/∂θ for every entry by the complex step with step h, as gradients (dWax … da0), and beside
 * each the sum of its per-step magnitudes Σₜ |Im l⟨t⟩| / h (what its rounding scales with).
 * `onProgress(done, total)` is called after each batch, counted in entries.
 */
export function complexStepPartials(
  p: FastParams,
  X: readonly (number | null)[],
  Y: readonly number[],
  a0: Float64Array,
  h: number,
  onProgress?: (done: number, total: number) => void,
): { partials: FastGradients; magnitudes: FastGradients } {
  const { nA, V } = p;
  const pass = realPass(p, X, Y, a0);
  const g = zeroGradients(nA, V);
  const m = zeroGradients(nA, V);
  const cols: Column[] = [];
  for (let i = 0; i < nA; i++) {
    cols.push({ slot: 'a0', i, j: 0, start: 0 }, { slot: 'ba', i, j: 0, start: 0 });
    for (let j = 0; j < nA; j++) cols.push({ slot: 'Waa', i, j, start: 0 });
    for (let x = 0; x < V; x++) {
      const start = X.indexOf(x);
      if (start >= 0) cols.push({ slot: 'Wax', i, j: x, start });
    }
  }
  cols.sort((c1, c2) => c1.start - c2.start);
  const total = cols.length + V * nA + V;
  const mem = new BatchMemory(p);
  for (let b0 = 0; b0 < cols.length; b0 += BATCH) {
    const batch = cols.slice(b0, b0 + BATCH);
    const [imL, absL] = runBatch(p, X, Y, pass, mem, batch, h);
    batch.forEach((c, b) => {
      const [name, k] = c.slot === 'Waa' ? (['dWaa', c.i * nA + c.j] as const) : c.slot === 'Wax' ? (['dWax', c.i * V + c.j] as const) : ([`d${c.slot}`, c.i] as const);
      g[name][k] = imL[b] / h;
      m[name][k] = absL[b] / h;
    });
    onProgress?.(b0 + batch.length, total);
  }
  for (let r = 0; r < V; r++) {
    for (let j = 0; j < nA; j++) [g.dWya[r * nA + j], m.dWya[r * nA + j]] = outputPartial(p, Y, pass, r, j, h);
    [g.dby[r], m.dby[r]] = outputPartial(p, Y, pass, r, -1, h);
  }
  onProgress?.(total, total);
  return { partials: g, magnitudes: m };
}
