import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkGradients } from '../../src/gradcheck/elementwise.js';
import { randomProblem, SLOTS, slotGradient } from '../../src/gradcheck/problem.js';
import { backwardSequence, forwardSequence, lossAndGradients, totalLoss } from '../../src/reference/bptt.js';
import { oneHot } from '../../src/reference/inputs.js';
import { column, entries, fromRows, plus, realPart, shape } from '../../src/reference/linalg.js';
import { hiddenGradientUnrolled } from '../../src/reference/unrolled.js';
import { problemArb } from '../helpers/arbitraries.js';
import { expectClose, rowsOf } from '../helpers/matrices.js';
import { ROUNDING } from '../helpers/tolerances.js';

describe('forward over a sequence — eqs. (1)–(6), (15)', () => {
  it('gives every output the document’s shape for random (nA, nX, nY, T)', () => {
    fc.assert(
      fc.property(problemArb(), ({ dims, params, a0, inputs, targets }) => {
        const { steps, aLast } = forwardSequence(params, inputs, targets, a0);
        expect(steps).toHaveLength(dims.T);
        for (const s of steps) {
          expect(shape(s.x)).toEqual([dims.nX, 1]);
          expect(shape(s.a)).toEqual([dims.nA, 1]);
          expect(shape(s.o)).toEqual([dims.nY, 1]);
          expect(shape(s.yHat)).toEqual([dims.nY, 1]);
        }
        expect(shape(aLast)).toEqual([dims.nA, 1]);
      }),
    );
  });

  it('eq. (15): the total loss is the sum of the per-step losses and is never negative', () => {
    fc.assert(
      fc.property(problemArb(), ({ params, a0, inputs, targets }) => {
        const { steps, loss } = forwardSequence(params, inputs, targets, a0);
        const perStep = steps.map((s) => realPart(s.loss));
        expect(perStep.every((l) => l >= 0)).toBe(true);
        expect(realPart(loss)).toBe(realPart(totalLoss(steps.map((s) => s.loss))));
        expect(Math.abs(realPart(loss) - perStep.reduce((a, b) => a + b, 0))).toBeLessThanOrEqual(ROUNDING * perStep.length);
      }),
    );
  });

  it('treats an index input, its dense one-hot vector and (for null) the zero vector alike', () => {
    fc.assert(
      fc.property(problemArb(), ({ dims, params, a0, inputs, targets }) => {
        const dense = inputs.map((x) =>
          typeof x === 'number' ? entries(oneHot(x, dims.nX)).map(realPart) : x === null ? Array(dims.nX).fill(0) : x,
        );
        const a = lossAndGradients(params, inputs, targets, a0);
        const b = lossAndGradients(params, dense, targets, a0);
        expect(realPart(b.loss)).toBe(realPart(a.loss));
        expect(rowsOf(b.gradients.dWax)).toEqual(rowsOf(a.gradients.dWax));
      }),
    );
  });

  it('does not mutate its inputs', () => {
    fc.assert(
      fc.property(problemArb(), ({ params, a0, inputs, targets }) => {
        const before = JSON.stringify([params, a0, inputs, targets]);
        lossAndGradients(params, inputs, targets, a0);
        expect(JSON.stringify([params, a0, inputs, targets])).toBe(before);
      }),
    );
  });
});

describe('BPTT — eqs. (16)–(26) and ∂L/∂a⟨0⟩', () => {
  it('equals the complex-step derivative, entry by entry, on random small models', () => {
    fc.assert(
      fc.property(problemArb(6), (problem) => {
        const report = checkGradients(problem, 'complex');
        expect(report.slots.filter((s) => !s.pass)).toEqual([]);
      }),
      { numRuns: 25 },
    );
  });

  it('equals central differences, entry by entry, on random small models', () => {
    fc.assert(
      fc.property(problemArb(6), (problem) => {
        expect(checkGradients(problem, 'central').slots.filter((s) => !s.pass)).toEqual([]);
      }),
      { numRuns: 15 },
    );
  });

  it('passes the complex-step check on the model that once failed it (fast-check seed -992857501)', () => {
    // dWaa[5][1] ≈ 2.1e-4 differed by 2.7e-16 (relative 1.3e-12) while the floor was 1e-4.
    const problem = {
      params: {
        Wax: fromRows([[0.558, -0.059], [0.612, 0.909], [-0.65, 0.907], [0.913, 0.388], [0.67, -0.684], [-0.411, 0]]),
        Waa: fromRows([
          [-0.358, -0.301, 0.137, -0.008, -0.936, -0.052], [-0.73, 0.007, -0.807, -0.442, 0.664, -0.002],
          [0.453, -0.006, 0.646, 0.165, -0.008, -0.808], [0.722, 0.843, -0.011, 0.725, 0.923, -0.005],
          [0.005, -0.348, -0.003, 0.446, 0.79, -0.592], [0.991, -0.432, 0.001, 0.998, 0.996, 0.253],
        ]),
        Wya: fromRows([[0.066, -0.332, 0.936, -0.009, -0.203, -0.384], [-0.002, 0.006, 0.006, 0.134, 0.389, 0.078], [0.957, -0.009, -0.139, -0.559, -0.377, 0]]),
        ba: column([0.985, -0.73, -0.342, 0.059, -0.356, -0.83]),
        by: column([0.609, 0.002, -0.152]),
      },
      a0: column([-0.223, -0.682, -0.549, 0.899, 0.502, -0.7]),
      inputs: [null, 1, null, null, null, [1.147, -1.963]],
      targets: [0, 1, 1, 2, 1, 2],
    };
    expect(checkGradients(problem, 'complex').slots.filter((s) => !s.pass)).toEqual([]);
  });

  it('passes both checkers at T = 1 and at T = 30 and 40', () => {
    for (const T of [1, 30, 40]) {
      const problem = randomProblem({ nA: 4, vocab: 5, T, seed: T });
      for (const method of ['complex', 'central'] as const) {
        expect(checkGradients(problem, method).slots.filter((s) => !s.pass), `${method}, T = ${T}`).toEqual([]);
      }
    }
  });

  it('chains: BPTT of a whole sequence equals two chunks joined by a⟨T⟩ forward and ∂L/∂a⟨0⟩ backward', () => {
    fc.assert(
      fc.property(problemArb(8), fc.nat(), ({ params, a0, inputs, targets }, k0) => {
        const k = k0 % (inputs.length + 1);
        const whole = lossAndGradients(params, inputs, targets, a0).gradients;
        const first = forwardSequence(params, inputs.slice(0, k), targets.slice(0, k), a0);
        const second = lossAndGradients(params, inputs.slice(k), targets.slice(k), first.aLast).gradients;
        const firstBack = backwardSequence(params, first, { daLast: second.da0 });
        for (const slot of SLOTS.filter((s) => s !== 'a0')) {
          expectClose(plus(slotGradient(firstBack, slot), slotGradient(second, slot)), slotGradient(whole, slot), ROUNDING);
        }
        expectClose(firstBack.da0, whole.da0, ROUNDING);
      }),
    );
  });
});

describe('∂L/∂a⟨t⟩ unrolled — eq. (22), corrected', () => {
  it('equals the recursion (20)–(21) at every t', () => {
    fc.assert(
      fc.property(problemArb(7), ({ params, a0, inputs, targets }) => {
        const { forward, gradients } = lossAndGradients(params, inputs, targets, a0);
        gradients.da.forEach((da, i) => expectClose(hiddenGradientUnrolled(params, forward, i + 1), da, ROUNDING));
      }),
    );
  });
});
