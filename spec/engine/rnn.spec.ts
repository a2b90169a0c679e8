import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromReference, toReference } from '../../src/engine/convert.js';
import { templateInit } from '../../src/engine/model.js';
import { backward, clipAndStep, forward, numpySum, Workspace } from '../../src/engine/rnn.js';
import { lossAndGradients } from '../../src/reference/bptt.js';
import { clipGradients, sgdStep } from '../../src/reference/clip.js';
import { column, entries, realPart, type Matrix } from '../../src/reference/linalg.js';
import { paramsArb, weight } from '../helpers/arbitraries.js';
import { ENGINE_AGREEMENT, EXPANDING_ENGINE_AGREEMENT } from '../helpers/tolerances.js';
import type { Params } from '../../src/reference/types.js';

/**
 * max |fast − ref| relative to the quantity's largest entry, but never to less than 1: every entry
 * here is a sum over t of terms of size up to about 1 (|a| < 1, |ŷ − y| ≤ 1, one-hot x), so float64
 * fixes it only to about T·ε absolutely, however much the terms cancel. (A clipped dby of ±5.0e-4
 * from 17 such terms was 1.8e-12 apart relative to itself: 8.9e-16 absolutely.)
 */
function relDiff(fast: ArrayLike<number>, ref: Matrix | number[]): number {
  const r = Array.isArray(ref) ? ref : entries(ref).map(realPart);
  const scale = Math.max(...r.map(Math.abs), 1);
  return Math.max(0, ...r.map((v, k) => Math.abs(fast[k] - v) / scale));
}

/** A random model with nX = nY = V and weights in [−w, w], and a sequence whose first input is zero. */
const modelCaseArb = (w: number) => fc
  .record({ nA: fc.integer({ min: 1, max: 12 }), V: fc.integer({ min: 2, max: 9 }), T: fc.integer({ min: 1, max: 60 }) })
  .chain(({ nA, V, T }) =>
    fc.record({
      params: paramsArb({ nA, nX: V, nY: V, T }, w),
      a0: fc.array(weight(0.9), { minLength: nA, maxLength: nA }),
      X: fc.array(fc.integer({ min: 0, max: V - 1 }), { minLength: T - 1, maxLength: T - 1 }).map((xs) => [null, ...xs]),
      Y: fc.array(fc.integer({ min: 0, max: V - 1 }), { minLength: T, maxLength: T }),
    }),
  );

const caseArb = modelCaseArb(0.5);

/** Engine and reference on one case: every quantity's relative difference must be ≤ tolerance. */
function expectEngineEqualsReference(
  { params, a0, X, Y }: { params: Params; a0: number[]; X: (number | null)[]; Y: number[] },
  tolerance: number,
): void {
  const p = fromReference(params);
  const ws = new Workspace(p.nA, p.V, 1 + (X.length % 7)); // small capacities: grown on demand
  const loss = forward(p, X, Y, Float64Array.from(a0), ws);
  const ref = lossAndGradients(params, X, Y, column(a0));
  expect(Math.abs(loss - realPart(ref.loss)) / Math.abs(realPart(ref.loss))).toBeLessThanOrEqual(tolerance);
  ref.forward.steps.forEach((s, t) => {
    expect(relDiff(ws.a.subarray((t + 1) * p.nA, (t + 2) * p.nA), s.a)).toBeLessThanOrEqual(tolerance);
    expect(relDiff(ws.yHat.subarray(t * p.V, (t + 1) * p.V), s.yHat)).toBeLessThanOrEqual(tolerance);
  });
  const g = backward(X, Y, ws);
  for (const name of ['dWax', 'dWaa', 'dWya', 'dba', 'dby', 'da0'] as const) {
    expect(relDiff(g[name], ref.gradients[name]), name).toBeLessThanOrEqual(tolerance);
  }
}

describe('the fast engine equals the reference — eqs. (1)–(6), (15)–(26)', () => {
  it('gives the same loss, every a⟨t⟩ and ŷ⟨t⟩ and every gradient within 1e-12, for T from 1 to 60', () => {
    fc.assert(fc.property(caseArb, (c) => expectEngineEqualsReference(c, ENGINE_AGREEMENT)), { numRuns: 40 });
  });

  it('agrees within 1e-9 when weights up to ±1 make rounding differences grow along the sequence', () => {
    fc.assert(fc.property(modelCaseArb(1), (c) => expectEngineEqualsReference(c, EXPANDING_ENGINE_AGREEMENT)), { numRuns: 20 });
  });

  it('clips and takes the SGD step exactly as the reference does', () => {
    fc.assert(
      fc.property(caseArb, fc.integer({ min: 1, max: 50 }).map((i) => i / 100), ({ params, a0, X, Y }, lr) => {
        const ws = new Workspace(params.ba.size()[0], params.by.size()[0]);
        forward(fromReference(params), X, Y, Float64Array.from(a0), ws);
        backward(X, Y, ws);
        const refGrads = clipGradients(lossAndGradients(params, X, Y, column(a0)).gradients, 0.05);
        expect(clipAndStep(ws, 0.05, lr)).toBeUndefined();
        const refNext = sgdStep(params, refGrads, lr);
        for (const name of ['Wax', 'Waa', 'Wya', 'ba', 'by'] as const) {
          expect(relDiff(ws.grads[`d${name}`], refGrads[`d${name}`]), `d${name}`).toBeLessThanOrEqual(ENGINE_AGREEMENT);
          expect(relDiff(ws.params[name], refNext[name]), name).toBeLessThanOrEqual(ENGINE_AGREEMENT);
        }
      }),
      { numRuns: 30 },
    );
  });

  it('refuses to step on a NaN gradient, naming it and leaving the parameters alone', () => {
    const ws = new Workspace(3, 4);
    ws.load(templateInit(3, 4));
    const before = ws.params.Wya.slice();
    ws.grads.dWya[5] = NaN;
    expect(clipAndStep(ws, 5, 0.1)).toBe('dWya');
    expect(ws.params.Wya).toEqual(before);
    ws.grads.dWya[5] = 0;
    ws.grads.dby[3] = NaN;
    expect(clipAndStep(ws, 5, 0.1)).toBe('dby');
  });

  it('round-trips parameters to and from the reference exactly', () => {
    const p = templateInit(4, 3);
    expect(fromReference(toReference(p))).toEqual(p);
  });
});

describe('numpySum — numpy’s summation order for softmax’s denominator', () => {
  it('adds fewer than 8 values one after another, and 8 or more with 8 running sums, then the rest in order', () => {
    const small = Float64Array.from([1e16, 1, 1, 1]);
    expect(numpySum(small, 0, 4)).toBe(1e16 + 1 + 1 + 1); // = 1e16: each 1 is lost in turn
    const v = Float64Array.from([0.1, ...Array.from({ length: 12 }, (_, i) => 1 / (i + 3))]);
    const r = Array.from(v);
    const pair = (x: number[]) => (x[0] + x[1] + (x[2] + x[3])) + (x[4] + x[5] + (x[6] + x[7]));
    // 13 values: one block of 8 running sums (no second block), then 5 in order
    let expected = pair(r.slice(0, 8));
    for (const x of r.slice(8)) expected += x;
    expect(numpySum(v, 0, 13)).toBe(expected);
  });
});
