import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { lstmFromReference, lstmToReference } from '../../src/engine/gated-convert.js';
import { lstmFromNamed, lstmGradientName, lstmInit, lstmNamedShapes, lstmToNamed, type FastLstmParams } from '../../src/engine/lstm-params.js';
import { lstmBackward, lstmForward, LstmWorkspace, type FastLstmGradients } from '../../src/engine/lstm.js';
import { clipElementwise } from '../../src/reference/clip.js';
import { column, realPart, type Matrix } from '../../src/reference/linalg.js';
import { lstmLossAndGradients } from '../../src/reference/lstm/bptt.js';
import { LSTM_VARIANTS, type LstmParams, type LstmVariant } from '../../src/reference/lstm/types.js';
import { expectNamedClose, gatedCaseArb, expectWithin, printWorstSeen, rowsAfterFirst, type GatedCase } from '../helpers/gated-engine.js';
import { GATED_ENGINE_AGREEMENT, GATED_ENGINE_EXPANDING } from '../helpers/tolerances.js';

const caseArb = (variant: LstmVariant, w: number) => gatedCaseArb((nA, V) => lstmNamedShapes(variant, nA, V), w);

/** The gradient block in the reference's names (`Wf`, `bih`, …): it has the parameters' packed layout. */
function namedGradients(p: FastLstmParams, g: FastLstmGradients): Record<string, Float64Array> {
  return lstmToNamed({ ...p, Wih: g.dWih, Whh: g.dWhh, bih: g.dbih, bhh: g.dbhh, Wya: g.dWya, by: g.dby });
}

/** Engine and reference on one case: loss, every a⟨t⟩, c⟨t⟩, ŷ⟨t⟩, every gradient, ∂L/∂a⟨0⟩ and ∂L/∂c⟨0⟩. */
function expectEngineEqualsReference(variant: LstmVariant, c: GatedCase, tolerance: number): void {
  const params = { variant, ...c.params } as unknown as LstmParams;
  const p = lstmFromReference(params);
  const ws = new LstmWorkspace(variant, c.nA, c.V, 1 + (c.X.length % 5)); // small capacities: grown on demand
  const loss = lstmForward(p, c.X, c.Y, Float64Array.from(c.a0), Float64Array.from(c.c0), ws);
  const ref = lstmLossAndGradients(params, c.X, c.Y, column(c.a0), column(c.c0));
  expectWithin([loss], realPart(ref.loss), tolerance, 'L');
  const T = c.X.length;
  const [a, cs] = [rowsAfterFirst(ws.a, c.nA, T), rowsAfterFirst(ws.c, c.nA, T)];
  ref.forward.steps.forEach((s, t) => {
    expectWithin(a[t], s.a, tolerance, `a⟨${t + 1}⟩`);
    expectWithin(cs[t], s.c, tolerance, `c⟨${t + 1}⟩`);
    expectWithin(ws.yHat.subarray(t * c.V, (t + 1) * c.V), s.yHat, tolerance, `ŷ⟨${t + 1}⟩`);
  });
  const g = lstmBackward(c.X, c.Y, ws);
  expectNamedClose(namedGradients(ws.params, g), ref.gradients.dParams, tolerance, 'd');
  expectWithin(g.da0, ref.gradients.da0, tolerance, 'da0');
  expectWithin(g.dc0, ref.gradients.dc0, tolerance, 'dc0');
}

afterAll(() => printWorstSeen('LSTM'));

const RUNS = Number(process.env.MEASURE_GATED_ENGINE ?? 8);

describe.each(LSTM_VARIANTS)('the fast LSTM equals the reference — %s variant, (L1)–(L22)', (variant) => {
  it('gives the same loss, every a⟨t⟩, c⟨t⟩ and ŷ⟨t⟩, every gradient and ∂L/∂a⟨0⟩, ∂L/∂c⟨0⟩ within 1e-12 for weights in [−0.5, 0.5]', () => {
    fc.assert(fc.property(caseArb(variant, 0.5), (c) => expectEngineEqualsReference(variant, c, GATED_ENGINE_AGREEMENT)), { numRuns: RUNS });
  });

  it('agrees within the measured looser bound for weights in [−4, 4], where rounding differences grow along the sequence', () => {
    fc.assert(fc.property(caseArb(variant, 4), (c) => expectEngineEqualsReference(variant, c, GATED_ENGINE_EXPANDING)), { numRuns: Math.ceil(RUNS / 2) });
  });

  it('clips every gradient to [−c, c] and takes the SGD step exactly as the reference’s clipElementwise and θ − lr·g', () => {
    fc.assert(
      fc.property(caseArb(variant, 0.5), fc.integer({ min: 1, max: 50 }).map((i) => i / 100), (c, lr) => {
        const params = { variant, ...c.params } as unknown as LstmParams;
        const ws = new LstmWorkspace(variant, c.nA, c.V);
        lstmForward(lstmFromReference(params), c.X, c.Y, Float64Array.from(c.a0), Float64Array.from(c.c0), ws);
        lstmBackward(c.X, c.Y, ws);
        expect(ws.clipAndStep(0.05, lr)).toBeUndefined();
        const { dParams } = lstmLossAndGradients(params, c.X, c.Y, column(c.a0), column(c.c0)).gradients;
        const named = c.params;
        const next: Record<string, Matrix> = {};
        for (const name of Object.keys(named)) next[name] = named[name].map((v, [i, j]) => v + -lr * (clipElementwise(dParams[`d${name}`], 0.05).get([i, j]) as number));
        expectNamedClose(lstmToNamed(ws.params), next, GATED_ENGINE_AGREEMENT);
      }),
      { numRuns: 8 },
    );
  });
});

