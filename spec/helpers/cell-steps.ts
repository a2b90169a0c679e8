/**
 * One template training step done by the readable references for any cell (shared by
 * spec/engine/gated-cell-engine.spec.ts and spec/train/cell-train.spec.ts): loss, gradients, clip at
 * 5, θ ← θ + (−lr)·g, and the state reached. The LSTM is the split convention, the GRU
 * before-matmul/gate-keeps-old (GRU_VARIANTS[2]).
 */
import { lossAndGradients } from '../../src/reference/bptt.js';
import { clipElementwise } from '../../src/reference/clip.js';
import { deepBackward, deepForward } from '../../src/reference/deep/bptt.js';
import { gruLossAndGradients } from '../../src/reference/gru/bptt.js';
import { GRU_VARIANTS, type GruParams } from '../../src/reference/gru/types.js';
import { column, fromRows, realPart, type Matrix } from '../../src/reference/linalg.js';
import { lstmLossAndGradients } from '../../src/reference/lstm/bptt.js';
import type { LstmParams } from '../../src/reference/lstm/types.js';
import type { Params } from '../../src/reference/types.js';
import type { CellKind } from '../../src/engine/gated-cell-engine.js';

/** Flat named arrays as the reference's matrices, nA×… shapes read from the names' known sizes. */
export function asMatrices(named: Record<string, Float64Array>, rowsOf: (name: string) => number): Record<string, Matrix> {
  return Object.fromEntries(Object.entries(named).map(([n, v]) => {
    const r = rowsOf(n);
    const c = v.length / r;
    return [n, fromRows(Array.from({ length: r }, (_, i) => Array.from(v.subarray(i * c, (i + 1) * c))))];
  }));
}

/** The stacked reference's loss, gradients by engine name (`dWax[1]`) and last states, for named matrices. */
function deepReference(p: Record<string, Matrix>, X: (number | null)[], Y: number[], state: number[], nA: number) {
  const L = state.length / nA;
  const params = { layers: Array.from({ length: L }, (_, k) => ({ Wax: p[`Wax[${k + 1}]`], Waa: p[`Waa[${k + 1}]`], ba: p[`ba[${k + 1}]`] })), Wya: p.Wya, by: p.by };
  const forward = deepForward(params, X, Y, Array.from({ length: L }, (_, k) => column(state.slice(k * nA, (k + 1) * nA))));
  const g = deepBackward(params, forward);
  const grads: Record<string, Matrix> = { dWya: g.dWya, dby: g.dby };
  g.layers.forEach((layer, k) => Object.entries(layer).forEach(([n, M]) => (grads[`${n}[${k + 1}]`] = M)));
  const states = forward.steps[forward.steps.length - 1].states.slice(1);
  return { loss: forward.loss, grads, nextState: states.flatMap((a) => (a.toArray() as number[][]).flat()) };
}

/** One template step done by the reference: loss, gradients, clip at 5, θ ← θ + (−lr)·g, and the state reached. */
export function referenceStep(cell: CellKind, p: Record<string, Matrix>, X: (number | null)[], Y: number[], state: number[], nA: number, lr: number) {
  if (cell === 'rnn' && state.length > nA) {
    const { loss, grads, nextState } = deepReference(p, X, Y, state, nA);
    const next = Object.fromEntries(Object.entries(p).map(([n, M]) => [n, M.map((v, [i, j]) => v + -lr * (clipElementwise(grads[`d${n}`], 5).get([i, j]) as number))]));
    return { loss: realPart(loss), next, nextState };
  }
  const run =
    cell === 'rnn' ? lossAndGradients(p as unknown as Params, X, Y, column(state))
    : cell === 'lstm' ? lstmLossAndGradients({ variant: 'split', ...p } as unknown as LstmParams, X, Y, column(state.slice(0, nA)), column(state.slice(nA)))
    : gruLossAndGradients({ variant: GRU_VARIANTS[2], ...p } as unknown as GruParams, X, Y, column(state));
  const grads = (cell === 'rnn' ? run.gradients : (run.gradients as { dParams: Record<string, Matrix> }).dParams) as Record<string, Matrix>;
  const next = Object.fromEntries(Object.entries(p).map(([n, M]) => [n, M.map((v, [i, j]) => v + -lr * (clipElementwise(grads[`d${n}`], 5).get([i, j]) as number))]));
  const last = run.forward.steps[run.forward.steps.length - 1] as unknown as { a: Matrix; c?: Matrix };
  const nextState = [...(last.a.toArray() as number[][]).flat(), ...(last.c ? (last.c.toArray() as number[][]).flat() : [])];
  return { loss: realPart(run.loss), next, nextState };
}

