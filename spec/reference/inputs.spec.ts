import { describe, expect, it } from 'vitest';
import { forwardSequence } from '../../src/reference/bptt.js';
import { checkTarget, inputVector } from '../../src/reference/inputs.js';
import { column, fromRows } from '../../src/reference/linalg.js';
import { dimensions } from '../../src/reference/types.js';
import { rowsOf } from '../helpers/matrices.js';

const params = {
  Wax: fromRows([[1, 0, 0]]),
  Waa: fromRows([[0.5]]),
  Wya: fromRows([[1], [-1]]),
  ba: column([0]),
  by: column([0, 0]),
};

describe('input conventions of eq. (4)', () => {
  it('turns null into the zero vector (the template’s "None"), an index into one-hot, a dense array into itself', () => {
    expect(rowsOf(inputVector(null, 3))).toEqual([[0], [0], [0]]);
    expect(rowsOf(inputVector(1, 3))).toEqual([[0], [1], [0]]);
    expect(rowsOf(inputVector([0.5, -2, 3], 3))).toEqual([[0.5], [-2], [3]]);
  });

  it('names the step and the bound when an input or target is out of range', () => {
    expect(() => inputVector(3, 3, 'inputs[2]')).toThrow('inputs[2] must be an integer index in [0, 3), got 3');
    expect(() => inputVector(1.5, 3)).toThrow(/got 1.5/);
    expect(() => inputVector([1, 2], 3, 'inputs[0]')).toThrow('inputs[0] must have 3 entries (nX), got 2');
    expect(() => checkTarget(-1, 2, 'targets[4]')).toThrow('targets[4] must be an integer index in [0, 2), got -1');
    expect(() => forwardSequence(params, [null, 0], [0, 2])).toThrow('targets[1] must be an integer index in [0, 2), got 2');
  });

  it('refuses inputs and targets of different lengths, and an a0 of the wrong shape', () => {
    expect(() => forwardSequence(params, [null], [0, 1])).toThrow('inputs and targets must have the same length, got 1 and 2');
    expect(() => forwardSequence(params, [null], [0], column([0, 0]))).toThrow('a0 must be 1×1, got 2×1');
    expect(() => forwardSequence(params, [null], [0], fromRows([[0, 0]]))).toThrow('a0 must be 1×1, got 1×2');
    const nA2 = { ...params, Wax: fromRows([[1, 0, 0], [0, 1, 0]]), Waa: fromRows([[0.5, 0], [0, 0.5]]), Wya: fromRows([[1, 0], [-1, 0]]), ba: column([0, 0]) };
    expect(() => forwardSequence(nA2, [null], [0], fromRows([[0, 0], [0, 0]]))).toThrow('a0 must be 2×1, got 2×2');
  });

  it('names the input or target in its message by default', () => {
    expect(() => inputVector(7, 3)).toThrow('input must be an integer index in [0, 3), got 7');
    expect(() => inputVector([1], 3)).toThrow('input must have 3 entries (nX), got 1');
    expect(() => checkTarget(5, 2)).toThrow('target must be an integer index in [0, 2), got 5');
  });
});

describe('parameter shapes', () => {
  it('are read from ba, by and Wax and checked for all five parameters', () => {
    expect(dimensions(params)).toEqual({ nA: 1, nX: 3, nY: 2 });
    expect(() => dimensions({ ...params, by: column([0, 0, 0]) })).toThrow('Wya must be 3×1, got 2×1');
  });

  it('says "transposed?" when a parameter has its shape the wrong way round', () => {
    expect(() => dimensions({ ...params, Wya: fromRows([[1, -1]]) })).toThrow('Wya must be 2×1, got 1×2 (transposed?)');
    expect(() => dimensions({ ...params, Wax: fromRows([[1], [0], [0]]) })).toThrow('Wax must be 1×3, got 3×1 (transposed?)');
    expect(() => dimensions({ ...params, by: fromRows([[0, 0]]) })).toThrow('by must be 2×1, got 1×2 (transposed?)');
  });

  it('reads nA from ba even when ba is given as a row, then refuses the row with "transposed?"', () => {
    const nA2 = { Wax: fromRows([[1, 0, 0], [0, 1, 0]]), Waa: fromRows([[0.5, 0], [0, 0.5]]), Wya: fromRows([[1, 0], [-1, 0]]), by: column([0, 0]) };
    expect(() => dimensions({ ...nA2, ba: fromRows([[0, 0]]) })).toThrow('ba must be 2×1, got 1×2 (transposed?)');
    expect(dimensions({ ...nA2, ba: column([0, 0]) })).toEqual({ nA: 2, nX: 3, nY: 2 });
  });

  it('reads nX from Wax whichever way round it is given, and names a square mismatch without "transposed?"', () => {
    const square = { Wax: fromRows([[1, 0], [0, 1]]), Waa: fromRows([[0.5, 0], [0, 0.5]]), Wya: fromRows([[1, 0]]), ba: column([0, 0]), by: column([0]) };
    expect(dimensions(square)).toEqual({ nA: 2, nX: 2, nY: 1 });
    expect(() => dimensions({ ...square, Waa: fromRows([[0.5, 0, 0], [0, 0.5, 0]]) })).toThrow('Waa must be 2×2, got 2×3');
    expect(() => dimensions({ ...square, Waa: fromRows([[0.5, 0, 0], [0, 0.5, 0]]) })).not.toThrow(/transposed/);
    expect(() => dimensions({ ...params, Wax: fromRows([[1, 0, 0], [0, 1, 0]]) })).toThrow('Wax must be 1×3, got 2×3');
  });
});
