import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { inputVector, type Input } from '../../src/reference/inputs.js';
import { entries, fromRows, realPart, shape, type Matrix } from '../../src/reference/linalg.js';
import { backpropBlend } from '../../src/reference/gru/cell.js';
import { gruBackward, gruForward, gruLossAndGradients } from '../../src/reference/gru/bptt.js';
import { GRU_VARIANTS, gruDimensions, gruShapes, initGru, type GruParams, type GruVariant } from '../../src/reference/gru/types.js';
import { oneMinus } from '../../src/reference/lstm/vectors.js';
import { gatedDimsArb, namedMatricesArb, sequenceArb, statesArb, readsTheState, type GatedDims } from '../helpers/gated-arbitraries.js';
import { centralDifferenceGradient, complexStepGradient, worstDisagreement, type Named } from '../helpers/gated-gradcheck.js';
import { plainGru } from '../helpers/independent-gated.js';
import { rowsOf } from '../helpers/matrices.js';
import { CENTRAL_DIFFERENCE_GATED, CENTRAL_DIFFERENCE_STEP, GATED_CHECK_FAILS, GATED_COMPLEX_STEP, ROUNDING } from '../helpers/tolerances.js';

/** Runs per property; MEASURE_GATED=N runs N and prints the worst agreement seen. */
const MEASURE = Number(process.env.MEASURE_GATED ?? 0);
const runs = (n: number) => ({ numRuns: MEASURE || n });
/** A gate within this of 0 or 1 is saturated: σ′ = σ(1 − σ) < 1e-6, so its gradient all but vanishes. */
const SATURATED = 1e-6;

interface GruProblem {
  dims: GatedDims;
  params: GruParams;
  a0: Matrix;
  inputs: Input[];
  targets: number[];
}

const problemArb = (variant: GruVariant, max = 1): fc.Arbitrary<GruProblem> =>
  gatedDimsArb().chain((dims) =>
    fc
      .tuple(namedMatricesArb(gruShapes(variant, dims), max), statesArb(dims.nA, ['a0']), sequenceArb(dims))
      .map(([m, { a0 }, { inputs, targets }]) => ({ dims, params: { variant, ...m } as unknown as GruParams, a0, inputs, targets })),
  );

const lossOf = ({ params, inputs, targets }: GruProblem) => (m: Named) => gruForward({ ...params, ...m } as GruParams, inputs, targets, m.a0).loss;

const pointOf = ({ params, a0 }: GruProblem): Named => {
  const { variant: _variant, ...matrices } = params;
  return { ...(matrices as Record<string, Matrix>), a0 };
};

const analyticOf = (p: GruProblem, backward = gruBackward): Named => {
  const g = backward(p.params, gruForward(p.params, p.inputs, p.targets, p.a0));
  return { ...g.dParams, a0: g.da0 };
};

const label = (v: GruVariant) => `reset ${v.reset}, ${v.blend}`;
let worstComplex = 0;
let worstCentral = 0;

