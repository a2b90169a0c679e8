import fc from 'fast-check';
import { complex } from 'mathjs';
import { describe, expect, it } from 'vitest';
import { complexForward } from '../../src/engine/complex-forward.js';
import { complexStepPartials } from '../../src/engine/complex-partials.js';
import { fromReference } from '../../src/engine/convert.js';
import { zeroParams, type FastParams } from '../../src/engine/model.js';
import { forwardAlong, forwardWithEntry, SLOTS, type Problem } from '../../src/gradcheck/problem.js';
import type { Forward } from '../../src/reference/bptt.js';
import { column, entries, fromRows, imagPart, realPart } from '../../src/reference/linalg.js';
import { oneHotCaseArb } from '../helpers/arbitraries.js';
import { TWIN_AGREEMENT } from '../helpers/tolerances.js';

const H = 1e-20;

const caseArb = oneHotCaseArb({ maxNA: 5, maxV: 5, maxT: 12 });

const flat = (rows: number[][]) => Float64Array.from(rows.flat());

/**
 * The size of what Im L / h is summed from: per step, Im l = arg Σₖ ŷₖe^{i·Im oₖ} − Im o_y, whose
 * terms are ŷₖ·Im oₖ and Im o_y (they may cancel to far less); Σₜ (Σₖ |ŷₖ·Im oₖ| + |Im o_y|) / h.
 */
function termsOf(f: Forward): number {
  return f.steps.reduce((s, st) => {
    const o = entries(st.o).map(imagPart);
    const q = entries(st.yHat).map(realPart);
    return s + o.reduce((acc, ok, k) => acc + Math.abs(q[k] * ok), 0) + Math.abs(o[st.target]);
  }, 0) / H;
}
/** Set MEASURE_TWIN=<runs> to print the worst agreement seen (how TWIN_AGREEMENT was checked). */
let worstAgreement = 0;
const closeTo = (value: number, expected: number, scale: number) => {
  if (process.env.MEASURE_TWIN) worstAgreement = Math.max(worstAgreement, Math.abs(value - expected) / Math.max(scale, Number.MIN_VALUE));
  expect(Math.abs(value - expected)).toBeLessThanOrEqual(TWIN_AGREEMENT * Math.max(scale, Number.MIN_VALUE));
};

describe('complexForward — eqs. (1)–(6), (15) over ℂ', () => {
  it('equals the mathjs reference evaluated at θ + i·h·u: Re L, and Im L / h (the complex-step derivative along u)', () => {
    fc.assert(
      fc.property(caseArb, ({ params, a0, inputs, targets, u }) => {
        const problem: Problem = { params, a0: column(a0), inputs, targets };
        const ref = forwardAlong(problem, { Wax: fromRows(u.Wax), Waa: fromRows(u.Waa), Wya: fromRows(u.Wya), ba: fromRows(u.ba), by: fromRows(u.by), a0: fromRows(u.a0) }, complex(0, H));
        const p = fromReference(params);
        const im: FastParams = { nA: p.nA, V: p.V, Wax: flat(u.Wax).map((v) => v * H), Waa: flat(u.Waa).map((v) => v * H), Wya: flat(u.Wya).map((v) => v * H), ba: flat(u.ba).map((v) => v * H), by: flat(u.by).map((v) => v * H) };
        const twin = complexForward(p, im, inputs, targets, Float64Array.from(a0), flat(u.a0).map((v) => v * H));
        closeTo(twin.re, realPart(ref.loss), Math.abs(realPart(ref.loss)));
        const magnitude = ref.steps.reduce((s, st) => s + Math.abs(imagPart(st.loss)), 0) / H;
        closeTo(twin.im / H, imagPart(ref.loss) / H, termsOf(ref));
        closeTo(twin.imMagnitude / H, magnitude, termsOf(ref));
      }),
      { numRuns: Number(process.env.MEASURE_TWIN ?? 60) },
    );
  });
});

describe('complexStepPartials — every ∂L/∂θ by the complex step, batched', () => {
  it('equals the mathjs reference’s complex step entry by entry, with each entry’s per-step magnitude', () => {
    fc.assert(
      fc.property(caseArb, ({ params, a0, inputs, targets }) => {
        const problem: Problem = { params, a0: column(a0), inputs, targets };
        const p = fromReference(params);
        const { partials, magnitudes } = complexStepPartials(p, inputs, targets, Float64Array.from(a0), H);
        for (const slot of SLOTS) {
          const values = slot === 'a0' ? a0 : Array.from(p[slot]);
          const cols = { Wax: p.V, Waa: p.nA, Wya: p.nA, ba: 1, by: 1, a0: 1 }[slot];
          values.forEach((x, k) => {
            const f = forwardWithEntry(problem, slot, Math.floor(k / cols), k % cols, complex(x, H));
            const magnitude = f.steps.reduce((s, st) => s + Math.abs(imagPart(st.loss)), 0) / H;
            closeTo(partials[`d${slot}`][k], imagPart(f.loss) / H, termsOf(f));
            closeTo(magnitudes[`d${slot}`][k], magnitude, termsOf(f));
          });
        }
      }),
      { numRuns: Number(process.env.MEASURE_TWIN ?? 25) },
    );
    if (process.env.MEASURE_TWIN) console.log(`worst |twin − reference| / magnitude: ${worstAgreement.toExponential(2)}`);
  });

  it('gives exact zeros for the columns of Wax whose input never occurs, and reports progress up to the total', () => {
    const p = zeroParams(2, 3);
    p.Waa.set([0.3, -0.2, 0.1, 0.4]);
    p.Wax.set([0.5, 0.1, -0.3, 0.2, 0.7, -0.6]);
    p.Wya.set([0.2, -0.1, 0.3, 0.5, -0.4, 0.1]);
    const seen: number[] = [];
    const { partials } = complexStepPartials(p, [null, 0, 0], [1, 2, 0], new Float64Array([0.1, -0.2]), H, (done, total) => seen.push(done / total));
    expect([partials.dWax[1], partials.dWax[2], partials.dWax[4], partials.dWax[5]]).toEqual([0, 0, 0, 0]);
    expect(partials.dWax[0]).not.toBe(0);
    expect(seen.at(-1)).toBe(1);
  });
});
