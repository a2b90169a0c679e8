/**
 * The double-double exp (double-double-math.ts) where the random-argument spec in exact.spec.ts
 * does not reach: arguments beyond ±354, where 2ᵏ of the argument reduction x = k·ln 2 + r has to
 * be applied in two steps, and the edge of float64's range (expected values: 60-digit BigNumbers);
 * and the matrix products of double-double.ts where a factor is zero. (The second test found
 * `scale2` multiplying by 2ᵏ as one number, which is Infinity for k = 1024: exp(709.5) was Infinity.)
 */
import { all, create, type BigNumber } from 'mathjs';
import { describe, expect, it } from 'vitest';
import { parseCase } from '../../src/conformance/case.js';
import { quantityTable } from '../../src/conformance/conditioning.js';
import { exp, type DD } from '../../src/conformance/double-double-math.js';
import { evaluate } from '../../src/conformance/evaluate.js';
import { evaluateExact } from '../../src/conformance/exact.js';
import { lazy } from '../helpers/lazy.js';
import { DOUBLE_DOUBLE_FUNCTION, ROUNDING } from '../helpers/tolerances.js';

const D = lazy(() => create(all, { number: 'BigNumber', precision: 60 }));
const big = (x: DD) => D().add(D().bignumber(x[0].toPrecision(60)), D().bignumber(x[1].toPrecision(60))) as BigNumber;
/** |got − eˣ| / eˣ, with eˣ in 60 digits. */
const expError = (x: number) => {
  // x's exact binary value (709.78 as a float64 is 709.7799999999999727…; a BigNumber made from the
  // number would read the decimal 709.78, 2.7e-14 away in eˣ).
  const want = D().bignumber(x.toPrecision(60)).exp() as BigNumber;
  return Math.abs(big(exp([x, 0])).minus(want).dividedBy(want).toNumber());
};

describe('double-double exp (double-double-math.ts) at large arguments', () => {
  it('keeps double-double accuracy beyond |x| = 354, where 2ᵏ is applied in two steps', () => {
    // exp's error bound scales with |x| (exp.spec's DOUBLE_DOUBLE_FUNCTION·max(1, |x|)); at ±400 and
    // 500 the results 1.9e-174, 5.2e173, 1.4e217 and their low parts are normal floats.
    for (const x of [-400, 400, 500]) expect(expError(x), `exp(${x})`).toBeLessThanOrEqual(DOUBLE_DOUBLE_FUNCTION * Math.abs(x));
  });

  it('is finite and accurate up to 709.78, where e^x ≈ 1.7928e308 is still below float64’s largest number', () => {
    expect(D().bignumber(709.78).exp().lessThan(D().bignumber(Number.MAX_VALUE))).toBe(true);
    for (const x of [709.5, 709.78]) {
      const e = exp([x, 0]);
      expect(Number.isFinite(e[0] + e[1]), `exp(${x})`).toBe(true);
      expect(expError(x), `exp(${x})`).toBeLessThanOrEqual(DOUBLE_DOUBLE_FUNCTION * x);
    }
  });

  it('is an Infinity that rounds to Infinity beyond 709.78, and exactly 0 below −745.2, however far out', () => {
    for (const x of [710, 1000, 1e300]) {
      const e = exp([x, 0]);
      expect(e[0] + e[1], `exp(${x})`).toBe(Infinity);
    }
    for (const x of [-746, -1000, -1e300]) expect(exp([x, 0]), `exp(${x})`).toEqual([0, 0]);
  });
});

describe('the double-double matrix products (double-double.ts) skip exact zero factors', () => {
  // Dekker's splitter (2²⁷ + 1)·w overflows for |w| > 1.3e300, so a product with such a weight is
  // NaN even when the other factor is 0; the products skip zero factors, as float64 code multiplies
  // them to 0. A: the weight 1e301 meets only the zero entry of a one-hot input (matvec).
  // B: it meets only a zero hidden state forward (matvec) and a zero ∂L/∂o backward (matTvec),
  // ŷ = (0, 1) for logits 1000 apart with the target on the larger.
  const cases = lazy(() => [
    parseCase({ format: 'rnn-oracle/case@1', params: { Wax: [[0.5, 1e301]], Waa: [[0.25]], Wya: [[1], [-1]], ba: [0], by: [0, 0] }, inputs: [0, 0], targets: [0, 1] }),
    parseCase({ format: 'rnn-oracle/case@1', params: { Wax: [[0]], Waa: [[0]], Wya: [[1e301], [0]], ba: [0], by: [-1000, 0] }, inputs: [0], targets: [1] }),
  ]);

  it('leaves the exact expected values finite and equal to the float64 reference’s when a weight beyond 1.3e300 only ever multiplies zeros', () => {
    for (const [n, c] of cases().entries()) {
      const reference = quantityTable(evaluate(c));
      for (const [name, rows] of quantityTable(evaluateExact(c))) {
        rows.forEach((row, i) =>
          row.forEach((v, j) => {
            const want = reference.get(name)![i][j];
            expect(Math.abs(v - want), `case ${'AB'[n]} ${name}[${i}][${j}]`).toBeLessThanOrEqual(ROUNDING * Math.max(1, Math.abs(want)));
          }),
        );
      }
    }
  });
});
