/**
 * deepDimensions, gruDimensions and lstmDimensions refuse a parameter whose rows are right and
 * columns wrong, or the other way round: each dimension is checked on its own.
 */
import { describe, expect, it } from 'vitest';
import { deepDimensions, initDeep } from '../../src/reference/deep/types.js';
import { GRU_VARIANTS, gruDimensions, initGru } from '../../src/reference/gru/types.js';
import { zeros } from '../../src/reference/linalg.js';
import { initLstm, lstmDimensions, type LstmParams } from '../../src/reference/lstm/types.js';

const constantDraw = () => 0.25;

describe('the sizes of the gated and stacked models are checked row and column alike', () => {
  it('stacked vanilla RNN: refuses a layer’s Waa with a row too many or a column too many, and Wya with a column too many', () => {
    const params = initDeep([3, 2, 4], 2, 0.5, constantDraw);
    expect(deepDimensions(params)).toEqual({ sizes: [3, 2, 4], nY: 2 });
    const withWaa = (Waa: ReturnType<typeof zeros>) => ({ ...params, layers: [{ ...params.layers[0], Waa }, params.layers[1]] });
    expect(() => deepDimensions(withWaa(zeros(3, 2)))).toThrow(RangeError);
    expect(() => deepDimensions(withWaa(zeros(2, 3)))).toThrow(RangeError);
    expect(() => deepDimensions({ ...params, Wya: zeros(2, 5) })).toThrow(RangeError);
  });

  it('GRU: refuses a gate matrix or a bias with a column too many', () => {
    for (const variant of GRU_VARIANTS) {
      const params = initGru({ nA: 2, nX: 3, nY: 2 }, variant, 0.5, constantDraw);
      expect(gruDimensions(params)).toEqual({ nA: 2, nX: 3, nY: 2 });
      expect(() => gruDimensions({ ...params, Wrx: zeros(2, 4) })).toThrow(RangeError);
      expect(() => gruDimensions({ ...params, Wua: zeros(2, 3) })).toThrow(RangeError);
      expect(() => gruDimensions({ ...params, br: zeros(2, 2) })).toThrow(RangeError);
    }
  });

  it('LSTM, both variants: refuses a gate matrix or a bias with a column too many', () => {
    const dims = { nA: 2, nX: 3, nY: 2 };
    const course = initLstm(dims, { variant: 'course', scale: 0.5, random: constantDraw });
    expect(lstmDimensions(course)).toEqual(dims);
    expect(() => lstmDimensions({ ...course, Wi: zeros(2, 6) } as LstmParams)).toThrow(RangeError);
    expect(() => lstmDimensions({ ...course, bo: zeros(2, 2) } as LstmParams)).toThrow(RangeError);
    const split = initLstm(dims, { variant: 'split', scale: 0.5, random: constantDraw });
    expect(lstmDimensions(split)).toEqual(dims);
    expect(() => lstmDimensions({ ...split, Whh: zeros(8, 3) } as LstmParams)).toThrow(RangeError);
    expect(() => lstmDimensions({ ...split, bhh: zeros(8, 2) } as LstmParams)).toThrow(RangeError);
  });
});
