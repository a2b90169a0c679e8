/**
 * How much of the last step's loss gradient reaches each earlier hidden state: ∂l⟨T⟩/∂a⟨t⟩ for
 * t = T, T−1, …, 0, i.e. lag k = T − t = 0…T. Starting from ∂l⟨T⟩/∂a⟨T⟩ = Wyaᵀ·(ŷ⟨T⟩ − y⟨T⟩)
 * (eqs. (16)–(20) for step T alone), each step back multiplies by one Jacobian's transpose
 * (src/flow/jacobians.ts):
 *   ∂l⟨T⟩/∂a⟨t−1⟩ = (∂a⟨t⟩/∂a⟨t−1⟩)ᵀ · ∂l⟨T⟩/∂a⟨t⟩,
 * so ∂l⟨T⟩/∂a⟨t⟩ = (J⟨t+1⟩ᵀ ⋯ J⟨T⟩ᵀ)·∂l⟨T⟩/∂a⟨T⟩ — eq. (22)'s product. The LSTM's state is the
 * pair (a, c), and its walk carries both halves; ∂l⟨T⟩/∂c⟨T⟩ starts at zero.
 *
 * Shapes: nA = hidden size, V = vocabulary size (nX = nY = V), T = sequence length.
 */
import type { Input } from '../reference/inputs.js';
import { forwardSequence } from '../reference/bptt.js';
import { backpropOutput } from '../reference/cell.js';
import { gruForward } from '../reference/gru/bptt.js';
import type { GruParams } from '../reference/gru/types.js';
import { entries, matmul, plus, realPart, transpose, zeros, type Matrix } from '../reference/linalg.js';
import { lstmForward } from '../reference/lstm/bptt.js';
import type { LstmParams } from '../reference/lstm/types.js';
import { softmaxCrossEntropyGradient } from '../reference/softmax.js';
import type { Params } from '../reference/types.js';
import { NumpyRandom } from '../random/numpy.js';
import { gruStepJacobian, lstmStepJacobian, rnnStepJacobian } from './jacobians.js';

/** A model whose gradient flow is measured: the cell and its reference parameters. */
export type FlowModel =
  | { readonly cell: 'rnn'; readonly params: Params }
  | { readonly cell: 'lstm'; readonly params: LstmParams }
  | { readonly cell: 'gru'; readonly params: GruParams };

/** ∂l⟨T⟩/∂a⟨t⟩ (and for the LSTM ∂l⟨T⟩/∂c⟨t⟩) for t = 0…T: `da[t]`, `dc[t]`. */
export interface LastLossGradients {
  readonly da: readonly Matrix[];
  readonly dc?: readonly Matrix[];
}

/** A sequence as the template feeds one: x⟨1⟩ = 0 (its None), then one-hot characters. */
export interface FlowSequence {
  readonly inputs: readonly Input[];
  readonly targets: readonly number[];
}

/** T steps of uniformly random characters from numpy's stream: x⟨1⟩ = 0, then inputs, then targets. */
export function randomSequence(rng: NumpyRandom, V: number, T: number): FlowSequence {
  const inputs: Input[] = Array.from({ length: T }, (_, t) => (t === 0 ? null : rng.interval(V - 1)));
  return { inputs, targets: Array.from({ length: T }, () => rng.interval(V - 1)) };
}

/** Eqs. (16)–(20) for the last step alone — ∂l⟨T⟩/∂a⟨T⟩ = Wyaᵀ·(ŷ⟨T⟩ − y⟨T⟩). */
function lastStepGradient(Wya: Matrix, yHat: Matrix, target: number): Matrix {
  return backpropOutput({ Wya } as Params, softmaxCrossEntropyGradient(yHat, target));
}

/** Jᵀ·v, one step back of the walk. */
const back = (J: Matrix, v: Matrix): Matrix => matmul(transpose(J), v);

