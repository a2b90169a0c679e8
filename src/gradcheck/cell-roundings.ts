/**
 * Each step's own roundings, for the float64 floor of a gated or stacked cell's BPTT (generic.ts).
 *
 * The ulp spread of generic.ts `namedFloor` perturbs the *inputs*: that gives the exact gradient
 * of a nearby problem, which keeps every cancellation of the true one. A rounding inside a step
 * keeps none (docs/reliability.md, issue #9). So the cell's forward pass and BPTT, written a
 * second time in plain loops over a number system (src/numerics/cells/), are run again in Monte
 * Carlo arithmetic: after every operation its result x moves to x·(1 + ρ), ρ = OP_ROUNDING_SIZE·ε·r,
 * r uniform in [−1, 1], and every other run sums its dot products in reverse order. The move is
 * carried to first order beside the float64 value (numerics/cells/tangent.ts), not rounded into it:
 * rounded, 1 + ε·r is 1 for r in [−1/4, 1/2], so each operation stayed put with chance 3/8 a run, and
 * where a saturated gate's 1 − σ holds an entry's whole error (two operations, 1 + e^−z and its
 * reciprocal) all 4 runs left that entry unmoved for about one seed in 256 (the split LSTM of
 * spec/gradcheck/step-moves.spec.ts). Carried, a check misses an entry's error only if every
 * run's move of it is under 1/40 of its largest first-order rounding error (SAFETY, the floor
 * counted twice by the complex step, moves up to 2× float64's): held by one operation, |r| < 1/40,
 * chance 1/40 a run; by two of equal weight (that LSTM: 1 + e^−z and 1/(1 + e^−z) move 1 − σ
 * equally and oppositely), |r₁ − r₂| < 1/20, chance 1/20 a run. Hence STEP_RUNS runs, not 4.
 * Each run is the same maths with random roundings about twice as large as float64's (|rounding|
 * ≤ ε/2 relative), so how far its gradient lands from the plain float64 run estimates how far
 * rounding can move BPTT's — every step's rounding, pushed through the rest of the computation
 * with its actual cancellations, with no per-cell derivation.
 * The largest change of each entry over STEP_RUNS runs is its spread; the loss's is δL's.
 */
import { fromRows, type Matrix } from '../reference/linalg.js';
import { NumpyRandom } from '../random/numpy.js';
import { deepRun } from '../numerics/cells/deep.js';
import { gruRun } from '../numerics/cells/gru.js';
import { lstmRun } from '../numerics/cells/lstm.js';
import type { CellNet } from '../numerics/cells/net.js';
import { FLOAT64_NUM, type Num } from '../numerics/cells/num.js';
import { tangentNum, type Tangent } from '../numerics/cells/tangent.js';
import { vec } from '../numerics/cells/vec.js';
import { EPSILON, OP_ROUNDING_SIZE } from './tolerances.js';

/**
 * Monte Carlo runs of the step roundings (half of them summing in reverse order). A check misses
 * an error held by two equal operations with chance (1/20)^runs, by one (1/40)^runs, by n equal
 * ones at most about (0.035·√n)^runs: with ULP_RUNS = 4 that is 6e-6 for two (seen: one seed in
 * 5000 came within 0.89 of a false alarm), with 8 it is 4e-11, and 1.5e-7 for 16 at the worst
 * alignment of their roundings. A run costs about what BPTT costs: the 8 take 26 ms for the CLI's
 * default LSTM (nA = 5, V = 8, T = 10; load 4), against ~30 s for its check: cheap.
 */
export const STEP_RUNS = 8;

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
  for (let run = 0; run < STEP_RUNS; run++) {
    const moved = plainRun(p, tangentNum(() => OP_ROUNDING_SIZE * EPSILON * (2 * rng.randomSample() - 1), run % 2 === 1));
    // the run's change: its own summation order's (v, 0 when not reversed) plus its moves' (d)
    const change = (x: Tangent, b: number) => Math.abs(x.v - b + x.d);
    lossSpread = Math.max(lossSpread, change(moved.loss, base.loss));
    for (const [k, rows] of Object.entries(spread)) {
      // a NaN change (an overflow in one run only) is an unbounded spread, not none
      rows.forEach((row, i) =>
        row.forEach((s, j) => {
          const d = change(moved.grads[k][i][j], base.grads[k][i][j]);
          row[j] = Number.isNaN(d) ? Infinity : Math.max(s, d);
        }),
      );
    }
  }
  return { spread: Object.fromEntries(Object.entries(spread).map(([k, rows]) => [k, fromRows(rows)])), lossSpread };
}
