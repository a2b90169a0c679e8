import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lossAndGradients } from '../../src/reference/bptt.js';
import type { Input } from '../../src/reference/inputs.js';
import { entries, fromRows, realPart, shape, zeros, type Matrix } from '../../src/reference/linalg.js';
import { deepBackward, deepForward, type DeepBackwardOptions } from '../../src/reference/deep/bptt.js';
import { deepDimensions, initDeep, type DeepParams } from '../../src/reference/deep/types.js';
import { problemArb as vanillaProblemArb } from '../helpers/arbitraries.js';
import { namedMatricesArb, sequenceArb } from '../helpers/gated-arbitraries.js';
import { centralDifferenceGradient, complexStepGradient, worstDisagreement, type Named } from '../helpers/gated-gradcheck.js';
import { expectClose } from '../helpers/matrices.js';
import { CENTRAL_DIFFERENCE_GATED, CENTRAL_DIFFERENCE_STEP, GATED_CHECK_FAILS, GATED_COMPLEX_STEP, ROUNDING } from '../helpers/tolerances.js';

/** Runs per property; MEASURE_GATED=N runs N and prints the worst agreement seen. */
const MEASURE = Number(process.env.MEASURE_GATED ?? 0);
const runs = (n: number) => ({ numRuns: MEASURE || n });

interface DeepProblem {
  sizes: number[];
  params: DeepParams;
  a0: Matrix[];
  inputs: Input[];
  targets: number[];
}

/** Named shapes: `Wax[k]`, `Waa[k]`, `ba[k]` for layer k + 1, `a0[k]`, and `Wya`, `by`. */
function shapesOf(sizes: readonly number[], nY: number): Record<string, [number, number]> {
  const out: Record<string, [number, number]> = { Wya: [nY, sizes[sizes.length - 1]], by: [nY, 1] };
  sizes.slice(1).forEach((n, k) => Object.assign(out, { [`Wax[${k}]`]: [n, sizes[k]], [`Waa[${k}]`]: [n, n], [`ba[${k}]`]: [n, 1], [`a0[${k}]`]: [n, 1] }));
  return out;
}

/** The model and initial states from named matrices (the inverse of `pointOf`). */
function fromNamed(m: Named, L: number): { params: DeepParams; a0: Matrix[] } {
  const layers = Array.from({ length: L }, (_, k) => ({ Wax: m[`Wax[${k}]`], Waa: m[`Waa[${k}]`], ba: m[`ba[${k}]`] }));
  return { params: { layers, Wya: m.Wya, by: m.by }, a0: Array.from({ length: L }, (_, k) => m[`a0[${k}]`]) };
}

const problemArb: fc.Arbitrary<DeepProblem & { point: Named }> = fc
  .record({ L: fc.integer({ min: 1, max: 3 }), nX: fc.integer({ min: 1, max: 3 }), nY: fc.integer({ min: 2, max: 3 }), T: fc.integer({ min: 1, max: 4 }) })
  .chain(({ L, nX, nY, T }) =>
    fc.array(fc.integer({ min: 1, max: 3 }), { minLength: L, maxLength: L }).chain((hidden) => {
      const sizes = [nX, ...hidden];
      return fc.tuple(namedMatricesArb(shapesOf(sizes, nY)), sequenceArb({ nA: 1, nX, nY, T })).map(([point, { inputs, targets }]) => ({
        sizes,
        point,
        ...fromNamed(point, L),
        inputs,
        targets,
      }));
    }),
  );

const lossOf = (p: DeepProblem) => (m: Named) => {
  const { params, a0 } = fromNamed(m, p.params.layers.length);
  return deepForward(params, p.inputs, p.targets, a0).loss;
};

const analyticOf = (p: DeepProblem, options: DeepBackwardOptions = {}): Named => {
  const g = deepBackward(p.params, deepForward(p.params, p.inputs, p.targets, p.a0), options);
  const named: Record<string, Matrix> = { Wya: g.dWya, by: g.dby };
  g.layers.forEach((l, k) => Object.assign(named, { [`Wax[${k}]`]: l.dWax, [`Waa[${k}]`]: l.dWaa, [`ba[${k}]`]: l.dba, [`a0[${k}]`]: g.da0[k] }));
  return named;
};

/**
 * At least two layers, and the gradient reaches layer 1 from above: Wya and every Wax[l], l ≥ 2,
 * have an entry of size ≥ 0.5 (otherwise the true term is zero too and dropping it cannot show).
 */
const readsBelow = (M: Matrix) => entries(M).some((v) => Math.abs(realPart(v)) >= 0.5);
const passesGradientDown = (p: DeepProblem) =>
  p.params.layers.length >= 2 && readsBelow(p.params.Wya) && p.params.layers.slice(1).every((l) => readsBelow(l.Wax));
