/**
 * The two primitives of double-double.ts, add and mul, on operands whose low parts are not zero.
 * The function specs (exact.spec.ts, double-double-edges.spec.ts) start from float64 arguments, so
 * one of each pair of low parts they add is often 0, where adding and subtracting low parts agree.
 * Expected values: 60-digit BigNumbers of the operands' exact binary values.
 */
import { all, create, type BigNumber } from 'mathjs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { add, mul, out } from '../../src/conformance/double-double.js';
import { lazy } from '../helpers/lazy.js';
import { DOUBLE_DOUBLE_ADD, DOUBLE_DOUBLE_MUL } from '../helpers/tolerances.js';

const D = lazy(() => create(all, { number: 'BigNumber', precision: 60 }));
const big = (h: number, l: number) => D().add(D().bignumber(h.toPrecision(60)), D().bignumber(l.toPrecision(60))) as BigNumber;

/** A normalised double-double: hi from integers, |lo| ≤ 2⁻⁵⁴·|hi| ≤ ½ulp(hi), both of either sign. */
const dd = fc
  .tuple(fc.integer({ min: -(2 ** 30), max: 2 ** 30 }), fc.integer({ min: -20, max: 20 }), fc.integer({ min: -(2 ** 20), max: 2 ** 20 }))
  .filter(([m]) => m !== 0)
  .map(([m, e, k]): [number, number] => {
    const hi = m * 2 ** (e - 15);
    return [hi, hi * 2 ** -54 * (k / 2 ** 20)];
  });

/** |out − want| / |want|, or |out| when want is 0. */
function relError(want: BigNumber): number {
  const got = big(out[0], out[1]);
  return want.isZero() ? Math.abs(got.toNumber()) : Math.abs(got.minus(want).dividedBy(want).toNumber());
}

describe('double-double add and mul (double-double.ts) with both low parts non-zero', () => {
  it('add is within 3u²/(1 − 4u) of the exact sum, cancelling sums included (u = 2⁻⁵³)', () => {
    fc.assert(
      fc.property(dd, dd, fc.boolean(), ([ah, al], [bh, bl], cancel) => {
        // half the time b's head is −a's, so that the heads cancel and the low parts make the result
        // (b's low part rescaled to stay within ½ulp of its new head: the bounds assume normalised operands)
        if (cancel) [bh, bl] = [-ah, (bl / bh) * -ah];
        add(ah, al, bh, bl);
        expect(relError(big(ah, al).plus(big(bh, bl)))).toBeLessThanOrEqual(DOUBLE_DOUBLE_ADD);
      }),
      { numRuns: 300 },
    );
  });

  it('mul is within 7u² of the exact product', () => {
    fc.assert(
      fc.property(dd, dd, ([ah, al], [bh, bl]) => {
        mul(ah, al, bh, bl);
        expect(relError(big(ah, al).times(big(bh, bl)))).toBeLessThanOrEqual(DOUBLE_DOUBLE_MUL);
      }),
      { numRuns: 300 },
    );
  });
});
