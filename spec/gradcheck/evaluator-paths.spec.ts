import { complex } from 'mathjs';
import { describe, expect, it } from 'vitest';
import { evaluatorFor, fitsEngine, flatGradients, mapSlots, slotMatrix, type Flat } from '../../src/gradcheck/evaluator.js';
import { randomProblem, SLOTS, slotValue, type Problem } from '../../src/gradcheck/problem.js';
import { lossAndGradients } from '../../src/reference/bptt.js';
import { elementwise, entries, withEntry } from '../../src/reference/linalg.js';
import type { Params } from '../../src/reference/types.js';
import { lazy } from '../helpers/lazy.js';
import { ENGINE_AGREEMENT, TWIN_AGREEMENT } from '../helpers/tolerances.js';

/** nA = 3, V = 2: Wax and Wya are not square, so a row/column mix-up shows. */
const problem = lazy(() => randomProblem({ nA: 3, vocab: 2, T: 4, seed: 2 }));
const paths = ['engine', 'reference'] as const;
const close = (a: number, b: number, tol: number) => expect(Math.abs(a - b)).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(b)));
const closeFlat = (a: Flat, b: Flat, tol: number) => SLOTS.forEach((s) => b[s].forEach((v, k) => close(a[s][k], v, tol)));
const filled = (f: (i: number) => number): Flat => {
  let i = 0;
  return mapSlots((s) => Float64Array.from(entries(slotValue(problem(), s)), () => f(i++)));
};

describe('fitsEngine — which problems the engine can evaluate', () => {
  it('accepts real values with one-hot indices or null inputs', () => {
    expect(fitsEngine(problem())).toBe(true);
    expect(fitsEngine({ ...problem(), inputs: [null, 0, 1, 1] })).toBe(true);
  });

  it('refuses a complex entry in any one slot, an input that is not an index below nX, and a vector input', () => {
    const complexWaa: Problem = { ...problem(), params: { ...problem().params, Waa: withEntry(problem().params.Waa, 1, 2, complex(0.1, 0.2)) } };
    expect(fitsEngine(complexWaa)).toBe(false);
    for (const bad of [-1, 1.5, 2, [1, 0]]) expect(fitsEngine({ ...problem(), inputs: [null, bad, 0, 0] })).toBe(false);
  });

  it('gives the engine for a fitting problem unless the reference is asked for', () => {
    expect(evaluatorFor(problem()).path).toBe('engine');
    expect(evaluatorFor(problem(), 'engine').path).toBe('engine');
    expect(evaluatorFor(problem(), 'reference').path).toBe('reference');
  });
});

describe('the two paths agree with the reference loss and BPTT', () => {
  it('evaluates many one-entry copies as the one-entry loss does, on both paths', () => {
    const copies = SLOTS.flatMap((slot) => entries(slotValue(problem(), slot)).map((_, k) => ({ slot, k, v: 0.3 - k / 10 })));
    expect(copies).toHaveLength(29);
    const single = evaluatorFor(problem(), 'reference');
    for (const path of paths) {
      const losses = evaluatorFor(problem(), path).lossesWithEntries(copies);
      copies.forEach(({ slot, k, v }, i) => close(losses[i], single.lossWithEntry(slot, k, v), ENGINE_AGREEMENT));
    }
  });

  it('gives L and ∇L at θ ⊙ (1 + f) on both paths, as BPTT on the scaled parameters does', () => {
    const f = filled((i) => ((i % 5) - 2) / 10);
    const scaled = (s: (typeof SLOTS)[number]) => {
      let k = 0;
      return elementwise(slotValue(problem(), s), (v) => (v as number) * (1 + f[s][k++]));
    };
    const params: Params = { Wax: scaled('Wax'), Waa: scaled('Waa'), Wya: scaled('Wya'), ba: scaled('ba'), by: scaled('by') };
    const expected = lossAndGradients(params, problem().inputs, problem().targets, scaled('a0'));
    for (const path of paths) {
      const r = evaluatorFor(problem(), path).gradientsScaled(f);
      close(r.loss, expected.loss as number, ENGINE_AGREEMENT);
      closeFlat(r.gradients, flatGradients(expected.gradients), ENGINE_AGREEMENT);
      expect(Math.abs(r.loss - (lossAndGradients(problem().params, problem().inputs, problem().targets, problem().a0).loss as number))).toBeGreaterThan(1e-3);
    }
  });

  it('gives the same complex step along a direction, value and magnitude, on both paths', () => {
    const u = filled((i) => Math.sin(i + 1));
    const [engine, reference] = paths.map((p) => evaluatorFor(problem(), p).complexAlong(u, 1e-20));
    close(engine.value, reference.value, TWIN_AGREEMENT);
    close(engine.magnitude, reference.magnitude, TWIN_AGREEMENT);
    expect(engine.magnitude).toBeGreaterThan(0);
  });

  it('reports complex partials progress entry by entry up to the number of entries', () => {
    const seen: number[][] = [];
    evaluatorFor(problem(), 'reference').complexPartials(1e-20, (done, total) => seen.push([done, total]));
    const n = 3 * 2 + 9 + 2 * 3 + 3 + 2 + 3;
    expect(seen).toEqual(Array.from({ length: n }, (_, k) => [k + 1, n]));
  });
});

describe('the engine evaluator hands out copies, not its workspace', () => {
  it('keeps gradients and intermediates already returned unchanged by later evaluations', () => {
    const ev = evaluatorFor(problem(), 'engine');
    const first = ev.gradientsScaled(filled(() => 0));
    const inter = ev.intermediates();
    const snapshot = { g: mapSlots((s) => first.gradients[s].slice()), a: inter.a.slice(), dy: inter.dy.slice() };
    ev.gradientsScaled(filled((i) => 0.5 + i / 50));
    ev.lossAlong(filled(() => 1), 0.7);
    closeFlat(first.gradients, snapshot.g, 0);
    expect(inter.a).toEqual(snapshot.a);
    expect(inter.dy).toEqual(snapshot.dy);
  });
});

describe('slotMatrix', () => {
  it('lays flat row-major values out in the slot shape', () => {
    expect(entries(slotMatrix(Float64Array.of(1, 2, 3, 4, 5, 6), [2, 3]))).toEqual([1, 2, 3, 4, 5, 6]);
    expect(slotMatrix(Float64Array.of(1, 2, 3, 4, 5, 6), [2, 3]).size()).toEqual([2, 3]);
  });
});
