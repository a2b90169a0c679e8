import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkGradients } from '../../src/gradcheck/elementwise.js';
import { randomProblem, SLOTS, slotGradient } from '../../src/gradcheck/problem.js';
import { backwardSequence, forwardSequence, lossAndGradients, totalLoss } from '../../src/reference/bptt.js';
import { oneHot } from '../../src/reference/inputs.js';
import { entries, plus, realPart, shape } from '../../src/reference/linalg.js';
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
