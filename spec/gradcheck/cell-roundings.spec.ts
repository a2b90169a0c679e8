/**
 * `gradcheck --cell`'s float64 floor counts each step's own roundings (src/gradcheck/cell-roundings.ts):
 * the cells' plain-loop BPTT run in Monte Carlo arithmetic. Saturated cells (weights N(0, 2–3²))
 * whose correct BPTT the ulp spread alone called wrong pass, and wrong BPTTs still fail.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decimalNum } from '../../src/conformance/cells/arithmetic.js';
import { plainRun, stepRoundings } from '../../src/gradcheck/cell-roundings.js';
import { deepProblem, gruProblem, lstmProblem, type CellProblemOptions } from '../../src/gradcheck/cells.js';
import { checkNamed, namedFloor, type Named, type NamedProblem } from '../../src/gradcheck/generic.js';
import { SAFETY } from '../../src/gradcheck/tolerances.js';
import { FLOAT64_NUM } from '../../src/numerics/cells/num.js';
import { backpropBlend } from '../../src/reference/gru/cell.js';
import { entry, realPart, shape, zeros, type Matrix } from '../../src/reference/linalg.js';

/**
 * Two float64 evaluations of the same sums in different orders, on a well-conditioned model
 * (weights N(0, 0.5²), T = 4: condition numbers of order 1, ~10² operations an entry), differ by
 * a few hundred ε relative to max(1, |entry|) at most.
 */
const SAME_MATHS = 1e3 * Number.EPSILON;
/** Saturated models the property draws: GRADCHECK_RUNS overrides (e.g. 200 for a long run). */
const SATURATED_RUNS = Number(process.env.GRADCHECK_RUNS ?? 4);

const at = (M: Matrix, i: number, j: number) => realPart(entry(M, i, j));
const gradientOf = (g: Named, name: string) => g[name] ?? g[`d${name}`];

/** The specs' wrong backwards (generic.spec.ts): LSTM carry (L19), GRU (1 − Γu) path (G11)–(G13), stacked input term (D6). */
const CELLS: readonly [string, (o: CellProblemOptions, wrong: boolean) => NamedProblem][] = [
  ['lstm course', (o, w) => lstmProblem('course', o, w ? { cellCarry: (dc: Matrix) => dc.map(() => 0) as Matrix } : {})],
  ['lstm split', (o, w) => lstmProblem('split', o, w ? { cellCarry: (dc: Matrix) => dc.map(() => 0) as Matrix } : {})],
  [
    'gru after-matmul/gate-takes-new',
    (o, w) =>
      gruProblem({ reset: 'after-matmul', blend: 'gate-takes-new' }, o, {
        ...(w && { blend: (kind, da, s) => ({ ...backpropBlend(kind, da, s), daPrev: da.map(() => 0) as Matrix }) }),
      }),
  ],
  ['rnn --layers 2', (o, w) => deepProblem(2, o, w ? { throughInput: (layer, dz) => zeros(layer.Wax.size()[1], dz.size()[1] ?? 1) } : {})],
];

describe('stepRoundings — each step’s own roundings in the floor of gradcheck --cell', () => {
  it('runs the same maths as the reference BPTT, keyed by the problem’s names, for every cell', () => {
    for (const [name, make] of CELLS) {
      const problem = make({ nA: 2, vocab: 3, T: 4, seed: 5 }, false);
      const bptt = problem.gradients(problem.at);
      const plain = plainRun(problem.plain!, FLOAT64_NUM).grads;
      for (const key of Object.keys(problem.at)) {
        const [r, c] = shape(problem.at[key]);
        for (let i = 0; i < r; i++) {
          for (let j = 0; j < c; j++) {
            const want = at(gradientOf(bptt, key), i, j);
            expect(Math.abs(plain[key][i][j] - want), `${name} ${key}[${i}][${j}]`).toBeLessThanOrEqual(SAME_MATHS * Math.max(1, Math.abs(want)));
          }
        }
      }
    }
  });

  it('is the same for the same seed and a spread, not zero, on a model whose sums round', () => {
    const problem = lstmProblem('course', { nA: 2, vocab: 3, T: 6, seed: 1 });
    const a = stepRoundings(problem.plain!, 3);
    expect(stepRoundings(problem.plain!, 3)).toEqual(a);
    expect(a.lossSpread).toBeGreaterThan(0);
    expect(at(a.spread.Wf, 0, 0)).toBeGreaterThan(0);
  });

  it('passes the saturated split LSTM (seed 0, weights N(0, 2²), T = 20) whose Wih[9][1] the ulp spread alone called wrong: BPTT is 4.6e-16 from the exact value, the step roundings cover it', () => {
    const problem = lstmProblem('split', { nA: 3, vocab: 3, T: 20, seed: 0, scale: 2 });
    const bptt = problem.gradients(problem.at);
    const exact = decimalNum();
    const off = Math.abs(at(gradientOf(bptt, 'Wih'), 9, 1) - exact.num(plainRun(problem.plain!, exact).grads.Wih[9][1]));
    expect(off).toBeGreaterThan(1e-16);
    // the ulp spread alone is 1000× short of that: the old tolerance could not hold it
    expect(SAFETY * at(namedFloor({ ...problem, plain: undefined }, bptt).spread.Wih, 9, 1)).toBeLessThan(off / 100);
    const floor = namedFloor(problem, bptt);
    expect(at(floor.spread.Wih, 9, 1)).toBeGreaterThan(off);
    const report = checkNamed(problem, 'complex', { floor });
    expect(report.pass && report.conclusive).toBe(true);
  });

  it('passes correct BPTT and fails the wrong ones on random saturated cells (weights N(0, 2–3²)) by the complex step', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: CELLS.length - 1 }),
        fc.nat(10_000),
        fc.integer({ min: 20, max: 30 }),
        fc.integer({ min: 8, max: 10 }),
        (k, seed, s, T) => {
          const [name, make] = CELLS[k];
          const o = { nA: 2, vocab: 3, T, seed, scale: s / 10 };
          const right = make(o, false);
          const floor = namedFloor(right, right.gradients(right.at));
          const wrong = make(o, true);
          expect(checkNamed(right, 'complex', { floor }).pass, name).toBe(true);
          expect(checkNamed(right, 'complex', { floor, analytic: wrong.gradients(wrong.at) }).pass, name).toBe(false);
        },
      ),
      // fast-check's own random seed
      { numRuns: SATURATED_RUNS },
    );
  });
});
