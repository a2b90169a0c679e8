/**
 * What the gated engines' parameter layouts promise their callers, pinned where a mutation run
 * found no spec looking: the packed layout has exactly the reference's parameters, every gradient
 * entry is named after the reference parameter it belongs to, conversions return copies, and a
 * workspace refuses parameters of another size or convention.
 */
import { describe, expect, it } from 'vitest';
import { gruGradientName, gruInit, gruPackedLengths, gruToNamed } from '../../src/engine/gru-params.js';
import { GruWorkspace } from '../../src/engine/gru.js';
import { lstmGradientName, lstmInit, lstmPackedLengths, lstmToNamed } from '../../src/engine/lstm-params.js';
import { LstmWorkspace } from '../../src/engine/lstm.js';
import { GRU_VARIANTS, gruShapes } from '../../src/reference/gru/types.js';
import { lstmShapes, type LstmVariant } from '../../src/reference/lstm/types.js';

const LSTM_VARIANTS: readonly LstmVariant[] = ['course', 'split'];
/** Sizes with nA ≠ V, so that a row counted in the wrong width lands in another gate. */
const SIZES = [[2, 3], [3, 2], [1, 4]] as const;

const sum = (xs: number[]) => xs.reduce((s, x) => s + x, 0);
const entries = (shapes: Record<string, [number, number]>) => sum(Object.values(shapes).map(([r, c]) => r * c));
/** Plain arrays of the values, independent of the views they came from. */
const snapshot = (named: Record<string, Float64Array>) => Object.fromEntries(Object.entries(named).map(([k, v]) => [k, Array.from(v)]));
/** `n` copies of a name. */
const times = (name: string, n: number) => new Array<string>(n).fill(name);

/**
 * The gradient block's entries by name, written out from the layout docs/lstm.md describes: gate
 * rows in the order i, f, g (the reference's c), o; the course variant names each gate's rows of
 * Wih, Whh, bih after its W•, b•, the split variant keeps PyTorch's four names.
 */
function lstmNamesByEntry(variant: LstmVariant, nA: number, V: number): string[] {
  const out = (n: number) => [...times('dWya', V * nA), ...times('dby', V)].slice(0, n);
  if (variant === 'split') return [...times('dWih', 4 * nA * V), ...times('dWhh', 4 * nA * nA), ...times('dbih', 4 * nA), ...times('dbhh', 4 * nA), ...out(V * nA + V)];
  const gates = ['i', 'f', 'c', 'o'];
  return [
    ...gates.flatMap((g) => times(`dW${g}`, nA * V)),
    ...gates.flatMap((g) => times(`dW${g}`, nA * nA)),
    ...gates.flatMap((g) => times(`db${g}`, nA)),
    ...out(V * nA + V),
  ];
}

/** The GRU's gradient block by name (docs/gru.md): Wx = [Wrx; Wux; Wax], Wa = [Wra; Wua; Waa], b = [br; bu; ba], bhn, Wya, by. */
function gruNamesByEntry(after: boolean, nA: number, V: number): string[] {
  return [
    ...['dWrx', 'dWux', 'dWax'].flatMap((n) => times(n, nA * V)),
    ...['dWra', 'dWua', 'dWaa'].flatMap((n) => times(n, nA * nA)),
    ...['dbr', 'dbu', 'dba'].flatMap((n) => times(n, nA)),
    ...times('dbhn', after ? nA : 0),
    ...times('dWya', V * nA),
    ...times('dby', V),
  ];
}

describe('the gated engines’ packed layouts hold exactly the reference’s parameters', () => {
  it('packs as many LSTM entries as the reference’s parameters have, for both conventions', () => {
    for (const variant of LSTM_VARIANTS) {
      for (const [nA, V] of SIZES) {
        expect(sum(Object.values(lstmPackedLengths(variant, nA, V)))).toBe(entries(lstmShapes(variant, { nA, nX: V, nY: V })));
      }
    }
  });

  it('packs as many GRU entries as the reference’s parameters have, for all four conventions', () => {
    for (const variant of GRU_VARIANTS) {
      for (const [nA, V] of SIZES) {
        expect(sum(Object.values(gruPackedLengths(variant, nA, V)))).toBe(entries(gruShapes(variant, { nA, nX: V, nY: V })));
      }
    }
  });
});

describe('a NaN gradient entry is named after the reference parameter holding it', () => {
  it('names every LSTM gradient entry as the documented layout does, and refuses an index past the block', () => {
    for (const variant of LSTM_VARIANTS) {
      for (const [nA, V] of SIZES) {
        const expected = lstmNamesByEntry(variant, nA, V);
        expect(expected.map((_, k) => lstmGradientName(variant, nA, V, k))).toStrictEqual(expected);
        expect(() => lstmGradientName(variant, nA, V, expected.length)).toThrow(RangeError);
      }
    }
  });

  it('names every GRU gradient entry as the documented layout does, and refuses an index past the block', () => {
    for (const variant of GRU_VARIANTS) {
      for (const [nA, V] of SIZES) {
        const expected = gruNamesByEntry(variant.reset === 'after-matmul', nA, V);
        expect(expected.map((_, k) => gruGradientName(variant, nA, V, k))).toStrictEqual(expected);
        expect(() => gruGradientName(variant, nA, V, expected.length)).toThrow(RangeError);
      }
    }
  });
});

describe('the parameters by the reference’s names are copies', () => {
  it('leaves the LSTM’s and the GRU’s packed parameters unchanged when the named copies are overwritten', () => {
    const conversions: (() => Record<string, Float64Array>)[] = [
      ...LSTM_VARIANTS.map((variant) => { const p = lstmInit(variant, 2, 3, { seed: 3 }); return () => lstmToNamed(p); }),
      ...GRU_VARIANTS.map((variant) => { const p = gruInit(variant, 2, 3, { seed: 3 }); return () => gruToNamed(p); }),
    ];
    for (const toNamed of conversions) {
      const before = snapshot(toNamed());
      for (const v of Object.values(toNamed())) v.fill(7);
      expect(snapshot(toNamed())).toStrictEqual(before);
    }
  });
});

describe('a gated workspace refuses parameters of another size or convention', () => {
  it('an LSTM workspace throws a RangeError for the other convention, a smaller nA or a smaller V', () => {
    expect(() => new LstmWorkspace('split', 2, 3).load(lstmInit('course', 2, 3))).toThrow(RangeError);
    expect(() => new LstmWorkspace('course', 3, 3).load(lstmInit('course', 2, 3))).toThrow(RangeError);
    expect(() => new LstmWorkspace('course', 2, 4).load(lstmInit('course', 2, 3))).toThrow(RangeError);
  });

  it('a GRU workspace throws a RangeError for another reset placement or blend, a smaller nA or a smaller V', () => {
    const [afterKeeps, afterTakes, beforeKeeps] = GRU_VARIANTS;
    expect(() => new GruWorkspace(afterKeeps, 2, 3).load(gruInit(beforeKeeps, 2, 3))).toThrow(RangeError);
    expect(() => new GruWorkspace(afterKeeps, 2, 3).load(gruInit(afterTakes, 2, 3))).toThrow(RangeError);
    expect(() => new GruWorkspace(afterKeeps, 3, 3).load(gruInit(afterKeeps, 2, 3))).toThrow(RangeError);
    expect(() => new GruWorkspace(afterKeeps, 2, 4).load(gruInit(afterKeeps, 2, 3))).toThrow(RangeError);
  });
});
