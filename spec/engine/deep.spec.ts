import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { deepFromNamed, deepInit, deepParamLengths, deepToNamed } from '../../src/engine/deep-params.js';
import { deepBackward, deepForward, DeepWorkspace } from '../../src/engine/deep.js';
import { deepFromReference } from '../../src/engine/gated-convert.js';
import { templateInit } from '../../src/engine/model.js';
import { backward, forward, Workspace } from '../../src/engine/rnn.js';
import { deepBackward as referenceBackward, deepForward as referenceForward } from '../../src/reference/deep/bptt.js';
import { column, fromRows, realPart } from '../../src/reference/linalg.js';
import { rowsArb, weight } from '../helpers/arbitraries.js';
import { expectWithin, printWorstSeen, rowsAfterFirst } from '../helpers/gated-engine.js';
import { GATED_ENGINE_AGREEMENT, GATED_ENGINE_EXPANDING } from '../helpers/tolerances.js';

/** L ≤ 3 layers of 1…6 units, V ≤ 8, T ≤ 30, weights in [−w, w], initial states in (−1, 1). */
const deepCaseArb = (w: number) =>
  fc
    .record({ hidden: fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 3 }), V: fc.integer({ min: 2, max: 8 }), T: fc.integer({ min: 1, max: 30 }) })
    .chain(({ hidden, V, T }) => {
      const sizes = [V, ...hidden];
      return fc.record({
        sizes: fc.constant(sizes),
        layers: fc.tuple(...hidden.map((n, k) => fc.record({ Wax: rowsArb(n, sizes[k], w), Waa: rowsArb(n, n, w), ba: rowsArb(n, 1, w) }))),
        Wya: rowsArb(V, hidden[hidden.length - 1], w),
        by: rowsArb(V, 1, w),
        a0: fc.tuple(...hidden.map((n) => fc.array(weight(0.9), { minLength: n, maxLength: n }))),
        X: fc.array(fc.option(fc.integer({ min: 0, max: V - 1 }), { nil: null }), { minLength: T, maxLength: T }),
        Y: fc.array(fc.integer({ min: 0, max: V - 1 }), { minLength: T, maxLength: T }),
      });
    });

type DeepCase = ReturnType<typeof deepCaseArb> extends fc.Arbitrary<infer C> ? C : never;

/** Engine and reference on one case: loss, every layer's a[l]⟨t⟩, ŷ⟨t⟩, every gradient and every ∂L/∂a[l]⟨0⟩. */
function expectEngineEqualsReference(c: DeepCase, tolerance: number): void {
  const params = {
    layers: c.layers.map((p) => ({ Wax: fromRows(p.Wax), Waa: fromRows(p.Waa), ba: fromRows(p.ba) })),
    Wya: fromRows(c.Wya),
    by: fromRows(c.by),
  };
  const { sizes, block } = deepFromReference(params);
  const ws = new DeepWorkspace(sizes, 1 + (c.X.length % 4));
  ws.load(block);
  const loss = deepForward(c.X, c.Y, c.a0.map((a) => Float64Array.from(a)), ws);
  const refForward = referenceForward(params, c.X, c.Y, c.a0.map((a) => column(a)));
  const ref = { loss: refForward.loss, forward: refForward, gradients: referenceBackward(params, refForward) };
  expectWithin([loss], realPart(ref.loss), tolerance, 'L');
  const L = sizes.length - 1;
  ref.forward.steps.forEach((s, t) => {
    for (let l = 1; l <= L; l++) expectWithin(rowsAfterFirst(ws.states(l), sizes[l], c.X.length)[t], s.states[l], tolerance, `a[${l}]⟨${t + 1}⟩`);
    expectWithin(ws.yHat.subarray(t * sizes[0], (t + 1) * sizes[0]), s.yHat, tolerance, `ŷ⟨${t + 1}⟩`);
  });
  const g = deepBackward(c.X, c.Y, ws);
  g.layers.forEach((layer, k) => {
    for (const name of ['Wax', 'Waa', 'ba'] as const) expectWithin(layer[name], ref.gradients.layers[k][`d${name}`], tolerance, `d${name}[${k + 1}]`);
    expectWithin(ws.da0(k + 1), ref.gradients.da0[k], tolerance, `da0[${k + 1}]`);
  });
  expectWithin(g.Wya, ref.gradients.dWya, tolerance, 'dWya');
  expectWithin(g.by, ref.gradients.dby, tolerance, 'dby');
}

