import { complex } from 'mathjs';
import { describe, expect, it } from 'vitest';
import { column, entries, imagPart, realPart } from '../../src/reference/linalg.js';
import { block, oneMinus, sigmoid, sigmoidDerivative, sigmoidScalar, stack, tanhDerivativeOf } from '../../src/reference/lstm/vectors.js';
import { rowsOf } from '../helpers/matrices.js';
import { COMPLEX_STEP_SCALAR, ROUNDING } from '../helpers/tolerances.js';

const values = (v: Parameters<typeof entries>[0]) => entries(v).map(realPart);

describe('the gated cells’ shared vector helpers (src/reference/lstm/vectors.ts)', () => {
  it('stacks columns top to bottom and takes a block back out', () => {
    const v = stack(column([1, 2]), column([3]), column([4, 5]));
    expect(rowsOf(v)).toEqual([[1], [2], [3], [4], [5]]);
    expect(values(block(v, 2, 2))).toEqual([3, 4]);
  });

  it('computes σ from either form without overflow: σ(0) = ½, σ(±1000) = 1 and 0, σ(−z) = 1 − σ(z)', () => {
    expect(sigmoidScalar(0)).toBe(0.5);
    expect(sigmoidScalar(1000)).toBe(1);
    expect(sigmoidScalar(-1000)).toBe(0);
    for (const z of [-30, -2.5, -0.1, 0.1, 2.5, 30]) {
      expect(Math.abs(realPart(sigmoidScalar(-z)) - (1 - realPart(sigmoidScalar(z))))).toBeLessThanOrEqual(ROUNDING);
      expect(Math.abs(realPart(sigmoidScalar(z)) - 1 / (1 + Math.exp(-z)))).toBeLessThanOrEqual(ROUNDING);
    }
  });

  it('keeps σ(z) positive where e^−z overflows: σ(−710) is e^−710, since 1 + e^z rounds to 1 there', () => {
    // e^710 > Number.MAX_VALUE, so 1 / (1 + e^−z) would give 1/∞ = 0; e^z / (1 + e^z) = e^z exactly in float64
    const z = -710;
    expect(Math.exp(-z)).toBe(Infinity);
    expect(Math.abs(realPart(sigmoidScalar(z)) - Math.exp(z))).toBeLessThanOrEqual(ROUNDING * Math.exp(z));
  });

  it('is complex-analytic on both branches: the complex step of σ equals σ(1 − σ)', () => {
    const h = 1e-20;
    for (const z of [-12, -1.5, -0.25, 0, 0.25, 1.5, 12]) {
      const s = 1 / (1 + Math.exp(-z));
      const derivative = imagPart(sigmoidScalar(complex(z, h))) / h;
      expect(Math.abs(derivative - s * (1 - s))).toBeLessThanOrEqual(COMPLEX_STEP_SCALAR);
      expect(Math.abs(realPart(entries(sigmoidDerivative(sigmoid(column([z]))))[0]) - s * (1 - s))).toBeLessThanOrEqual(ROUNDING);
    }
  });

  it('gives tanh′ as 1 − v² from the saved output, and 1 − v', () => {
    expect(values(tanhDerivativeOf(column([0, 0.5, -1])))).toEqual([1, 0.75, 0]);
    expect(values(oneMinus(column([0, 0.25, 1])))).toEqual([1, 0.75, 0]);
  });
});
