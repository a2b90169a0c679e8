/**
 * initDeep, initGru and initLstm: each weight is (2r − 1)·scale for a draw r in [0, 1), so uniform
 * in [−scale, scale); biases are zero, except the LSTM forget gate's, which is `forgetBias`. With a
 * constant draw every weight is the same number, worked out by hand below (scale 0.5):
 *   r = 0    → (2·0 − 1)·0.5    = −0.5   (the lower end)
 *   r = 0.75 → (2·0.75 − 1)·0.5 = 0.25
 * Both are exact in float64.
 */
import { describe, expect, it } from 'vitest';
import { initDeep } from '../../src/reference/deep/types.js';
import { GRU_VARIANTS, initGru } from '../../src/reference/gru/types.js';
import { entries, realPart, type Matrix } from '../../src/reference/linalg.js';
import { initLstm, LSTM_VARIANTS } from '../../src/reference/lstm/types.js';

const SCALE = 0.5;
/** [constant draw r, the weight (2r − 1)·SCALE it gives, by hand]. */
const DRAWS: [number, number][] = [
  [0, -0.5],
  [0.75, 0.25],
];

/** The real entries of the named matrices of a model, in the order the names are given. */
const valuesOf = (model: object, names: readonly string[]) => names.flatMap((n) => entries((model as Record<string, Matrix>)[n]).map(realPart));
/** The model's matrix names (everything but its variant), sorted. */
const namesOf = (model: object) => Object.keys(model).filter((k) => k !== 'variant').sort();
const sorted = (...lists: string[][]) => lists.flat().sort();

describe('new models: weights drawn uniform in [−scale, scale), biases zero', () => {
  it('initDeep sets every weight to (2r − 1)·scale and every bias to zero', () => {
    for (const [r, weight] of DRAWS) {
      const params = initDeep([3, 2, 4], 2, SCALE, () => r);
      const layerWeights = params.layers.flatMap((layer) => valuesOf(layer, ['Wax', 'Waa']));
      expect(new Set([...layerWeights, ...valuesOf(params, ['Wya'])])).toEqual(new Set([weight]));
      expect(new Set([...params.layers.flatMap((layer) => valuesOf(layer, ['ba'])), ...valuesOf(params, ['by'])])).toEqual(new Set([0]));
    }
  });

  it('initGru, every convention: every weight (2r − 1)·scale, every bias (br, bu, ba, bhn, by) zero', () => {
    for (const variant of GRU_VARIANTS) {
      const biases = variant.reset === 'after-matmul' ? ['br', 'bu', 'ba', 'bhn', 'by'] : ['br', 'bu', 'ba', 'by'];
      const weights = ['Wrx', 'Wra', 'Wux', 'Wua', 'Wax', 'Waa', 'Wya'];
      for (const [r, weight] of DRAWS) {
        const params = initGru({ nA: 2, nX: 3, nY: 2 }, variant, SCALE, () => r);
        expect(namesOf(params)).toEqual(sorted(weights, biases));
        expect(new Set(valuesOf(params, weights))).toEqual(new Set([weight]));
        expect(new Set(valuesOf(params, biases))).toEqual(new Set([0]));
      }
    }
  });

  it('initLstm, course: every weight (2r − 1)·scale, bf = forgetBias, bi, bc, bo, by zero', () => {
    const weights = ['Wf', 'Wi', 'Wc', 'Wo', 'Wya'];
    for (const [r, weight] of DRAWS) {
      const params = initLstm({ nA: 2, nX: 3, nY: 2 }, { variant: 'course', forgetBias: 1, scale: SCALE, random: () => r });
      expect(namesOf(params)).toEqual(sorted(weights, ['bf', 'bi', 'bc', 'bo', 'by']));
      expect(new Set(valuesOf(params, weights))).toEqual(new Set([weight]));
      expect(valuesOf(params, ['bf'])).toEqual([1, 1]);
      expect(new Set(valuesOf(params, ['bi', 'bc', 'bo', 'by']))).toEqual(new Set([0]));
    }
  });

  it('initLstm, split: every weight (2r − 1)·scale, forgetBias in the f block of bih only (rows nA…2nA − 1 of i, f, g, o), bhh and by zero', () => {
    const weights = ['Wih', 'Whh', 'Wya'];
    for (const [r, weight] of DRAWS) {
      const params = initLstm({ nA: 2, nX: 3, nY: 2 }, { variant: 'split', forgetBias: 1, scale: SCALE, random: () => r });
      expect(namesOf(params)).toEqual(sorted(weights, ['bih', 'bhh', 'by']));
      expect(new Set(valuesOf(params, weights))).toEqual(new Set([weight]));
      //                                 i     f     g     o
      expect(valuesOf(params, ['bih'])).toEqual([0, 0, 1, 1, 0, 0, 0, 0]);
      expect(new Set(valuesOf(params, ['bhh', 'by']))).toEqual(new Set([0]));
    }
  });

  it('lists both LSTM conventions, course and split', () => {
    expect([...LSTM_VARIANTS].sort()).toEqual(['course', 'split']);
  });
});