afterAll(() => printWorstSeen('Deep'));
const RUNS = Number(process.env.MEASURE_GATED_ENGINE ?? 15);

describe('the fast stacked RNN equals the reference — (D1)–(D9)', () => {
  it('gives the same loss, every layer’s a[l]⟨t⟩, ŷ⟨t⟩, every gradient and every ∂L/∂a[l]⟨0⟩ within 1e-12 for weights in [−0.5, 0.5]', () => {
    fc.assert(fc.property(deepCaseArb(0.5), (c) => expectEngineEqualsReference(c, GATED_ENGINE_AGREEMENT)), { numRuns: RUNS });
  });

  it('agrees within the measured looser bound for weights in [−1, 1], where the vanilla cell’s maps can expand', () => {
    fc.assert(fc.property(deepCaseArb(1), (c) => expectEngineEqualsReference(c, GATED_ENGINE_EXPANDING)), { numRuns: Math.ceil(RUNS / 2) });
  });

  it('is the vanilla engine bit for bit with one layer, from the template’s initialisation', () => {
    const X = [null, 3, 1, 4, 1, 5, 2, 0, 5, 3, 5, 0];
    const Y = [3, 1, 4, 1, 5, 2, 0, 5, 3, 5, 0, 0];
    const p = templateInit(7, 6);
    for (let k = 0; k < p.Waa.length; k++) p.Waa[k] *= 80; // make the recurrence matter
    const vanilla = new Workspace(7, 6);
    const a0 = Float64Array.from({ length: 7 }, (_, i) => i / 10 - 0.3);
    const deep = new DeepWorkspace([6, 7]);
    deep.load(deepFromNamed([6, 7], { 'Wax[1]': p.Wax, 'Waa[1]': p.Waa, 'ba[1]': p.ba, Wya: p.Wya, by: p.by }));
    expect(deepForward(X, Y, [a0], deep)).toBe(forward(p, X, Y, a0, vanilla));
    const g = backward(X, Y, vanilla);
    const d = deepBackward(X, Y, deep);
    expect([d.layers[0].Wax, d.layers[0].Waa, d.layers[0].ba, d.Wya, d.by, deep.da0(1)]).toEqual([g.dWax, g.dWaa, g.dba, g.dWya, g.dby, g.da0]);
    expect(deepToNamed([6, 7], deepInit([6, 7]))['Waa[1]']).toEqual(templateInit(7, 6).Waa);
  });

  it('refuses to step on a NaN gradient, naming the layer, and refuses a block of the wrong size', () => {
    const sizes = [4, 3, 2];
    const ws = new DeepWorkspace(sizes);
    ws.load(deepInit(sizes));
    const before = ws.params.Wya.slice();
    ws.grads.layers[1].Waa[2] = NaN;
    expect(ws.clipAndStep(5, 0.1)).toBe('dWaa[2]');
    expect(ws.params.Wya).toEqual(before);
    expect(() => ws.load(new Float64Array(3))).toThrow('the parameters have 3 entries, a model of sizes [4, 3, 2] has 48');
    expect(() => deepFromNamed(sizes, {})).toThrow('Wax[1] must have 12 entries (12×1), got none');
    expect(() => new DeepWorkspace([4])).toThrow(/at least one layer/);
    expect(deepParamLengths(sizes).map(([n]) => n)).toEqual(['Wax[1]', 'Waa[1]', 'ba[1]', 'Wax[2]', 'Waa[2]', 'ba[2]', 'Wya', 'by']);
  });
});
