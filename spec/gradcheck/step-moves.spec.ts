/**
 * The step roundings of `gradcheck --cell` (src/gradcheck/cell-roundings.ts) move every operation
 * in linearised Monte Carlo arithmetic (src/numerics/cells/tangent.ts): the move is carried beside
 * the float64 value, so float64's spacing cannot swallow it. Before, x·(1 + ε·r) was rounded back
 * to float64 and left x unmoved for r in [−1/4, 1/2]; on a saturated split LSTM the mutation run
 * found, the four runs left the two operations that hold an entry's error unmoved and correct
 * BPTT failed (issue #9).
 */
import { complex, type BigNumber } from 'mathjs';
import { describe, expect, it } from 'vitest';
import { decimalNum } from '../../src/conformance/cells/arithmetic.js';
import { plainRun, stepRoundings } from '../../src/gradcheck/cell-roundings.js';
import { deepProblem, gruProblem, lstmProblem } from '../../src/gradcheck/cells.js';
import { checkNamed, COMPLEX_STEP_H, namedFloor } from '../../src/gradcheck/generic.js';
import { SAFETY } from '../../src/gradcheck/tolerances.js';
import { FLOAT64_NUM, type Num } from '../../src/numerics/cells/num.js';
import { tangentNum } from '../../src/numerics/cells/tangent.js';
import { NumpyRandom } from '../../src/random/numpy.js';
import { entry, imagPart, realPart, withEntry, type Matrix } from '../../src/reference/linalg.js';
import { lazy } from '../helpers/lazy.js';

/**
 * A tangent d is float64 arithmetic over the same ~10² operations an entry as BPTT itself, so it
 * rounds as BPTT does: a few hundred ε relative to the largest change in its matrix at most
 * (measured: 13ε on the four problems below). The second-order terms of moves of size ε are ε².
 */
const FIRST_ORDER = 1e3 * Number.EPSILON;

/** One operation's d and its closed form are each a few float64 operations: a few ε relative. */
const ONE_OP = 8 * Number.EPSILON;

const at = (M: Matrix, i: number, j: number) => realPart(entry(M, i, j));
/** Moves of size up to ε, drawn from numpy stream 3. */
const draws = () => {
  const rng = new NumpyRandom(3);
  return () => Number.EPSILON * (2 * rng.randomSample() - 1);
};
/** 40-digit BigNumbers whose every operation's result x becomes x·(1 + ρ), ρ from `rho`. */
function movedDecimal(rho: () => number): Num<BigNumber> {
  const D = decimalNum();
  const w = (x: BigNumber) => x.times(D.lit(1).plus(D.of(rho())));
  return {
    ...D,
    add: (a, b) => w(D.add(a, b)),
    sub: (a, b) => w(D.sub(a, b)),
    mul: (a, b) => w(D.mul(a, b)),
    div: (a, b) => w(D.div(a, b)),
    tanh: (a) => w(D.tanh(a)),
    exp: (a) => w(D.exp(a)),
    log: (a) => w(D.log(a)),
    sqrt: (a) => w(D.sqrt(a)),
  };
}

/** The counterexample: CELLS[1] of cell-roundings.spec.ts at [k, seed, s, T] = [1, 7435, 22, 9]. */
const saturated = lazy(() => {
  const o = { nA: 2, vocab: 3, T: 9, seed: 7435, scale: 2.2 };
  const right = lstmProblem('split', o);
  const wrong = lstmProblem('split', o, { cellCarry: (dc: Matrix) => dc.map(() => 0) as Matrix });
  const bptt = right.gradients(right.at);
  const exact = decimalNum();
  const want = exact.num(plainRun(right.plain!, exact).grads.Wih[7][2]);
  return { right, wrong, bptt, want, off: Math.abs(at(bptt.Wih ?? bptt.dWih, 7, 2) - want) };
});

