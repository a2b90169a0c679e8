/**
 * What every cell shares: the output layer and the summed loss — (L8)–(L9), (G7)–(G8), (D3)–(D4),
 * which are eqs. (2), (5), (6), (15) of the vanilla model — and its backward step, (L11)–(L13),
 * (G9)–(G10), (D5): do = ŷ − y, dWya += do·aᵀ, dby += do, and Wyaᵀ·do for the top state.
 */
import type { Num } from './num.js';
import type { Rows, Vec } from './vec.js';

/** How a computation departs from the correct one (all absent: the oracle). */
export interface CellSlip {
  /** (L19) left out: dc⟨t−1⟩ = 0 instead of dc⟨t⟩ ⊙ Γf. */
  readonly noCellCarry?: boolean;
  /** (L14) with c⟨t⟩ where tanh(c⟨t⟩) belongs. */
  readonly outputGateUsesC?: boolean;
  /** (L15) without the tanh derivative: da⊙Γo instead of da⊙Γo⊙(1 − tanh²c). */
  readonly cellTanhDerivativeDropped?: boolean;
  /** σ'(z) written as σ(z) in every gate's derivative: (L14), (L16), (L17); (G12), (G17). */
  readonly sigmoidPrimeAsSigmoid?: boolean;
  /** (G11)–(G13): the blend's path weighted by (1 − Γu) left out. */
  readonly dropOneMinusPath?: boolean;
  /** (D6): the layer below gets no Wax[l+1]ᵀ·dz[l+1] from the layer above. */
  readonly noGradientFromAbove?: boolean;
}

/** One run of a cell over the sequence: the loss, the (top) states, ŷ, and every gradient by name (states' too). */
export interface CellRun<N> {
  readonly loss: N;
  readonly a: N[][];
  readonly yHat: N[][];
  readonly grads: Record<string, Rows<N>>;
}

/** The output layer's forward at one step: ŷ = softmax(Wya·a + by) with the max-shift, and l = logSumExp(o) − o_target. */
export function outputForward<N>(A: Num<N>, V: Vec<N>, Wya: Rows<N>, by: Rows<N>, a: readonly N[], target: number): { yHat: N[]; loss: N } {
  const o = V.bias(V.matvec(Wya, a), by);
  const m = o.reduce((mx, v) => (A.gt(v, mx) ? v : mx), o[0]);
  const e = o.map((v) => A.exp(A.sub(v, m)));
  const sum = e.reduce((s, v) => A.add(s, v), V.zero);
  return { yHat: e.map((v) => A.div(v, sum)), loss: A.sub(A.add(m, A.log(sum)), o[target]) };
}

/** The output layer's backward at one step: adds do·aᵀ and do into dWya, dby; returns Wyaᵀ·do. */
export function outputBackward<N>(A: Num<N>, V: Vec<N>, Wya: Rows<N>, g: Record<string, Rows<N>>, yHat: readonly N[], target: number, a: readonly N[]): N[] {
  const dO = yHat.map((v, k) => (k === target ? A.sub(v, V.one) : v));
  V.addOuter(g.Wya, dO, a);
  V.addOuter(g.by, dO, [V.one]);
  return V.matTvec(Wya, dO);
}

/** Zero sums for every name of `shapes`. */
export function zeroSums<N>(V: Vec<N>, shapes: Record<string, number[][]>): Record<string, Rows<N>> {
  return Object.fromEntries(Object.entries(shapes).map(([k, rows]) => [k, V.zeros(rows.length, rows[0].length)]));
}
