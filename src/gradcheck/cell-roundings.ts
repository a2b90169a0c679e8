/**
 * Each step's own roundings, for the float64 floor of a gated or stacked cell's BPTT (generic.ts).
 *
 * The ulp spread of generic.ts `namedFloor` perturbs the *inputs*: that gives the exact gradient
 * of a nearby problem, which keeps every cancellation of the true one. A rounding inside a step
 * keeps none (docs/reliability.md, issue #9). So the cell's forward pass and BPTT, written a
 * second time in plain loops over a number system (src/numerics/cells/), are run again in Monte
 * Carlo arithmetic: after every operation its result x becomes x·(1 + OP_ROUNDING_SIZE·ε·r), r
 * uniform in [−1, 1], and every other run sums its dot products in reverse order. Each run is a
 * float64 computation of the same maths whose roundings are random and about twice as large as
 * float64's (|rounding| ≤ ε/2 relative), so how far its gradient lands from the plain float64 run
 * estimates how far rounding can move BPTT's — every step's rounding, pushed through the rest of
 * the computation with its actual cancellations, with no per-cell derivation.
 * The largest change of each entry over ULP_RUNS runs is its spread; the loss's is δL's.
 */
import { fromRows, type Matrix } from '../reference/linalg.js';
import { NumpyRandom } from '../random/numpy.js';
import { deepRun } from '../numerics/cells/deep.js';
import { gruRun } from '../numerics/cells/gru.js';
import { lstmRun } from '../numerics/cells/lstm.js';
import type { CellNet } from '../numerics/cells/net.js';
import { FLOAT64_NUM, roundedNum, type Num } from '../numerics/cells/num.js';
import { vec } from '../numerics/cells/vec.js';
import { EPSILON, OP_ROUNDING_SIZE, ULP_RUNS } from './tolerances.js';

/** Which plain-loop evaluator runs the net. */
export type CellKind = 'lstm' | 'gru' | 'rnn';

/** A cell's problem as the plain loops read it: the net, its one-hot (or null) inputs and its targets. */
export interface PlainCellProblem {
  readonly cell: CellKind;
  readonly net: CellNet;
  readonly nX: number;
  readonly inputs: readonly (number | null)[];
  readonly targets: readonly number[];
}

/** The spread of every gradient entry (keyed by the problem's names) and of the loss. */
export interface StepRoundings {
  readonly spread: Readonly<Record<string, Matrix>>;
  readonly lossSpread: number;
}

/** L and ∂L/∂(every parameter and initial state) by the plain loops, in number system A: (L1)–(L22), (G1)–(G19) or (D1)–(D9). */
export function plainRun<N>(p: PlainCellProblem, A: Num<N>): { loss: N; grads: Record<string, N[][]> } {
  const V = vec(A);
  const xs = p.inputs.map((x) => Array.from({ length: p.nX }, (_, k) => A.lit(k === x ? 1 : 0)));
  const r = p.cell === 'lstm' ? lstmRun(A, V, p.net, xs, p.targets, {}) : p.cell === 'gru' ? gruRun(A, V, p.net, xs, p.targets, {}) : deepRun(A, V, p.net, xs, p.targets, {});
  return { loss: r.loss, grads: r.grads };
}

/** Measures the step roundings' spread of a cell problem (numpy stream `seed` draws the moves). */
export function stepRoundings(p: PlainCellProblem, seed = 0): StepRoundings {
  const rng = new NumpyRandom(seed);
  const base = plainRun(p, FLOAT64_NUM);
  const spread = Object.fromEntries(Object.entries(base.grads).map(([k, rows]) => [k, rows.map((row) => row.map(() => 0))]));
  let lossSpread = 0;
  for (let run = 0; run < ULP_RUNS; run++) {
    const move = (x: number) => x * (1 + OP_ROUNDING_SIZE * EPSILON * (2 * rng.randomSample() - 1));
    const moved = plainRun(p, roundedNum({ input: (x) => x, op: move, reversed: run % 2 === 1 }));
    lossSpread = Math.max(lossSpread, Math.abs(moved.loss - base.loss));
    for (const [k, rows] of Object.entries(spread)) {
      // a NaN difference (an overflow in one run only) is an unbounded spread, not none
      rows.forEach((row, i) =>
        row.forEach((s, j) => {
          const d = Math.abs(moved.grads[k][i][j] - base.grads[k][i][j]);
          row[j] = Number.isNaN(d) ? Infinity : Math.max(s, d);
        }),
      );
    }
  }
  return { spread: Object.fromEntries(Object.entries(spread).map(([k, rows]) => [k, fromRows(rows)])), lossSpread };
}