describe('tangentNum — each operation’s move carried to first order beside its float64 value', () => {
  it('changes every gradient entry and the loss by what a 40-digit run with the same moves changes them, for every cell', () => {
    const problems = [
      lstmProblem('split', { nA: 2, vocab: 3, T: 9, seed: 7435, scale: 2.2 }),
      gruProblem({ reset: 'after-matmul', blend: 'gate-takes-new' }, { nA: 2, vocab: 3, T: 4, seed: 1 }),
      deepProblem(2, { nA: 2, vocab: 3, T: 4, seed: 1 }),
    ];
    for (const p of problems) {
      const t = plainRun(p.plain!, tangentNum(draws()));
      const exact = plainRun(p.plain!, decimalNum());
      const moved = plainRun(p.plain!, movedDecimal(draws()));
      const plain = plainRun(p.plain!, FLOAT64_NUM);
      const dLoss = moved.loss.minus(exact.loss).toNumber();
      expect(dLoss).not.toBe(0);
      expect(Math.abs(t.loss.d - dLoss)).toBeLessThanOrEqual(FIRST_ORDER * Math.abs(dLoss));
      for (const [k, rows] of Object.entries(t.grads)) {
        const delta = rows.map((row, i) => row.map((_, j) => moved.grads[k][i][j].minus(exact.grads[k][i][j]).toNumber()));
        const scale = Math.max(...delta.flat().map(Math.abs));
        rows.forEach((row, i) => row.forEach((x, j) => expect(Math.abs(x.d - delta[i][j]), `${k}[${i}][${j}]`).toBeLessThanOrEqual(FIRST_ORDER * scale)));
        // the value is plain float64's, untouched by the moves
        rows.forEach((row, i) => row.forEach((x, j) => expect(x.v).toBe(plain.grads[k][i][j])));
      }
    }
  });
  it('moves each operation’s result by the chain rule on its operands’ moves plus ρ times the result', () => {
    const rho = 2 ** -20; // large enough that a missing ρ·v shows above the roundings
    const T = tangentNum(() => rho);
    const [a, b] = [{ v: 0.75, d: 3 }, { v: 1.5, d: -2 }];
    const cases: [string, { v: number; d: number }, number][] = [
      // [operation, its result, d/dt of the result along a.d, b.d]
      ['add', T.add(a, b), 3 - 2],
      ['sub', T.sub(a, b), 3 + 2],
      ['mul', T.mul(a, b), 3 * 1.5 + 0.75 * -2],
      ['div', T.div(a, b), 3 / 1.5 - (0.75 * -2) / 1.5 ** 2],
      ['tanh', T.tanh(a), 3 / Math.cosh(0.75) ** 2],
      ['exp', T.exp(a), 3 * Math.exp(0.75)],
      ['log', T.log(a), 3 / 0.75],
      ['sqrt', T.sqrt(a), 3 / (2 * Math.sqrt(0.75))],
    ];
    for (const [name, r, chain] of cases) expect(Math.abs(r.d - (chain + rho * r.v)), name).toBeLessThanOrEqual(ONE_OP * (Math.abs(chain) + Math.abs(rho * r.v)));
    expect([T.num(a), T.gt(b, a), T.gt(a, b), T.of(2).d, T.lit(2).d]).toEqual([0.75, true, false, 0, 0]);
  });
});

describe('gradcheck --cell on the saturated split LSTM the mutation run found (nA = 2, V = 3, T = 9, seed 7435, weights N(0, 2.2²))', () => {
  it('has BPTT 9.4e-16 from the exact Wih[7][2] = 6.7e-4, where the complex step is exact', () => {
    const { right, want, off } = saturated();
    expect(off).toBeGreaterThan(5e-16);
    const h = COMPLEX_STEP_H;
    const cs = imagPart(right.loss({ ...right.at, Wih: withEntry(right.at.Wih, 7, 2, complex(at(right.at.Wih, 7, 2), h)) })) / h;
    expect(Math.abs(cs - want)).toBeLessThan(off / 100);
  });

  it('measures a step-roundings spread within SAFETY of that error for every seed of the moves', () => {
    const { right, off } = saturated();
    for (let seed = 0; seed < 8; seed++) expect(SAFETY * at(stepRoundings(right.plain!, seed).spread.Wih, 7, 2), `seed ${seed}`).toBeGreaterThan(off);
  });

  it('passes correct BPTT, conclusively, and fails the dropped cell carry (L19)', () => {
    const { right, wrong, bptt } = saturated();
    const floor = namedFloor(right, bptt);
    const report = checkNamed(right, 'complex', { floor });
    expect(report.pass && report.conclusive).toBe(true);
    expect(checkNamed(right, 'complex', { floor, analytic: wrong.gradients(wrong.at) }).pass).toBe(false);
  });
});
