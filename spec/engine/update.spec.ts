import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromReference, toReference } from '../../src/engine/convert.js';
import type { FastParams } from '../../src/engine/model.js';
import { clipAndStep, Workspace } from '../../src/engine/rnn.js';
import * as engine from '../../src/engine/update.js';
import { column } from '../../src/reference/linalg.js';
import { clipByGlobalNorm, clipGradients, sgdStep } from '../../src/reference/clip.js';
import type { Gradients, Params } from '../../src/reference/types.js';
import { ADAGRAD_EPSILON, adagradStep, type AdagradMemory } from '../../src/reference/update.js';
import { weight } from '../helpers/arbitraries.js';

/** A workspace of random size with parameters in [−1, 1] and gradients in [−g, g], and a learning rate. */
const caseArb = (g: number) =>
  fc.record({ nA: fc.integer({ min: 1, max: 6 }), V: fc.integer({ min: 2, max: 7 }) }).chain(({ nA, V }) => {
    const length = 2 * nA * V + nA * nA + nA + V;
    return fc.record({
      nA: fc.constant(nA),
      V: fc.constant(V),
      theta: fc.array(weight(1), { minLength: length, maxLength: length }),
      g: fc.array(weight(g), { minLength: length, maxLength: length }),
      g2: fc.array(weight(g), { minLength: length, maxLength: length }),
      lr: fc.integer({ min: 1, max: 1000 }).map((i) => i / 1000),
    });
  });

function workspace(nA: number, V: number, theta: number[], g: number[]): Workspace {
  const ws = new Workspace(nA, V);
  engine.parameterSpan(ws).set(theta);
  engine.gradientSpan(ws).set(g);
  return ws;
}

/** A flat span in the workspace's layout as reference matrices (parameters, or gradients with a zero da0). */
function asParams(nA: number, V: number, span: ArrayLike<number>): Params {
  const f = Float64Array.from(span);
  let o = 0;
  const take = (n: number) => f.subarray(o, (o += n));
  const p: FastParams = { nA, V, Wax: take(nA * V), Waa: take(nA * nA), Wya: take(V * nA), ba: take(nA), by: take(V) };
  return toReference(p);
}
const asGradients = (nA: number, V: number, span: ArrayLike<number>): Gradients => {
  const p = asParams(nA, V, span);
  return { dWax: p.Wax, dWaa: p.Waa, dWya: p.Wya, dba: p.ba, dby: p.by, da0: column(Array(nA).fill(0)) };
};
/** Reference parameters or gradients back as one flat span. */
const flatParams = (p: Params) => {
  const f = fromReference(p);
  return [...f.Wax, ...f.Waa, ...f.Wya, ...f.ba, ...f.by];
};
const flatGradients = (g: Gradients) => flatParams({ Wax: g.dWax, Waa: g.dWaa, Wya: g.dWya, ba: g.dba, by: g.dby });
/** Bit-for-bit equality of two spans (Object.is: −0 and +0 differ, NaN equals NaN). */
const expectSameBits = (actual: ArrayLike<number>, expected: ArrayLike<number>) => expect(Array.from(actual)).toStrictEqual(Array.from(expected));

describe('the engine’s training variants equal their reference functions bit for bit', () => {
  it('uses the reference’s Adagrad ε', () => {
    expect(engine.ADAGRAD_EPSILON).toBe(ADAGRAD_EPSILON);
  });

  it('adagradUpdate equals adagradStep over two successive steps, memory included', () => {
    fc.assert(
      fc.property(caseArb(5), ({ nA, V, theta, g, g2, lr }) => {
        const ws = workspace(nA, V, theta, g);
        const memory = new Float64Array(ws.paramLength);
        engine.adagradUpdate(ws, memory, lr);
        engine.gradientSpan(ws).set(g2);
        engine.adagradUpdate(ws, memory, lr);
        const first = adagradStep(asParams(nA, V, theta), asGradients(nA, V, g), lr);
        const second = adagradStep(first.params, asGradients(nA, V, g2), lr, first.memory);
        expectSameBits(engine.parameterSpan(ws), flatParams(second.params));
        expectSameBits(memory, flatParams(second.memory as AdagradMemory as Params));
      }),
      { numRuns: 40 },
    );
  });

  it('refuses an Adagrad memory of the wrong size', () => {
    expect(() => engine.adagradUpdate(new Workspace(2, 3), new Float64Array(5), 0.1)).toThrow('Adagrad memory has 5 entries, the parameters 21');
  });

  it('gradientNorm and clipGradientsByNorm equal clipByGlobalNorm, whether or not it clips', () => {
    fc.assert(
      fc.property(caseArb(5), fc.integer({ min: 1, max: 20_000 }).map((i) => i / 1000), ({ nA, V, theta, g }, C) => {
        const ws = workspace(nA, V, theta, g);
        const norm = engine.gradientNorm(ws);
        const scaled = engine.clipGradientsByNorm(ws, C, norm);
        const reference = clipByGlobalNorm(asGradients(nA, V, g), C);
        expect(norm).toBe(reference.norm);
        expect(scaled).toBe(reference.norm > C);
        expectSameBits(engine.gradientSpan(ws), flatGradients(reference.clipped));
      }),
      { numRuns: 60 },
    );
  });

  it('clipGradientsElementwise equals clipGradients and says whether it changed an entry, as anyOutside predicts', () => {
    fc.assert(
      fc.property(caseArb(8), fc.integer({ min: 0, max: 10_000 }).map((i) => i / 1000), ({ nA, V, theta, g }, c) => {
        const ws = workspace(nA, V, theta, g);
        const predicted = engine.anyOutside(ws, c);
        expect(engine.clipGradientsElementwise(ws, c)).toBe(predicted);
        expect(predicted).toBe(g.some((v) => Math.abs(v) > c));
        expectSameBits(engine.gradientSpan(ws), flatGradients(clipGradients(asGradients(nA, V, g), c)));
      }),
      { numRuns: 60 },
    );
  });

  it('sgdUpdate equals sgdStep, and the template’s clipAndStep with a bound no entry reaches', () => {
    fc.assert(
      fc.property(caseArb(5), ({ nA, V, theta, g, lr }) => {
        const ws = workspace(nA, V, theta, g);
        engine.sgdUpdate(ws, lr);
        expectSameBits(engine.parameterSpan(ws), flatParams(sgdStep(asParams(nA, V, theta), asGradients(nA, V, g), lr)));
        const template = workspace(nA, V, theta, g);
        expect(clipAndStep(template, 1e6, lr)).toBeUndefined();
        expectSameBits(engine.parameterSpan(template), engine.parameterSpan(ws));
      }),
      { numRuns: 40 },
    );
  });

  it('the spans are the five parameters and their gradients in storage order', () => {
    const ws = new Workspace(2, 3);
    expect(engine.parameterSpan(ws).length).toBe(ws.paramLength);
    expect(engine.parameterSpan(ws).byteOffset).toBe(ws.params.Wax.byteOffset);
    expect(engine.parameterSpan(ws).byteOffset + 8 * ws.paramLength).toBe(ws.params.by.byteOffset + 8 * ws.params.by.length);
    expect(engine.gradientSpan(ws).byteOffset + 8 * ws.paramLength).toBe(ws.grads.da0.byteOffset);
  });
});
