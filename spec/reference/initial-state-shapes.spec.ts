/**
 * The gated and stacked cells refuse an initial state a⟨0⟩ (c⟨0⟩) that is not an n×1 column, before
 * any step runs. Without that check nothing else is sure to: over an empty sequence the state comes
 * back as aLast (cLast, a0) unchecked, and over a non-empty one a row too many makes mathjs throw a
 * DimensionError (a RangeError too), but a second column is broadcast, and the GRU and the stacked
 * RNN run to a loss (seen with the column check removed by hand).
 */
import { describe, expect, it } from 'vitest';
import { deepForward } from '../../src/reference/deep/bptt.js';
import { initDeep } from '../../src/reference/deep/types.js';
import { gruForward } from '../../src/reference/gru/bptt.js';
import { GRU_VARIANTS, initGru } from '../../src/reference/gru/types.js';
import { shape, zeros, type Matrix } from '../../src/reference/linalg.js';
import { lstmForward } from '../../src/reference/lstm/bptt.js';
import { initLstm, type LstmVariant } from '../../src/reference/lstm/types.js';

const dims = { nA: 2, nX: 3, nY: 2 };
/** The sequences tried: empty, and two steps. */
const sequences: [number[], number[]][] = [
  [[], []],
  [[0, 2], [1, 0]],
];
/** Every way an n-long state can be wrong: a row too many, a second column, a row vector. */
const wrongShapes = (n: number): Matrix[] => [zeros(n + 1, 1), zeros(n, 2), zeros(1, n)];
const constantDraw = () => 0.25;

describe('the initial state of the gated and stacked cells must be a column of the hidden size', () => {
  it('GRU: refuses a⟨0⟩ of any other shape, even over an empty sequence, and hands a right one back as aLast', () => {
    const params = initGru(dims, GRU_VARIANTS[0], 0.5, constantDraw);
    for (const [inputs, targets] of sequences) {
      for (const a0 of wrongShapes(dims.nA)) expect(() => gruForward(params, inputs, targets, a0), `${shape(a0)}`).toThrow(RangeError);
    }
    const a0 = zeros(dims.nA, 1);
    expect(gruForward(params, [], [], a0).aLast).toBe(a0);
  });

  it('LSTM, both variants: refuses a⟨0⟩ or c⟨0⟩ of any other shape, even over an empty sequence', () => {
    for (const variant of ['course', 'split'] as LstmVariant[]) {
      const params = initLstm(dims, { variant, scale: 0.5, random: constantDraw });
      const right = zeros(dims.nA, 1);
      for (const [inputs, targets] of sequences) {
        for (const wrong of wrongShapes(dims.nA)) {
          expect(() => lstmForward(params, inputs, targets, wrong, right), `${variant} a0 ${shape(wrong)}`).toThrow(RangeError);
          expect(() => lstmForward(params, inputs, targets, right, wrong), `${variant} c0 ${shape(wrong)}`).toThrow(RangeError);
        }
      }
      const { aLast, cLast } = lstmForward(params, [], [], right, right);
      expect([aLast, cLast]).toEqual([right, right]);
    }
  });

  it('stacked vanilla RNN: refuses any layer’s a⟨0⟩ of another shape than its own hidden size, even over an empty sequence', () => {
    const sizes = [3, 2, 4];
    const params = initDeep(sizes, 2, 0.5, constantDraw);
    const right = [zeros(2, 1), zeros(4, 1)];
    for (const [inputs, targets] of sequences) {
      for (const k of [0, 1]) {
        for (const wrong of wrongShapes(sizes[k + 1])) {
          const a0 = right.map((a, l) => (l === k ? wrong : a));
          expect(() => deepForward(params, inputs, targets, a0), `layer ${k} ${shape(wrong)}`).toThrow(RangeError);
        }
      }
    }
    expect(deepForward(params, [], [], right).a0).toEqual(right);
  });
});
