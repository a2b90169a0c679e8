/**
 * An RNN written again from scratch on plain number arrays, as a user would write it (loops over a
 * Python-like list of states), with switches for the mistakes people make. It shares no code with
 * src/reference: the diagnosis specs build each mistake here, independently of the Variants that
 * src/conformance/mistakes.ts computes through the reference.
 *
 * Shapes: nA = hidden size, nX = input size, nY = output size, T = sequence length.
 */
import type { ParsedCase } from '../../src/conformance/case.js';
import type { Quantities } from '../../src/conformance/evaluate.js';

export interface PlainMistakes {
  /** Which state eq. (24) pairs with dz⟨t⟩: a⟨t−1⟩ (right), a⟨t⟩, or `hs[t - 1]` on a list of a⟨1⟩…a⟨T⟩ (wraps at t = 1). */
  readonly aPrevInDWaa?: 'prev' | 'current' | 'list-wrap';
  /** dz = da, no (1 − a²) anywhere. */
  readonly noTanhDerivative?: boolean;
  readonly meanLoss?: boolean;
  /** Clips the gradients in place before returning them (min-char-rnn's np.clip(..., out=...)), at this bound. */
  readonly clipInPlace?: number;
  /** loss += −log(ŷ[target]) from the probabilities (underflows) instead of log-softmax. */
  readonly lossFromProbabilities?: boolean;
  /** The backward loop stops before step 1 (`range(T - 1, 0, -1)`). */
  readonly skipFirstStep?: boolean;
  /** dWaa = … instead of dWaa += …. */
  readonly assignDWaa?: boolean;
  readonly update?: 'sgd' | 'adagrad';
  /** dWya += do·a⟨t−1⟩ᵀ. */
  readonly dWyaWithPrev?: boolean;
  /** In the backward pass only, a null input is taken as the one-hot vector of index 0. */
  readonly nullAsIndex0InBackward?: boolean;
  /** do = y − ŷ. */
  readonly negateDo?: boolean;
  /** ∂L/∂a⟨0⟩ returned wrong: zero, dz⟨1⟩ (Waaᵀ forgotten), Waaᵀ·da⟨1⟩, da⟨1⟩, or Waa·dz⟨1⟩. */
  readonly da0?: 'zero' | 'no-Waa' | 'no-tanh' | 'da1' | 'Waa-not-transposed';
  /** dWax += dz·(one-hot target)ᵀ: the targets where the inputs belong. */
  readonly dWaxWithTargets?: boolean;
}

type Vec = number[];
type Mat = number[][];
const zerosM = (r: number, c: number): Mat => Array.from({ length: r }, () => new Array<number>(c).fill(0));
const mv = (M: Mat, v: Vec): Vec => M.map((row) => row.reduce((s, x, j) => s + x * v[j], 0));
const mtv = (M: Mat, v: Vec): Vec => M[0].map((_, j) => M.reduce((s, row, i) => s + row[j] * v[i], 0));
const addOuter = (M: Mat, u: Vec, v: Vec, assign = false) => u.forEach((ui, i) => v.forEach((vj, j) => (M[i][j] = (assign ? 0 : M[i][j]) + ui * vj)));
const flat = (v: readonly (number | readonly number[])[]): Vec => v.map((x) => (Array.isArray(x) ? x[0] : x) as number);

