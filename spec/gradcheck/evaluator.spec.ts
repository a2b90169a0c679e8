import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { float64Floor } from '../../src/gradcheck/conditioning.js';
import { evaluatorFor, fitsEngine, mapSlots, type Flat } from '../../src/gradcheck/evaluator.js';
import { SLOTS, type Problem } from '../../src/gradcheck/problem.js';
import { column } from '../../src/reference/linalg.js';
import { paramsArb, rowsArb, weight } from '../helpers/arbitraries.js';
import { ENGINE_AGREEMENT, TWIN_AGREEMENT } from '../helpers/tolerances.js';

/** A small one-hot problem (nX = nY = V), weights in [−0.5, 0.5], with a direction u. */
const caseArb = fc
  .record({ nA: fc.integer({ min: 1, max: 4 }), V: fc.integer({ min: 2, max: 4 }), T: fc.integer({ min: 1, max: 8 }) })
  .chain(({ nA, V, T }) =>
    fc.record({
      problem: fc
        .record({
          params: paramsArb({ nA, nX: V, nY: V, T }, 0.5),
          a0: fc.array(weight(0.9), { minLength: nA, maxLength: nA }).map(column),
          inputs: fc.array(fc.option(fc.integer({ min: 0, max: V - 1 }), { nil: null }), { minLength: T, maxLength: T }),
          targets: fc.array(fc.integer({ min: 0, max: V - 1 }), { minLength: T, maxLength: T }),
        })
        .map((p): Problem => p),
      u: fc.record({ Wax: rowsArb(nA, V), Waa: rowsArb(nA, nA), Wya: rowsArb(V, nA), ba: rowsArb(nA, 1), by: rowsArb(V, 1), a0: rowsArb(nA, 1) }),
    }),
  );

const toFlat = (u: Record<string, number[][]>): Flat => mapSlots((s) => Float64Array.from(u[s].flat()));
const close = (a: number, b: number, scale: number, tol: number) => expect(Math.abs(a - b)).toBeLessThanOrEqual(tol * Math.max(scale, Number.MIN_VALUE));
const maxAbs = (v: Float64Array) => Math.max(0, ...Array.from(v, Math.abs));

describe('evaluators — the engine path equals the mathjs reference path', () => {
  it('on L with one entry changed, L along a direction, the complex step along it, BPTT, and BPTT’s intermediates', () => {
    fc.assert(
      fc.property(caseArb, ({ problem, u }) => {
        expect(fitsEngine(problem)).toBe(true);
        const engine = evaluatorFor(problem, 'engine');
        const reference = evaluatorFor(problem, 'reference');
        const dir = toFlat(u);
        for (const s of [0.25, -1e-3]) close(engine.lossAlong(dir, s), reference.lossAlong(dir, s), reference.lossAlong(dir, s), ENGINE_AGREEMENT);
        close(engine.lossWithEntry('Waa', 0, 0.3), reference.lossWithEntry('Waa', 0, 0.3), reference.lossWithEntry('Waa', 0, 0.3), ENGINE_AGREEMENT);
        const [ce, cr] = [engine.complexAlong(dir, 1e-20), reference.complexAlong(dir, 1e-20)];
        close(ce.value, cr.value, cr.magnitude, TWIN_AGREEMENT);
        const zero = mapSlots((s) => new Float64Array(engine.theta[s].length));
        const [ge, gr] = [engine.gradientsScaled(zero), reference.gradientsScaled(zero)];
        for (const s of SLOTS) for (let k = 0; k < ge.gradients[s].length; k++) close(ge.gradients[s][k], gr.gradients[s][k], maxAbs(gr.gradients[s]), ENGINE_AGREEMENT);
        const [ie, ir] = [engine.intermediates(), reference.intermediates()];
        for (const key of ['x', 'a', 'da', 'dy'] as const) {
          expect(ie[key].length).toBe(ir[key].length);
          ie[key].forEach((v, k) => close(v, ir[key][k], maxAbs(ir[key]), ENGINE_AGREEMENT));
        }
      }),
      { numRuns: 25 },
    );
  });

  it('refuses the engine path for dense inputs or nX ≠ nY, and chooses the reference there automatically', () => {
    const dense: Problem = { params: { Wax: column([0.1]), Waa: column([0.2]), Wya: column([0.3, 0.1]), ba: column([0]), by: column([0, 0]) }, a0: column([0]), inputs: [[0.5]], targets: [1] };
    expect(fitsEngine(dense)).toBe(false);
    expect(() => evaluatorFor(dense, 'engine')).toThrow(/one-hot/);
    expect(evaluatorFor(dense).path).toBe('reference');
  });
});

describe('float64Floor', () => {
  it('gives δL ≥ ε·|L| and non-negative floors on both paths', () => {
    fc.assert(
      fc.property(caseArb, ({ problem }) => {
        for (const path of ['engine', 'reference'] as const) {
          const floor = float64Floor(evaluatorFor(problem, path));
          expect(floor.lossNoise).toBeGreaterThanOrEqual(Number.EPSILON * Math.abs(floor.loss));
          for (const s of SLOTS) for (const v of floor.terms[s]) expect(v).toBeGreaterThanOrEqual(0);
        }
      }),
      { numRuns: 10 },
    );
  });
});
