/**
 * Each entry of docs/errata.md, shown: the document's literal reading fails (or is inconsistent),
 * the corrected reference passes.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkGradients } from '../../src/gradcheck/elementwise.js';
import { randomProblem } from '../../src/gradcheck/problem.js';
import { backwardSequence, forwardSequence, lossAndGradients } from '../../src/reference/bptt.js';
import { backpropOutput, backpropTanh, dbaStep, dbyStep, dWaaStep, dWaxStep, dWyaStep } from '../../src/reference/cell.js';
import { clipElementwise } from '../../src/reference/clip.js';
import { literalBackpropOutput, literalClip, literalRecurrence } from '../../src/reference/errata.js';
import { column, entries, realPart, shape } from '../../src/reference/linalg.js';
import { softmaxCrossEntropyGradient } from '../../src/reference/softmax.js';
import { PARAM_NAMES } from '../../src/reference/types.js';
import { hiddenGradientUnrolled } from '../../src/reference/unrolled.js';
import { problemArb } from '../helpers/arbitraries.js';
import { expectClose, maxRelDiff, rowsOf } from '../helpers/matrices.js';
import { lazy } from '../helpers/lazy.js';
import { CLEARLY_WRONG, ROUNDING } from '../helpers/tolerances.js';

const problem = lazy(() => randomProblem({ nA: 4, vocab: 5, T: 6, seed: 3 }));

describe('errata — eqs. (9), (20), (21): ∂L/∂a needs Wyaᵀ·∂L/∂o', () => {
  it('the printed product "∂L/∂o · Wya" is undefined for nY ≥ 2, while Wyaᵀ·∂L/∂o is nA×1', () => {
    const dO = column([0.1, -0.2, 0.05, 0.05, 0]);
    expect(() => literalBackpropOutput(problem().params, dO)).toThrow(/Dimension mismatch/);
    expect(shape(backpropOutput(problem().params, dO))).toEqual([4, 1]);
  });
});

describe('errata — eqs. (21), (22): the recurrence drops the tanh derivative', () => {
  const literal = lazy(() =>
    backwardSequence(
      problem().params,
      forwardSequence(problem().params, problem().inputs, problem().targets, problem().a0),
      { recurrence: literalRecurrence },
    ),
  );

  it('the literal recurrence Waaᵀ·∂L/∂a⟨t+1⟩ fails the complex-step check for Waa, Wax, ba and a0', () => {
    const report = checkGradients(problem(), 'complex', literal());
    const failed = report.slots.filter((s) => !s.pass);
    expect(failed.map((s) => s.slot)).toEqual(['Wax', 'Waa', 'ba', 'a0']);
    for (const s of failed) expect(s.maxRelativeError).toBeGreaterThan(CLEARLY_WRONG);
  });

  it('the corrected recurrence Waaᵀ·∂L/∂z⟨t+1⟩ passes the same check', () => {
    expect(checkGradients(problem(), 'complex').pass).toBe(true);
  });

  it('the literal closed form (22) is the literal recursion written out, and differs from the true ∂L/∂a⟨t⟩', () => {
    const forward = forwardSequence(problem().params, problem().inputs, problem().targets, problem().a0);
    const correct = lossAndGradients(problem().params, problem().inputs, problem().targets, problem().a0).gradients;
    literal().da.forEach((da, i) => {
      expectClose(hiddenGradientUnrolled(problem().params, forward, i + 1, false), da, ROUNDING);
    });
    expect(maxRelDiff(literal().da[0], correct.da[0])).toBeGreaterThan(CLEARLY_WRONG);
  });
});

describe('errata — eqs. (7)–(14) are the gradient of the step loss, not ∂ŷ/∂W', () => {
  it('for a single cell (T = 1) they have each parameter’s shape and equal the complex-step gradient of l⟨1⟩', () => {
    fc.assert(
      fc.property(problemArb(1), (p) => {
        const { steps } = forwardSequence(p.params, p.inputs, p.targets, p.a0);
        const { x, aPrev, a, yHat, target } = steps[0];
        const dO = softmaxCrossEntropyGradient(yHat, target);
        const dz = backpropTanh(backpropOutput(p.params, dO), a);
        const g = { dWya: dWyaStep(dO, a), dby: dbyStep(dO), dWaa: dWaaStep(dz, aPrev), dWax: dWaxStep(dz, x), dba: dbaStep(dz) };
        for (const name of PARAM_NAMES) expect(shape(g[`d${name}`])).toEqual(shape(p.params[name]));
        const report = checkGradients(p, 'complex', { ...g, da0: backwardSequence(p.params, { steps, loss: steps[0].loss, aLast: a }).da0 });
        expect(report.slots.filter((s) => !s.pass)).toEqual([]);
      }),
      { numRuns: 20 },
    );
  });
});

describe('errata — section 3.2’s clipping range "[5,5]" means [−5, 5]', () => {
  it('read literally it turns every gradient entry into 5, flipping signs; read as [−5, 5] it keeps them', () => {
    const g = column([-1, 2, -7, 9]);
    expect(rowsOf(literalClip(g, 5))).toEqual([[5], [5], [5], [5]]);
    expect(rowsOf(clipElementwise(g, 5))).toEqual([[-1], [2], [-5], [5]]);
  });

  it('the [−5, 5] clip keeps a descent direction for by; the literal one moves every logit alike, which changes nothing', () => {
    const { gradients } = lossAndGradients(problem().params, problem().inputs, problem().targets, problem().a0);
    const g = entries(gradients.dby).map(realPart);
    const dot = (c: number[]) => c.reduce((s, v, k) => s + v * g[k], 0);
    expect(dot(entries(clipElementwise(gradients.dby, 5)).map(realPart))).toBeGreaterThan(CLEARLY_WRONG);
    expect(Math.abs(dot(entries(literalClip(gradients.dby, 5)).map(realPart)))).toBeLessThanOrEqual(ROUNDING);
  });
});

describe('errata — section 2.1.2’s bias "b_x" does not exist', () => {
  it('the model has exactly the five parameters Wax, Waa, Wya, ba, by, all of them checked', () => {
    expect([...PARAM_NAMES]).toEqual(['Wax', 'Waa', 'Wya', 'ba', 'by']);
    expect(Object.keys(problem().params).sort()).toEqual([...PARAM_NAMES].sort());
  });
});