let worstComplex = 0;

describe('stacked vanilla RNN — (D1)–(D9)', () => {
  it('with one layer is the vanilla model: the same loss and gradients as eqs. (1)–(26)', () => {
    fc.assert(
      fc.property(vanillaProblemArb(5), ({ params, a0, inputs, targets }) => {
        const deep: DeepParams = { layers: [{ Wax: params.Wax, Waa: params.Waa, ba: params.ba }], Wya: params.Wya, by: params.by };
        const vanilla = lossAndGradients(params, inputs, targets, a0);
        const forward = deepForward(deep, inputs, targets, [a0]);
        const g = deepBackward(deep, forward);
        expect(Math.abs(realPart(forward.loss) - realPart(vanilla.loss))).toBeLessThanOrEqual(ROUNDING * Math.max(1, realPart(vanilla.loss)));
        const pairs: [Matrix, Matrix][] = [
          [g.layers[0].dWax, vanilla.gradients.dWax],
          [g.layers[0].dWaa, vanilla.gradients.dWaa],
          [g.layers[0].dba, vanilla.gradients.dba],
          [g.dWya, vanilla.gradients.dWya],
          [g.dby, vanilla.gradients.dby],
          [g.da0[0], vanilla.gradients.da0],
        ];
        for (const [mine, theirs] of pairs) expectClose(mine, theirs, ROUNDING);
      }),
      runs(20),
    );
  });

  it('BPTT through time and layers equals the complex-step derivative for every layer’s parameters and initial state', () => {
    fc.assert(
      fc.property(problemArb, (p) => {
        const { error, where } = worstDisagreement(analyticOf(p), complexStepGradient(lossOf(p), p.point));
        worstComplex = Math.max(worstComplex, error);
        expect(error, where).toBeLessThanOrEqual(GATED_COMPLEX_STEP);
      }),
      runs(20),
    );
  });

  it('agrees with central differences too', () => {
    fc.assert(
      fc.property(problemArb, (p) => {
        const { error, where } = worstDisagreement(analyticOf(p), centralDifferenceGradient(lossOf(p), p.point, CENTRAL_DIFFERENCE_STEP));
        expect(error, where).toBeLessThanOrEqual(CENTRAL_DIFFERENCE_GATED);
      }),
      runs(8),
    );
  });

  it('fails the complex-step check when the layers below get no gradient from the layer above, (D6)’s Wax[l+1]ᵀ·dz[l+1]', () => {
    const throughInput = (layer: { Wax: Matrix }, dz: Matrix) => zeros(shape(layer.Wax)[1], shape(dz)[1]);
    fc.assert(
      fc.property(problemArb.filter(passesGradientDown), (p) => {
        const wrong = analyticOf(p, { throughInput });
        expect(worstDisagreement(wrong, complexStepGradient(lossOf(p), p.point)).error).toBeGreaterThan(GATED_CHECK_FAILS);
      }),
      runs(5),
    );
  });

  it('gives each layer’s state its own size and names a wrong shape, an empty stack and a wrong a0 in one line', () => {
    const params = initDeep([2, 4, 3], 2);
    expect(deepDimensions(params)).toEqual({ sizes: [2, 4, 3], nY: 2 });
    const { steps } = deepForward(params, [0, null], [1, 0]);
    expect(steps[1].states.map((s) => shape(s))).toEqual([[2, 1], [4, 1], [3, 1]]);
    expect(() => deepDimensions({ ...params, layers: [] })).toThrow('layers must hold at least one layer');
    const bad = { ...params, layers: [params.layers[0], { ...params.layers[1], Wax: fromRows([[0, 0]]) }] };
    expect(() => deepDimensions(bad)).toThrow('layers[1].Wax must be 3×4, got 1×2');
    expect(() => deepDimensions({ ...params, Wya: fromRows([[0]]) })).toThrow('Wya must be 2×3, got 1×1');
    expect(() => deepForward(params, [0], [1, 0])).toThrow('inputs and targets must have the same length');
    expect(() => deepForward(params, [0], [1], [fromRows([[0]])])).toThrow('a0 must hold 2 states, got 1');
    expect(() => deepForward(params, [0], [1], [fromRows([[0]]), fromRows([[0]])])).toThrow('a0[0] must be 4×1, got 1×1');
  });
});

describe('measurement', () => {
  it.runIf(MEASURE > 0)('prints the worst agreement seen', () => {
    console.log(`deep worst BPTT vs complex step ${worstComplex.toExponential(2)}`);
  });
});
