import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lossAndGradients } from '../../src/reference/bptt.js';
import { clipElementwise, clipGradients, sgdStep } from '../../src/reference/clip.js';
import { fromRows, realPart } from '../../src/reference/linalg.js';
import { PARAM_NAMES } from '../../src/reference/types.js';
import { problemArb, rowsArb, weight } from '../helpers/arbitraries.js';
import { rowsOf } from '../helpers/matrices.js';

const gradientArb = fc
  .tuple(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 5 }))
  .chain(([r, c]) => rowsArb(r, c, 20));
const boundArb = fc.integer({ min: 0, max: 10_000 }).map((i) => i / 1000);

describe('clipElementwise — section 3.2, clip to [−c, c]', () => {
  it('keeps every element in [−c, c]', () => {
    fc.assert(
      fc.property(gradientArb, boundArb, (g, c) => {
        expect(rowsOf(clipElementwise(fromRows(g), c)).flat().every((v) => v >= -c && v <= c)).toBe(true);
      }),
    );
  });

  it('leaves elements already inside unchanged and preserves signs', () => {
    fc.assert(
      fc.property(gradientArb, boundArb, (g, c) => {
        const clipped = rowsOf(clipElementwise(fromRows(g), c)).flat();
        g.flat().forEach((v, k) => {
          if (Math.abs(v) <= c) expect(clipped[k]).toBe(v);
          else if (c === 0) expect(clipped[k] === 0).toBe(true);
          else expect(Math.sign(clipped[k])).toBe(Math.sign(v));
        });
      }),
    );
  });

  it('returns an element equal to a bound as it is, to the sign of zero: with c = 0, −0 stays −0 and +0 stays +0', () => {
    // −0 and +0 both lie in [−0, +0]: "inside", so unchanged, bit for bit (the property above draws no −0)
    const [[negative, positive]] = rowsOf(clipElementwise(fromRows([[-0, 0]]), 0));
    expect([Object.is(negative, -0), Object.is(positive, 0)]).toEqual([true, true]);
  });

  it('is idempotent and does not mutate its input', () => {
    fc.assert(
      fc.property(gradientArb, boundArb, (g, c) => {
        const G = fromRows(g);
        const once = clipElementwise(G, c);
        expect(rowsOf(clipElementwise(once, c))).toEqual(rowsOf(once));
        expect(rowsOf(G)).toEqual(g);
      }),
    );
  });

  it('keeps NaN as NaN (as numpy’s clip does) and refuses a negative bound', () => {
    expect(rowsOf(clipElementwise(fromRows([[NaN, 7]]), 5))).toEqual([[NaN, 5]]);
    expect(() => clipElementwise(fromRows([[1]]), -1)).toThrow('clip bound must be ≥ 0, got -1');
  });

  it('clipGradients clips all six gradients, a0’s included', () => {
    fc.assert(
      fc.property(problemArb(4, 3), ({ params, a0, inputs, targets }) => {
        const clipped = clipGradients(lossAndGradients(params, inputs, targets, a0).gradients, 0.01);
        for (const g of Object.values(clipped)) expect(rowsOf(g).flat().every((v) => Math.abs(v) <= 0.01)).toBe(true);
      }),
    );
  });
});

describe('sgdStep — θ ← θ − lr·∂L/∂θ', () => {
  it('moves every parameter by −lr times its gradient and leaves the old parameters alone', () => {
    fc.assert(
      fc.property(problemArb(4), weight(1), ({ params, a0, inputs, targets }, lr) => {
        const before = JSON.stringify(params);
        const { gradients } = lossAndGradients(params, inputs, targets, a0);
        const next = sgdStep(params, gradients, lr);
        for (const name of PARAM_NAMES) {
          const expected = rowsOf(params[name]).map((row, i) => row.map((v, j) => v - lr * rowsOf(gradients[`d${name}`])[i][j]));
          expect(rowsOf(next[name])).toEqual(expected);
        }
        expect(JSON.stringify(params)).toBe(before);
      }),
    );
  });

  it('lowers the loss for a small enough step', () => {
    fc.assert(
      fc.property(problemArb(4), ({ params, a0, inputs, targets }) => {
        const { loss, gradients } = lossAndGradients(params, inputs, targets, a0);
        const after = lossAndGradients(sgdStep(params, gradients, 1e-4), inputs, targets, a0).loss;
        expect(realPart(after)).toBeLessThanOrEqual(realPart(loss));
      }),
    );
  });
});