/** Forward, eqs. (1)–(6), (15); backward, eqs. (18)–(26); clip; one update — with the chosen mistakes. */
export function plainRnn(c: ParsedCase, k: PlainMistakes = {}): Quantities {
  const p = c.json.params;
  const [Wax, Waa, Wya, ba, by] = [p.Wax, p.Waa, p.Wya, flat(p.ba), flat(p.by)] as [Mat, Mat, Mat, Vec, Vec];
  const [nA, nX, nY] = [ba.length, Wax[0].length, by.length];
  const encode = (x: (typeof c.json.inputs)[number], backward = false): Vec =>
    x === null ? Array.from({ length: nX }, (_, i) => (backward && k.nullAsIndex0InBackward && i === 0 ? 1 : 0)) : typeof x === 'number' ? Array.from({ length: nX }, (_, i) => (i === x ? 1 : 0)) : [...x];
  const a0 = c.json.a0 ? flat(c.json.a0) : new Array<number>(nA).fill(0);
  const hs: Vec[] = [];
  const ys: Vec[] = [];
  let loss = 0;
  let aPrev = a0;
  c.json.inputs.forEach((input, t) => {
    const z = mv(Wax, encode(input)).map((v, i) => v + mv(Waa, aPrev)[i] + ba[i]);
    const a = z.map(Math.tanh);
    const o = mv(Wya, a).map((v, i) => v + by[i]);
    const m = Math.max(...o);
    const e = o.map((v) => Math.exp(v - m));
    const s = e.reduce((x, y) => x + y, 0);
    const target = c.json.targets[t];
    loss += k.lossFromProbabilities ? -Math.log(e[target] / s) : m + Math.log(s) - o[target];
    hs.push(a);
    ys.push(e.map((v) => v / s));
    aPrev = a;
  });
  const T = hs.length;
  const g = { Wax: zerosM(nA, nX), Waa: zerosM(nA, nA), Wya: zerosM(nY, nA), ba: zerosM(nA, 1), by: zerosM(nY, 1), a0: zerosM(nA, 1) };
  let daNext = new Array<number>(nA).fill(0);
  const first = { da: daNext, dz: daNext };
  const stateBefore = (t: number) => (t === 0 ? a0 : hs[t - 1]);
  for (let t = T - 1; t >= (k.skipFirstStep ? 1 : 0); t--) {
    const dO = ys[t].map((v, i) => (k.negateDo ? -1 : 1) * (v - (i === c.json.targets[t] ? 1 : 0)));
    addOuter(g.Wya, dO, k.dWyaWithPrev ? stateBefore(t) : hs[t]);
    dO.forEach((v, i) => (g.by[i][0] += v));
    const da = mtv(Wya, dO).map((v, i) => v + daNext[i]);
    const dz = da.map((v, i) => (k.noTanhDerivative ? v : v * (1 - hs[t][i] * hs[t][i])));
    const mode = k.aPrevInDWaa ?? 'prev';
    const aForWaa = mode === 'current' ? hs[t] : mode === 'list-wrap' ? hs.at(t - 1)! : stateBefore(t);
    addOuter(g.Waa, dz, aForWaa, k.assignDWaa);
    addOuter(g.Wax, dz, k.dWaxWithTargets ? encode(c.json.targets[t]) : encode(c.json.inputs[t], true));
    dz.forEach((v, i) => (g.ba[i][0] += v));
    daNext = mtv(Waa, dz);
    Object.assign(first, { da, dz });
  }
  const da0 = { zero: daNext.map(() => 0), 'no-Waa': first.dz, 'no-tanh': mtv(Waa, first.da), da1: first.da, 'Waa-not-transposed': mv(Waa, first.dz) };
  (k.da0 ? da0[k.da0] : daNext).forEach((v, i) => (g.a0[i][0] = v));
  if (k.meanLoss) loss /= T;
  const clipAll = (bound: number) => Object.fromEntries(Object.entries(g).map(([n, M]) => [n, M.map((r) => r.map((v) => Math.max(-bound, Math.min(bound, v))))])) as typeof g;
  const gradients = k.clipInPlace === undefined ? g : clipAll(k.clipInPlace);
  const q: Quantities = { loss, a: hs, yHat: ys, gradients };
  const step = c.clip === undefined ? gradients : clipAll(c.clip);
  if (c.clip !== undefined) q.clipped = step;
  if (c.lr !== undefined) {
    const lr = c.lr;
    // Adagrad from a fresh memory m = d², with min-char-rnn's ε = 1e-8 under the root.
    const move = (v: number, d: number) => (k.update === 'adagrad' ? v - (lr * d) / Math.sqrt(d * d + 1e-8) : v - lr * d);
    const upd = (P: Mat, G: Mat) => P.map((r, i) => r.map((v, j) => move(v, G[i][j])));
    q.updated = { Wax: upd(Wax, step.Wax), Waa: upd(Waa, step.Waa), Wya: upd(Wya, step.Wya), ba: upd(ba.map((v) => [v]), step.ba), by: upd(by.map((v) => [v]), step.by) };
  }
  return q;
}
