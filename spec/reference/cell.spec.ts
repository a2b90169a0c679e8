import fc from 'fast-check';
import { complex } from 'mathjs';
import { describe, expect, it } from 'vitest';
import {
  backpropOutput,
  backpropTanh,
  dbaStep,
  dbyStep,
  dWaaStep,
  dWaxStep,
  dWyaStep,
  hiddenState,
  logits,
  prediction,
  preActivation,
  tanhActivation,
  tanhDerivative,
} from '../../src/reference/cell.js';
import { column, entries, realPart, shape, type Complex } from '../../src/reference/linalg.js';
import { softmax } from '../../src/reference/softmax.js';
import { dimsArb, paramsArb, rowsArb, weight } from '../helpers/arbitraries.js';
import { expectClose, maxAbsDiff } from '../helpers/matrices.js';
import { COMPLEX_STEP_SCALAR, ROUNDING } from '../helpers/tolerances.js';

const cellArb = dimsArb().chain((dims) =>
  fc.record({
    dims: fc.constant(dims),
    params: paramsArb(dims),
    x: rowsArb(dims.nX, 1).map((r) => column(r.flat())),
    aPrev: rowsArb(dims.nA, 1).map((r) => column(r.flat())),
    dO: rowsArb(dims.nY, 1).map((r) => column(r.flat())),
  }),
);

describe('the cell forward — eqs. (1)–(6)', () => {
  it('gives z and a of nA×1, o and ŷ of nY×1 for any sizes', () => {
    fc.assert(
      fc.property(cellArb, ({ dims, params, x, aPrev }) => {
        expect(shape(preActivation(params, x, aPrev))).toEqual([dims.nA, 1]);
        expect(shape(hiddenState(params, x, aPrev))).toEqual([dims.nA, 1]);
        const a = hiddenState(params, x, aPrev);
        expect(shape(logits(params, a))).toEqual([dims.nY, 1]);
        expect(shape(prediction(params, a))).toEqual([dims.nY, 1]);
      }),
    );
  });

  it('eq. (1) is eq. (3) after eq. (4), and eq. (2) is eq. (5) after eq. (6)', () => {
    fc.assert(
      fc.property(cellArb, ({ params, x, aPrev }) => {
        const a = hiddenState(params, x, aPrev);
        expect(maxAbsDiff(a, tanhActivation(preActivation(params, x, aPrev)))).toBe(0);
        expect(maxAbsDiff(prediction(params, a), softmax(logits(params, a)))).toBe(0);
        expect(entries(a).every((v) => Math.abs(realPart(v)) <= 1)).toBe(true);
      }),
    );
  });

  it('computes a = tanh(0.5·1 + 0.25·0.5 + 0.125) = tanh(0.75) for a 1×1 cell (worked by hand)', () => {
    const params = {
      Wax: column([0.5]),
      Waa: column([0.25]),
      Wya: column([2]),
      ba: column([0.125]),
      by: column([-1]),
    };
    const a = hiddenState(params, column([1]), column([0.5]));
    expect(realPart(entries(a)[0])).toBe(Math.tanh(0.75));
    expect(realPart(entries(logits(params, a))[0])).toBe(2 * Math.tanh(0.75) - 1);
  });
});

describe('tanh derivative — eq. (10)', () => {
  it('equals 1 − a² and the complex-step derivative of tanh at z', () => {
    fc.assert(
      fc.property(weight(4), (z) => {
        const a = Math.tanh(z);
        const d = realPart(entries(tanhDerivative(column([a])))[0]);
        expect(d).toBe(1 - a * a);
        const h = 1e-20;
        const numeric = (entries(tanhActivation(column([complex(z, h)])))[0] as Complex).im / h;
        expect(Math.abs(numeric - d)).toBeLessThanOrEqual(COMPLEX_STEP_SCALAR);
      }),
    );
  });
});

describe('single-cell gradients — eqs. (7)–(9), (11)–(14)', () => {
  it('have the shapes of what they differentiate: dWya nY×nA, dby nY×1, da nA×1, dWaa nA×nA, dWax nA×nX, dba nA×1', () => {
    fc.assert(
      fc.property(cellArb, ({ dims, params, x, aPrev, dO }) => {
        const a = hiddenState(params, x, aPrev);
        const dz = backpropTanh(backpropOutput(params, dO), a);
        expect(shape(dWyaStep(dO, a))).toEqual([dims.nY, dims.nA]);
        expect(shape(dbyStep(dO))).toEqual([dims.nY, 1]);
        expect(shape(dz)).toEqual([dims.nA, 1]);
        expect(shape(dWaaStep(dz, aPrev))).toEqual([dims.nA, dims.nA]);
        expect(shape(dWaxStep(dz, x))).toEqual([dims.nA, dims.nX]);
        expect(shape(dbaStep(dz))).toEqual([dims.nA, 1]);
      }),
    );
  });

  it('eq. (11) multiplies elementwise: dz = da ⊙ (1 − a²) for da = [2, 3], a = [0.5, 0] (worked by hand)', () => {
    expectClose(backpropTanh(column([2, 3]), column([0.5, 0])), [[1.5], [3]], ROUNDING);
  });
});
