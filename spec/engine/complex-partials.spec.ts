/**
 * complexStepPartials beyond the small models of complex-forward.spec.ts: a model whose batch memory
 * needs more than one WebAssembly page, a step h large enough that the complex rules' higher-order
 * terms show, and the progress it reports.
 */
import { complex } from 'mathjs';
import { describe, expect, it } from 'vitest';
import { complexForward } from '../../src/engine/complex-forward.js';
import { BATCH, complexStepPartials } from '../../src/engine/complex-partials.js';
import { fromReference, toReference } from '../../src/engine/convert.js';
import { templateInit, zeroParams, type FastParams } from '../../src/engine/model.js';
import { forwardWithEntry, SLOTS, type Problem } from '../../src/gradcheck/problem.js';
import { column, entries, imagPart, realPart } from '../../src/reference/linalg.js';
import { TWIN_AGREEMENT } from '../helpers/tolerances.js';

const H = 1e-20;
const COLS = { Wax: 'V', Waa: 'nA', Wya: 'nA', ba: 1, by: 1, a0: 1 } as const;

/** ∂L/∂θ for one entry by complexForward (the unbatched twin) along the unit direction of that entry. */
function twinPartial(p: FastParams, X: (number | null)[], Y: number[], a0: Float64Array, slot: (typeof SLOTS)[number], k: number, h: number): number {
  const im: FastParams = zeroParams(p.nA, p.V);
  const a0Im = new Float64Array(p.nA);
  (slot === 'a0' ? a0Im : im[slot])[k] = h;
  return complexForward(p, im, X, Y, a0, a0Im).im / h;
}

const maxAbs = (v: Float64Array) => Math.max(...Array.from(v, Math.abs));

describe('complexStepPartials on larger models and steps', () => {
  it('equals the unbatched twin on a 40×57 model, whose batch memory spans two WebAssembly pages', () => {
    // WaaT, WyaT and the three nA×BATCH, V×BATCH imaginary parts: 1600 + 2280 + 2560 + 1824 = 8264 doubles > 8192 per page.
    const p = templateInit(40, 57, 3);
    p.Waa.forEach((v, k) => (p.Waa[k] = v * 10));
    const X = [null, 7, 56, 7], Y = [7, 56, 0, 3];
    const a0 = Float64Array.from({ length: 40 }, (_, i) => Math.sin(i) / 2);
    const { partials } = complexStepPartials(p, X, Y, a0, H);
    for (const slot of SLOTS) {
      const got = partials[`d${slot}`] as Float64Array;
      const scale = maxAbs(got);
      expect(scale).toBeGreaterThan(0);
      // every 37th entry and the last one (the last batch, the highest offsets)
      for (let k = 0; k < got.length; k += k + 37 < got.length ? 37 : Math.max(1, got.length - 1 - k)) {
        expect(Math.abs(got[k] - twinPartial(p, X, Y, a0, slot, k, H)), `${slot}[${k}]`).toBeLessThanOrEqual(TWIN_AGREEMENT * scale);
      }
    }
  });

  it('is exact at any step h where every hidden pre-activation is 0: equals the reference’s Im L(θ + 0.5i) / 0.5 entry by entry', () => {
    // Re z⟨1⟩ = Wax·x + Waa·a⟨0⟩ + ba = 0 (a⟨0⟩ in Waa's null space, Wax's column for x zero), so the real
    // pass a⟨1⟩ = 0 is also the real part of the complex one, for any h: nothing of order h² is dropped.
    const p = zeroParams(2, 3);
    p.Waa.set([0.5, -1, -0.2, 0.4]);
    p.Wax.set([0, 0.7, -0.4, 0, 0.3, 0.9]);
    p.Wya.set([0.8, -0.6, 0.3, 1.1, -0.9, 0.2]);
    p.by.set([0.2, -0.1, 0.4]);
    const a0 = Float64Array.from([0.6, 0.3]);
    const h = 0.5;
    const problem: Problem = { params: toReference(p), a0: column([0.6, 0.3]), inputs: [0], targets: [2] };
    const { partials } = complexStepPartials(fromReference(problem.params), [0], [2], a0, h);
    let nonzero = 0;
    for (const slot of SLOTS) {
      const got = partials[`d${slot}`] as Float64Array;
      const cols = typeof COLS[slot] === 'number' ? (COLS[slot] as number) : p[COLS[slot] as 'nA' | 'V'];
      got.forEach((value, k) => {
        const f = forwardWithEntry(problem, slot, Math.floor(k / cols), k % cols, complex(realPart(entries(slot === 'a0' ? problem.a0 : problem.params[slot])[k]), h));
        // Σₜ (|Im l⟨t⟩| + Σₖ |Im oₖ|) / h: what Im L / h is summed from (TWIN_AGREEMENT's scale).
        const terms = f.steps.reduce<number>((s, st) => s + Math.abs(imagPart(st.loss)) + entries(st.o).reduce<number>((a, o) => a + Math.abs(imagPart(o)), 0), 0) / h;
        expect(Math.abs(value - imagPart(f.loss) / h), `${slot}[${k}]`).toBeLessThanOrEqual(TWIN_AGREEMENT * terms);
        if (value !== 0) nonzero++;
      });
    }
    // Wya's are 0 (a⟨1⟩ = 0), as are Wax's columns 1 and 2 (inputs never seen); the other 13 are not.
    expect(nonzero).toBe(13);
  });

  it('reports, after each batch of at most BATCH entries, how many of all the entries it has done, ending at their number', () => {
    // nA = 4 with two distinct inputs: 4·(a⟨0⟩, ba, 4 of Waa, 2 of Wax) = 32 hidden-path entries, one full batch.
    for (const [nA, V, X] of [[4, 3, [0, 2, 0]], [3, 4, [null, 1]], [6, 5, [4, 3, 2, 1, 0]]] as const) {
      const p = templateInit(nA, V);
      const seen: [number, number][] = [];
      complexStepPartials(p, X, X.map((x) => (x ?? 0)), new Float64Array(nA), H, (done, total) => seen.push([done, total]));
      const distinct = new Set(X.filter((x) => x !== null)).size;
      const hidden = nA * (2 + nA + distinct);
      const total = hidden + V * nA + V;
      expect(seen.every(([, t]) => t === total)).toBe(true);
      const done = seen.map(([d]) => d);
      expect(done.at(-1)).toBe(total);
      expect(done.at(-2)).toBe(hidden);
      expect(done.length).toBe(Math.ceil(hidden / BATCH) + 1);
      done.forEach((d, b) => expect(d - (b === 0 ? 0 : done[b - 1])).toBeGreaterThan(0));
      done.slice(0, -1).forEach((d, b) => expect(d - (b === 0 ? 0 : done[b - 1])).toBeLessThanOrEqual(BATCH));
    }
  });
});
