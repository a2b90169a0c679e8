/**
 * A gated or stacked cell's case evaluated in a number system (arithmetic.ts): the run of the cell
 * (lstm.ts, gru.ts, deep.ts), then, as for the vanilla cell, the mean over time when declared,
 * elementwise clipping of every gradient (the initial states' too) and one SGD or Adagrad step.
 * `cellExpected` is the oracle's result: the case on 40-digit BigNumbers, rounded to float64.
 */
import type { GruVariant } from '../../reference/gru/types.js';
import { ADAGRAD_EPSILON } from '../../reference/update.js';
import type { Variant } from '../evaluate.js';
import { FLOAT64_NUM, type Num } from '../../numerics/cells/num.js';
import { decimalNum } from './arithmetic.js';
import { deepRun } from '../../numerics/cells/deep.js';
import { gruRun } from '../../numerics/cells/gru.js';
import { lstmRun } from '../../numerics/cells/lstm.js';
import type { CellCase } from './model.js';
import type { CellRun, CellSlip } from '../../numerics/cells/output.js';
import { vec, type Rows } from '../../numerics/cells/vec.js';

/** Every quantity of a cell's result as float64 numbers; gradients include the initial states'. */
export interface CellQuantities {
  loss: number;
  a: number[][];
  yHat: number[][];
  gradients: Record<string, number[][]>;
  clipped?: Record<string, number[][]>;
  updated?: Record<string, number[][]>;
}

/** The correct variants an implementation may declare, and the update-rule mistakes. */
export type CellVariantOptions = Pick<Variant, 'meanOverTime' | 'meanLoss' | 'update' | 'updateSign'>;

/** What to compute: the case as written, or with a slip or in another GRU convention (mistakes). */
export interface CellHow extends CellVariantOptions {
  readonly slip?: CellSlip;
  readonly gru?: GruVariant;
}

/** The case evaluated in number system A. */
export function evaluateCell<N>(c: CellCase, A: Num<N>, how: CellHow = {}): CellQuantities {
  const V = vec(A);
  const m = c.model;
  const xs = c.inputs.map((x) =>
    x === null ? V.zeroVector(m.nX) : typeof x === 'number' ? Array.from({ length: m.nX }, (_, k) => A.lit(k === x ? 1 : 0)) : x.map(A.of),
  );
  const slip = how.slip ?? {};
  const run: CellRun<N> =
    m.cell === 'lstm' ? lstmRun(A, V, m, xs, c.targets, slip) : m.cell === 'gru' ? gruRun(A, V, m, xs, c.targets, slip, how.gru) : deepRun(A, V, m, xs, c.targets, slip);
  const T = A.lit(c.inputs.length);
  const mean = (v: N) => (how.meanOverTime ? A.div(v, T) : v);
  const grads = Object.fromEntries(Object.entries(run.grads).map(([k, rows]) => [k, rows.map((r) => r.map(mean))]));
  const toNumbers = (g: Record<string, Rows<N>>) => Object.fromEntries(Object.entries(g).map(([k, rows]) => [k, rows.map((r) => r.map(A.num))]));
  const q: CellQuantities = {
    loss: A.num(how.meanOverTime || how.meanLoss ? A.div(run.loss, T) : run.loss),
    a: run.a.map((r) => r.map(A.num)),
    yHat: run.yHat.map((r) => r.map(A.num)),
    gradients: toNumbers(grads),
  };
  let step = grads;
  if (c.clip !== undefined) {
    const hi = A.of(c.clip);
    const lo = A.sub(V.zero, hi);
    step = Object.fromEntries(Object.entries(grads).map(([k, rows]) => [k, rows.map((r) => r.map((v) => (A.gt(v, hi) ? hi : A.gt(lo, v) ? lo : v)))]));
    q.clipped = toNumbers(step);
  }
  if (c.lr !== undefined) {
    const lr = A.of(c.lr);
    const eps = A.lit(ADAGRAD_EPSILON);
    const delta = (v: N) => (how.update === 'adagrad' ? A.div(v, A.sqrt(A.add(A.mul(v, v), eps))) : v);
    const move = (theta: N, d: N) => (how.updateSign === 1 ? A.add(theta, A.mul(lr, delta(d))) : A.sub(theta, A.mul(lr, delta(d))));
    q.updated = Object.fromEntries(
      // (another GRU convention may lack a parameter of the case's, bhn: it has nothing to update there)
      Object.entries(m.params).filter(([k]) => k in step).map(([k, rows]) => [k, rows.map((r, i) => r.map((v, j) => A.num(move(A.of(v), step[k][i][j]))))]),
    );
  }
  return q;
}

/** The oracle's expected result: the case on 40-digit BigNumbers, rounded to float64. */
export function cellExpected(c: CellCase, how: CellHow = {}): CellQuantities {
  return evaluateCell(c, decimalNum(), how);
}

/** The case in plain float64 (the mistakes of the catalogue are computed this way). */
export function cellFloat64(c: CellCase, how: CellHow = {}): CellQuantities {
  return evaluateCell(c, FLOAT64_NUM, how);
}