/** ∂l⟨T⟩/∂a⟨t⟩ for t = 0…T through the product of the step Jacobians (a⟨0⟩ and c⟨0⟩ zero). */
export function lastLossGradients(model: FlowModel, { inputs, targets }: FlowSequence): LastLossGradients {
  const T = inputs.length;
  if (T < 1) throw new RangeError(`lastLossGradients: the sequence needs T ≥ 1 steps, got ${T}`);
  const da: Matrix[] = new Array<Matrix>(T + 1);
  if (model.cell === 'rnn') {
    const { steps } = forwardSequence(model.params, inputs, targets);
    da[T] = lastStepGradient(model.params.Wya, steps[T - 1].yHat, steps[T - 1].target);
    for (let t = T; t >= 1; t--) da[t - 1] = back(rnnStepJacobian(model.params, steps[t - 1].a), da[t]); // eq. (22)
    return { da };
  }
  if (model.cell === 'gru') {
    const { steps } = gruForward(model.params, inputs, targets);
    da[T] = lastStepGradient(model.params.Wya, steps[T - 1].yHat, steps[T - 1].target);
    for (let t = T; t >= 1; t--) da[t - 1] = back(gruStepJacobian(model.params, steps[t - 1]), da[t]); // (G1)–(G6)
    return { da };
  }
  const { steps } = lstmForward(model.params, inputs, targets);
  const dc: Matrix[] = new Array<Matrix>(T + 1);
  da[T] = lastStepGradient(model.params.Wya, steps[T - 1].yHat, steps[T - 1].target);
  dc[T] = zeros(da[T].size()[0], 1);
  for (let t = T; t >= 1; t--) {
    // [da; dc]⟨t−1⟩ = [[aa, ac], [ca, cc]]ᵀ · [da; dc]⟨t⟩   — (L2)–(L7)
    const J = lstmStepJacobian(model.params, steps[t - 1]);
    da[t - 1] = plus(back(J.aa, da[t]), back(J.ca, dc[t]));
    dc[t - 1] = plus(back(J.ac, da[t]), back(J.cc, dc[t]));
  }
  return { da, dc };
}

/** The Euclidean norm ‖v‖ of a real column (scaled, so that neither overflow nor underflow spoils it). */
export function norm(v: Matrix): number {
  const x = entries(v).map(realPart);
  const m = Math.max(0, ...x.map(Math.abs));
  return m === 0 ? 0 : m * Math.sqrt(x.reduce((s, xi) => s + (xi / m) ** 2, 0));
}

/** One row of the table: lag k = T − t, the geometric mean over sequences of ‖∂l⟨T⟩/∂a⟨t⟩‖, and its ratio to lag 0. */
export interface FlowRow {
  readonly lag: number;
  readonly norm: number;
  readonly ratio: number;
  /** LSTM only: the same for ‖∂l⟨T⟩/∂c⟨t⟩‖ (zero at lag 0). */
  readonly cellNorm?: number;
}

export interface FlowOptions {
  readonly T: number;
  /** How many random sequences the norms are averaged over (geometrically). */
  readonly sequences: number;
  readonly seed: number;
  /** Called after each sequence with (done, total). */
  readonly onProgress?: (done: number, total: number) => void;
}

/** The geometric mean exp(mean log xᵢ); 0 if any xᵢ is 0. */
export function geometricMean(xs: readonly number[]): number {
  return xs.some((x) => x === 0) ? 0 : Math.exp(xs.reduce((s, x) => s + Math.log(x), 0) / xs.length);
}

/** The vocabulary size of a model: nY, the rows of Wya. */
export function vocabularyOf(model: FlowModel): number {
  return model.params.Wya.size()[0];
}

/** ‖∂l⟨T⟩/∂a⟨T−k⟩‖ for k = 0…T over `sequences` random sequences from numpy's seed(`seed`), geometric means. */
export function flowTable(model: FlowModel, o: FlowOptions): FlowRow[] {
  const rng = new NumpyRandom(o.seed);
  const V = vocabularyOf(model);
  const byLag: number[][] = Array.from({ length: o.T + 1 }, () => []);
  const cellByLag: number[][] = Array.from({ length: o.T + 1 }, () => []);
  for (let s = 0; s < o.sequences; s++) {
    const g = lastLossGradients(model, randomSequence(rng, V, o.T));
    for (let k = 0; k <= o.T; k++) {
      byLag[k].push(norm(g.da[o.T - k]));
      if (g.dc) cellByLag[k].push(norm(g.dc[o.T - k]));
    }
    o.onProgress?.(s + 1, o.sequences);
  }
  const lag0 = geometricMean(byLag[0]);
  return byLag.map((norms, lag) => {
    const n = geometricMean(norms);
    return { lag, norm: n, ratio: lag0 === 0 ? 0 : n / lag0, ...(model.cell === 'lstm' ? { cellNorm: geometricMean(cellByLag[lag]) } : {}) };
  });
}
