import fc from 'fast-check';
import { complex } from 'mathjs';
import { describe, expect, it } from 'vitest';
import { column, entries, realPart, type Complex } from '../../src/reference/linalg.js';
import {
  backpropSoftmax,
  crossEntropy,
  dLossdYHat,
  logSoftmax,
  softmax,
  softmaxCrossEntropyGradient,
} from '../../src/reference/softmax.js';
import { weight } from '../helpers/arbitraries.js';
import { COMPLEX_STEP_SCALAR, ROUNDING } from '../helpers/tolerances.js';
import { expectClose, maxAbsDiff, rowsOf } from '../helpers/matrices.js';

const logitsArb = (max = 5) => fc.array(weight(max), { minLength: 2, maxLength: 8 });
const values = (m: ReturnType<typeof softmax>) => entries(m).map(realPart);

describe('softmax — eq. (5)', () => {
  it('is positive and sums to 1 for any logits', () => {
    fc.assert(
      fc.property(logitsArb(), (o) => {
        const p = values(softmax(column(o)));
        expect(p.every((v) => v > 0)).toBe(true);
        expect(Math.abs(p.reduce((s, v) => s + v, 0) - 1)).toBeLessThanOrEqual(ROUNDING);
      }),
    );
  });

  it('does not change when every logit is shifted by the same constant', () => {
    fc.assert(
      fc.property(logitsArb(), weight(50), (o, c) => {
        expect(maxAbsDiff(softmax(column(o.map((v) => v + c))), softmax(column(o)))).toBeLessThanOrEqual(ROUNDING);
      }),
    );
  });

  it('stays finite for logits of ±1000', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(-1000, 1000, 999, -999.5, 0), { minLength: 2, maxLength: 6 }), (o) => {
        const p = values(softmax(column(o)));
        expect(p.every(Number.isFinite)).toBe(true);
        expect(Math.abs(p.reduce((s, v) => s + v, 0) - 1)).toBeLessThanOrEqual(ROUNDING);
      }),
    );
  });

  it('gives [1/4, 3/4] for logits [0, ln 3] (worked by hand)', () => {
    expectClose(softmax(column([0, Math.log(3)])), [[0.25], [0.75]], ROUNDING);
  });
});

describe('cross-entropy l(ŷ, y) = −log ŷ_k via log-softmax', () => {
  it('equals −log softmax(o)_k where softmax is representable', () => {
    fc.assert(
      fc.property(logitsArb(), fc.nat(), (o, k0) => {
        const k = k0 % o.length;
        const direct = -Math.log(values(softmax(column(o)))[k]);
        expect(Math.abs(realPart(crossEntropy(column(o), k)) - direct)).toBeLessThanOrEqual(ROUNDING * 10);
      }),
    );
  });

  it('gives a large finite loss for a confident wrong prediction instead of −log 0', () => {
    const loss = realPart(crossEntropy(column([1000, -1000]), 1));
    expect(loss).toBe(2000);
    expect(values(logSoftmax(column([1000, -1000])))).toEqual([0, -2000]);
  });

  it('is ln(4/3) for logits [0, ln 3] and target 1 (worked by hand)', () => {
    expect(Math.abs(realPart(crossEntropy(column([0, Math.log(3)]), 1)) - Math.log(4 / 3))).toBeLessThanOrEqual(ROUNDING);
  });
});

describe('softmax–cross-entropy gradient — section 3.1, unnumbered', () => {
  it('equals softmax(o) − y, and the complex-step derivative of the loss in each logit', () => {
    fc.assert(
      fc.property(logitsArb(), fc.nat(), (o, k0) => {
        const k = k0 % o.length;
        const g = values(softmaxCrossEntropyGradient(softmax(column(o)), k));
        const p = values(softmax(column(o)));
        p.forEach((pi, i) => expect(Math.abs(g[i] - (pi - (i === k ? 1 : 0)))).toBe(0));
        const h = 1e-20;
        o.forEach((_, i) => {
          const shifted = column(o.map((v, j) => (j === i ? complex(v, h) : v)));
          const numeric = (crossEntropy(shifted, k) as Complex).im / h;
          expect(Math.abs(numeric - g[i])).toBeLessThanOrEqual(COMPLEX_STEP_SCALAR);
        });
      }),
    );
  });
});

describe('the chain (16)–(17): ∂L/∂ŷ, then back through softmax', () => {
  it('eq. (16) is −1/ŷ_k at the target and 0 elsewhere', () => {
    expect(rowsOf(dLossdYHat(column([0.25, 0.75]), 1))).toEqual([[0], [-1 / 0.75]]);
  });

  it('eq. (17) applied to eq. (16) equals the fused softmax(o) − y', () => {
    fc.assert(
      fc.property(logitsArb(), fc.nat(), (o, k0) => {
        const k = k0 % o.length;
        const yHat = softmax(column(o));
        expectClose(backpropSoftmax(dLossdYHat(yHat, k), yHat), softmaxCrossEntropyGradient(yHat, k), ROUNDING);
      }),
    );
  });
});
