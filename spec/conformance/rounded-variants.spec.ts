/**
 * The plain-loop evaluation the conditioning study perturbs (rounded.ts), in its two variants,
 * checked against its own plain run rather than against the study: conditioning.spec.ts bounds
 * the variants by the study's atol, and the study measures its spread against the exact values,
 * so a variant that rounded.ts got wrong would widen its own bound (a sum where the mean belongs
 * is a spread of (T − 1)/T of the value). Unperturbed (FLOAT64: no rounding hook), each check
 * below is exact: the same floating-point operations in the same order.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SLOT_KEYS } from '../../src/conformance/evaluate.js';
import { evaluateRounded, FLOAT64 } from '../../src/conformance/rounded.js';
import { rowsOf } from '../../src/conformance/evaluate.js';
import { PARAM_NAMES } from '../../src/reference/types.js';
import { ADAGRAD_EPSILON } from '../../src/reference/update.js';
import { smallCaseArb } from '../helpers/cases.js';

describe('the variants of the study’s plain-loop evaluation (rounded.ts)', () => {
  it('gives, for the mean over time, the summed loss and every summed gradient entry divided by T', () => {
    fc.assert(
      fc.property(smallCaseArb(6, 1), (c) => {
        const T = c.problem.inputs.length;
        const sum = evaluateRounded(c, FLOAT64);
        const mean = evaluateRounded(c, FLOAT64, { meanOverTime: true });
        expect(mean.loss).toBe(sum.loss / T);
        for (const k of SLOT_KEYS) expect(mean.gradients[k], k).toEqual(sum.gradients[k].map((row) => row.map((v) => v / T)));
      }),
      { numRuns: 30 },
    );
  });

  it('takes, for Adagrad from a fresh memory, θ − lr·g/√(g² + ε) with g the clipped gradient (or the gradient when there is no clip)', () => {
    fc.assert(
      fc.property(smallCaseArb(4, 1).filter((c) => c.lr !== undefined), (c) => {
        const q = evaluateRounded(c, FLOAT64, { update: 'adagrad' });
        const g = q.clipped ?? q.gradients;
        for (const n of PARAM_NAMES) {
          const theta = rowsOf(c.problem.params[n]);
          const want = theta.map((row, i) => row.map((v, j) => v - c.lr! * (g[n][i][j] / Math.sqrt(g[n][i][j] * g[n][i][j] + ADAGRAD_EPSILON))));
          expect(q.updated![n], n).toEqual(want);
        }
      }),
      { numRuns: 30 },
    );
  });
});