describe('GRU forward — (G1)–(G8)', () => {
  it.each(GRU_VARIANTS.map((v) => [label(v), v] as const))('agrees with a plain-number GRU written from docs/gru.md (%s), every gate strictly inside (0, 1)', (_, variant) => {
    fc.assert(
      fc.property(problemArb(variant), ({ dims, params, a0, inputs, targets }) => {
        const f = gruForward(params, inputs, targets, a0);
        const named = params as unknown as Record<string, Matrix>;
        const plainParams = Object.fromEntries(Object.keys(gruShapes(variant, dims)).map((n) => [n, rowsOf(named[n])]));
        const xs = inputs.map((x) => entries(inputVector(x, dims.nX)).map(realPart));
        const plain = plainGru(plainParams, variant, xs, targets, entries(a0).map(realPart));
        expect(Math.abs(realPart(f.loss) - plain.loss)).toBeLessThanOrEqual(ROUNDING * Math.max(1, plain.loss));
        f.steps.forEach((s, t) => {
          for (const v of [s.gr, s.gu, s.aTilde, s.a]) expect(shape(v)).toEqual([dims.nA, 1]);
          for (const g of [s.gr, s.gu].flatMap(entries).map(realPart)) expect(g > 0 && g < 1).toBe(true);
          const mine = [s.gr, s.gu, s.aTilde, s.a].map((v) => entries(v).map(realPart));
          const theirs = [plain.steps[t].gr, plain.steps[t].gu, plain.steps[t].aTilde, plain.steps[t].a];
          mine.forEach((v, k) => v.forEach((vi, i) => expect(Math.abs(vi - theirs[k][i])).toBeLessThanOrEqual(ROUNDING)));
        });
      }),
      runs(10),
    );
  });

  it('swaps Γu for 1 − Γu between the two blends: the mirrored model with negated update-gate weights is the same function', () => {
    fc.assert(
      fc.property(problemArb(GRU_VARIANTS[0]), ({ params, a0, inputs, targets }) => {
        // σ(−z) = 1 − σ(z), so negating Wux, Wua, bu turns Γu into 1 − Γu.
        const neg = (M: Matrix) => fromRows(rowsOf(M).map((r) => r.map((v) => -v)));
        const mirrored: GruParams = { ...params, variant: GRU_VARIANTS[1], Wux: neg(params.Wux), Wua: neg(params.Wua), bu: neg(params.bu) };
        const a = gruForward(params, inputs, targets, a0).loss;
        const b = gruForward(mirrored, inputs, targets, a0).loss;
        expect(Math.abs(realPart(a) - realPart(b))).toBeLessThanOrEqual(ROUNDING * Math.max(1, realPart(a)));
      }),
      runs(10),
    );
  });

  it('saturates without overflow: with weights up to ±60 gates reach 0 or 1 and every gradient stays finite', () => {
    let saturated = 0;
    fc.assert(
      fc.property(fc.constantFrom(...GRU_VARIANTS).chain((v) => problemArb(v, 60)), (p) => {
        const { forward, gradients } = gruLossAndGradients(p.params, p.inputs, p.targets, p.a0);
        for (const g of forward.steps.flatMap((s) => [s.gr, s.gu]).flatMap(entries).map(realPart)) {
          expect(g >= 0 && g <= 1).toBe(true);
          if (g < SATURATED || g > 1 - SATURATED) saturated++;
        }
        expect([...Object.values(gradients.dParams), gradients.da0].flatMap(entries).map(realPart).every(Number.isFinite)).toBe(true);
      }),
      runs(20),
    );
    expect(saturated).toBeGreaterThan(0);
  });

  it('names a missing bhn, a parameter of the wrong shape, a mismatched sequence and a wrong a0 in one line', () => {
    const params = initGru({ nA: 2, nX: 3, nY: 2 });
    expect(gruDimensions(params)).toEqual({ nA: 2, nX: 3, nY: 2 });
    const { bhn: _bhn, ...withoutBhn } = params;
    expect(() => gruDimensions(withoutBhn as GruParams)).toThrow('bhn is missing (reset after-matmul needs it)');
    expect(() => gruDimensions({ ...params, Wua: fromRows([[0, 0]]) })).toThrow('Wua must be 2×2, got 1×2');
    expect(() => gruForward(params, [0], [1, 0])).toThrow('inputs and targets must have the same length');
    expect(() => gruForward(params, [0], [1], fromRows([[0, 0]]))).toThrow('a0 must be 2×1, got 1×2');
  });
});

describe.each(GRU_VARIANTS.map((v) => [label(v), v] as const))('GRU backpropagation through time, %s — (G9)–(G19)', (_, variant) => {
  it('equals the complex-step derivative of the loss for every parameter and a⟨0⟩', () => {
    fc.assert(
      fc.property(problemArb(variant), (p) => {
        const { error, where } = worstDisagreement(analyticOf(p), complexStepGradient(lossOf(p), pointOf(p)));
        worstComplex = Math.max(worstComplex, error);
        expect(error, where).toBeLessThanOrEqual(GATED_COMPLEX_STEP);
      }),
      runs(12),
    );
  });

  it('agrees with central differences too', () => {
    fc.assert(
      fc.property(problemArb(variant), (p) => {
        const { error, where } = worstDisagreement(analyticOf(p), centralDifferenceGradient(lossOf(p), pointOf(p), CENTRAL_DIFFERENCE_STEP));
        worstCentral = Math.max(worstCentral, error);
        expect(error, where).toBeLessThanOrEqual(CENTRAL_DIFFERENCE_GATED);
      }),
      runs(5),
    );
  });

  it('fails the complex-step check when the blend’s (1 − Γu) path is dropped from the backward pass', () => {
    // (1 − Γu) weighs ã in (G5) and a⟨t−1⟩ in (G6): drop that share of the gradient.
    const dropped: typeof backpropBlend = (kind, da, s) => {
      const right = backpropBlend(kind, da, s);
      const zero = oneMinus(oneMinus(da)).map(() => 0) as Matrix;
      return kind === 'gate-keeps-old' ? { ...right, dTilde: zero } : { ...right, daPrev: zero };
    };
    fc.assert(
      fc.property(problemArb(variant).filter(readsTheState), (p) => {
        const wrong = analyticOf(p, (params, forward) => gruBackward(params, forward, { blend: dropped }));
        expect(worstDisagreement(wrong, complexStepGradient(lossOf(p), pointOf(p))).error).toBeGreaterThan(GATED_CHECK_FAILS);
      }),
      runs(4),
    );
  });
});

describe('measurement', () => {
  it.runIf(MEASURE > 0)('prints the worst agreement seen', () => {
    console.log(`GRU worst BPTT vs complex step ${worstComplex.toExponential(2)}, vs central differences ${worstCentral.toExponential(2)}`);
  });
});