describe('LstmWorkspace and the packed parameters', () => {
  it('refuses to step on a NaN gradient, naming it by the reference’s name and leaving the parameters alone', () => {
    for (const [variant, poison, name] of [['course', (g: FastLstmGradients) => (g.dWih[2 * 3 * 5 + 1] = NaN), 'dWc'], ['split', (g: FastLstmGradients) => (g.dbhh[7] = NaN), 'dbhh']] as const) {
      const ws = new LstmWorkspace(variant, 3, 5);
      ws.load(lstmInit(variant, 3, 5));
      const before = lstmToNamed(ws.params);
      poison(ws.grads);
      expect(ws.clipAndStep(5, 0.1)).toBe(name);
      expect(lstmToNamed(ws.params)).toEqual(before);
    }
    expect(lstmGradientName('course', 2, 3, 4 * 2 * 3 + 4 * 2 * 2 + 1)).toBe('dbi');
    expect(() => lstmGradientName('course', 2, 3, 1000)).toThrow(/past the parameters/);
  });

  it('round-trips parameters through the reference’s matrices exactly, for both variants', () => {
    for (const variant of LSTM_VARIANTS) {
      const p = lstmInit(variant, 4, 3, { seed: 7, scale: 1 });
      expect(lstmFromReference(lstmToReference(p))).toEqual(p);
    }
  });

  it('initialises as numpy’s seed(1) then randn(…)·0.01 in the reference’s order, with the forget bias set', () => {
    const course = lstmToNamed(lstmInit('course', 2, 3, { forgetBias: 1 }));
    expect(course.Wf[0]).toBe(1.6243453636632417 * 0.01); // np.random.seed(1); np.random.randn() = 1.6243453636632417
    expect([...course.bf]).toEqual([1, 1]);
    expect([...course.bi, ...course.bc, ...course.bo]).toEqual([0, 0, 0, 0, 0, 0]);
    const split = lstmInit('split', 2, 3, { forgetBias: 1 });
    expect([...split.bih]).toEqual([0, 0, 1, 1, 0, 0, 0, 0]);
  });

  it('names a parameter of the wrong size, and refuses parameters of another size or variant', () => {
    const named = lstmToNamed(lstmInit('split', 2, 3));
    expect(() => lstmFromNamed('split', 2, 3, { ...named, Whh: new Float64Array(3) })).toThrow('Whh must have 16 entries (8×2), got 3');
    expect(() => new LstmWorkspace('course', 2, 3).load(lstmInit('split', 2, 3))).toThrow(/split LSTM 2×3, the workspace course 2×3/);
  });

  it('gives bit-identical results when a short workspace grows during lstmForward(ws.params, …)', () => {
    const X = [null, 3, 1, 4, 1, 5, 2, 0, 5, 3, 5, 0];
    const Y = [3, 1, 4, 1, 5, 2, 0, 5, 3, 5, 0, 0];
    const p = lstmInit('split', 5, 6, { scale: 0.5 });
    const zero = new Float64Array(5);
    const big = new LstmWorkspace('split', 5, 6, 64);
    const small = new LstmWorkspace('split', 5, 6, 2);
    small.load(p);
    expect(lstmForward(small.params, X, Y, zero, zero, small)).toBe(lstmForward(p, X, Y, zero, zero, big));
    expect(small.capacity).toBeGreaterThanOrEqual(X.length);
    expect(namedGradients(small.params, lstmBackward(X, Y, small))).toEqual(namedGradients(big.params, lstmBackward(X, Y, big)));
    expect(lstmToNamed(small.params)).toEqual(lstmToNamed(p));
  });
});
