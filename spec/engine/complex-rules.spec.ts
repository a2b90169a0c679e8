/**
 * The complex rules of src/engine/complex-forward.ts at imaginary parts far from 0, where the
 * shortcuts for tiny arguments (SERIES_LIMIT) do not apply: tan, sin, cos; tanh(x + iy) by its
 * addition formula; the log-sum-exp of eq. (15); and the whole forward at a large step, each
 * against mathjs' own complex arithmetic or a closed form.
 */
import fc from 'fast-check';
import { add, complex, exp, log, subtract, tanh, type Complex } from 'mathjs';
import { describe, expect, it } from 'vitest';
import { complexForward, cosOf, crossEntropyComplex, sinOf, tanhIm, tanhRe, tanOf, SERIES_LIMIT } from '../../src/engine/complex-forward.js';
import { fromReference } from '../../src/engine/convert.js';
import type { FastParams } from '../../src/engine/model.js';
import { forwardAlong, type Problem } from '../../src/gradcheck/problem.js';
import { column, entries, fromRows, imagPart, realPart } from '../../src/reference/linalg.js';
import { oneHotCaseArb } from '../helpers/arbitraries.js';
import { ROUNDING, TWIN_AGREEMENT } from '../helpers/tolerances.js';

/** An integer-built number in [−max, max] (fast-check's doubles cluster near 0). */
const num = (max: number) => fc.integer({ min: -1000, max: 1000 }).map((i) => (i / 1000) * max);

describe('tanOf, sinOf, cosOf — tan, sin, cos with the series shortcut below SERIES_LIMIT', () => {
  it('are Math.tan, Math.sin and Math.cos above the limit, and y, y, 1 (what those round to) below it', () => {
    for (const y of [0.5, -0.5, 1e-3, -2e-8, 1.2, 3]) {
      expect([tanOf(y), sinOf(y), cosOf(y)]).toEqual([Math.tan(y), Math.sin(y), Math.cos(y)]);
    }
    for (const y of [0, 1e-20, -3e-12, 0.99 * SERIES_LIMIT]) {
      expect([tanOf(y), sinOf(y), cosOf(y)]).toEqual([y, y, 1]);
      expect([tanOf(y), sinOf(y), cosOf(y)]).toEqual([Math.tan(y), Math.sin(y), Math.cos(y)]);
    }
  });
});

describe('tanhRe, tanhIm — eq. (3) over ℂ by the addition formula', () => {
  it('equal mathjs’ complex tanh(x + iy) for x in [−3, 3] and y in [−1, 1]', () => {
    fc.assert(
      fc.property(num(3), num(1), (x, y) => {
        const ref = tanh(complex(x, y)) as unknown as Complex;
        const t = Math.tanh(x), s = Math.tan(y);
        // |tanh(x + iy)| ≤ tan 1 < 2 here: rounding of a handful of operations, absolutely.
        expect(Math.abs(tanhRe(t, s) - ref.re)).toBeLessThanOrEqual(ROUNDING);
        expect(Math.abs(tanhIm(t, s) - ref.im)).toBeLessThanOrEqual(ROUNDING);
      }),
      { numRuns: 200 },
    );
  });
});

describe('crossEntropyComplex — one term of eq. (15) over ℂ', () => {
  it('equals log Σₖ exp(oₖ) − o_y evaluated by mathjs for logits with imaginary parts up to ±1', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(num(5), num(1)), { minLength: 2, maxLength: 6 }), fc.nat(), (o, yRaw) => {
        const y = yRaw % o.length;
        const sum = o.reduce<Complex>((s, [re, im]) => add(s, exp(complex(re, im))) as Complex, complex(0, 0));
        const ref = subtract(log(sum), complex(o[y][0], o[y][1])) as Complex;
        const l = crossEntropyComplex(Float64Array.from(o, ([re]) => re), Float64Array.from(o, ([, im]) => im), 0, o.length, y);
        // |l| ≲ 20 for logits in [−5, 5]: ROUNDING relative to that size.
        expect(Math.abs(l.re - ref.re)).toBeLessThanOrEqual(ROUNDING * Math.max(1, Math.abs(ref.re)));
        expect(Math.abs(l.im - ref.im)).toBeLessThanOrEqual(ROUNDING * Math.max(1, Math.abs(ref.im)));
      }),
      { numRuns: 200 },
    );
  });

  it('reads only the V logits at `off` and shifts by their largest, so logits 720 apart give the closed form without overflow', () => {
    // o = (720 + 0.3i, 0.1i): l for y = 1 is log(e^{720+0.3i}(1 + e^{−720}…)) − 0.1i = 720 + 0.2i, as e^{−720} ≈ 2e-313 is lost against 1.
    // Around them, logits that would be the largest (1e4) or overflow (−1e4 shifted by the smallest) if read.
    const oRe = Float64Array.from([1e4, 1e4, 720, 0, 1e4]);
    const oIm = Float64Array.from([5, 5, 0.3, 0.1, 5]);
    const l = crossEntropyComplex(oRe, oIm, 2, 2, 1);
    expect(l.re).toBe(720);
    expect(Math.abs(l.im - 0.2)).toBeLessThanOrEqual(ROUNDING);
    const low = crossEntropyComplex(Float64Array.from([-1e4, 720, 0, -1e4]), Float64Array.from([0, 0.3, 0.1, 0]), 1, 2, 1);
    expect(low).toEqual(l);
  });
});

describe('complexForward at a large step — a full complex evaluation, not only its first order', () => {
  const H = 0.05;
  const caseArb = oneHotCaseArb({ maxNA: 4, maxV: 4, maxT: 6 });
  const flat = (rows: number[][]) => Float64Array.from(rows.flat());

  it('equals the mathjs reference at θ + 0.05i·u in both Re L and Im L', () => {
    fc.assert(
      fc.property(caseArb, ({ params, a0, inputs, targets, u }) => {
        const problem: Problem = { params, a0: column(a0), inputs, targets };
        const ref = forwardAlong(problem, { Wax: fromRows(u.Wax), Waa: fromRows(u.Waa), Wya: fromRows(u.Wya), ba: fromRows(u.ba), by: fromRows(u.by), a0: fromRows(u.a0) }, complex(0, H));
        const p = fromReference(params);
        const im: FastParams = { nA: p.nA, V: p.V, Wax: flat(u.Wax).map((v) => v * H), Waa: flat(u.Waa).map((v) => v * H), Wya: flat(u.Wya).map((v) => v * H), ba: flat(u.ba).map((v) => v * H), by: flat(u.by).map((v) => v * H) };
        const twin = complexForward(p, im, inputs, targets, Float64Array.from(a0), flat(u.a0).map((v) => v * H));
        // What Re L and Im L are summed from: Σₜ |l⟨t⟩| and, per step, the logits' parts (as TWIN_AGREEMENT's scale).
        const scale = ref.steps.reduce<number>((s, st) => s + Math.abs(realPart(st.loss)) + entries(st.o).reduce<number>((a, o) => a + Math.abs(realPart(o)) + Math.abs(imagPart(o)), 0), 0);
        expect(Math.abs(twin.re - realPart(ref.loss))).toBeLessThanOrEqual(TWIN_AGREEMENT * scale);
        expect(Math.abs(twin.im - imagPart(ref.loss))).toBeLessThanOrEqual(TWIN_AGREEMENT * scale);
      }),
      { numRuns: 40 },
    );
  });
});
