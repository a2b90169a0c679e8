/**
 * compareValues (src/conformance/compare.ts) on small hand-made tables: the verdict at the edge of
 * |theirs − oracle| ≤ atol + rtol·|oracle|, the largest errors, the worst element, NaN and ±Infinity,
 * ILL-CONDITIONED and the shape notes. Every expected value is worked out by hand in the comments;
 * the numbers are dyadic so that the arithmetic is exact.
 */
import { describe, expect, it } from 'vitest';
import { compareValues, type Judged } from '../../src/conformance/compare.js';

const tol = (atol: number, rtol = 0, extra: Partial<Judged> = {}): Judged => ({ atol, rtol, ...extra });

describe('compareValues — elementwise |theirs − oracle| ≤ atol + rtol·|oracle|', () => {
  it('passes an element exactly at the tolerance and fails one a single ulp beyond it', () => {
    // |3 − 2| = 1 = 0.5 + 0.25·2
    const at = compareValues([[2]], [[3]], tol(0.5, 0.25));
    expect([at.status, at.ok]).toEqual(['OK', true]);
    const beyond = compareValues([[2]], [[3 + 2 ** -51]], tol(0.5, 0.25));
    expect([beyond.status, beyond.ok]).toEqual(['MISMATCH', false]);
  });

  it('reports the largest absolute and relative errors over all elements, each from its own element', () => {
    // errors: |−4.5 − (−4)| = 0.5 (relative 0.125), |3 − 2| = 1 (relative 0.5), |8.5 − 8| = 0.5 (relative 1/16)
    const r = compareValues([[-4, 2], [8, 8]], [[-4.5, 3], [8.5, 8]], tol(1));
    expect([r.status, r.maxAbs, r.maxRel]).toEqual(['OK', 1, 0.5]);
    // the relative error of an element of oracle 0 is measured against the smallest positive double
    const zero = compareValues([[0]], [[2 ** -1000]], tol(1));
    expect(zero.maxRel).toBe(2 ** -1000 / 2 ** -1074);
  });

  it('points the worst element of an agreeing quantity at its largest error, the first of equal ones', () => {
    const r = compareValues([[-4, 2], [8, 8]], [[-4.5, 3], [8.5, 8]], tol(1));
    expect(r.worst).toEqual({ index: [0, 1], oracle: 2, theirs: 3 });
    // two errors of 1: the first is kept
    expect(compareValues([[1, 5]], [[2, 6]], tol(1)).worst!.index).toEqual([0, 0]);
  });

  it('points the worst element of a disagreeing quantity at the one furthest beyond its tolerance, not the largest error', () => {
    // rtol 1/8: element (0,0) is 2 − 1/8 = 1.875 beyond, element (0,1) |114 − 100| − 12.5 = 1.5 beyond (a larger error, 14)
    const r = compareValues([[1, 100]], [[3, 114]], tol(0, 0.125));
    expect(r.status).toBe('MISMATCH');
    expect(r.worst).toEqual({ index: [0, 0], oracle: 1, theirs: 3 });
    expect(r.maxAbs).toBe(14);
    // the first of two equally far: both are 0.5 beyond atol 0.5
    expect(compareValues([[1, 1]], [[2, 2]], tol(0.5)).worst!.index).toEqual([0, 0]);
  });

  it('makes the first element outside the tolerance the worst, even after a larger error that was within it', () => {
    // (0,0): |110 − 100| = 10 ≤ 12.5; (0,1): |1.5 − 1| = 0.5 > 0.125
    const r = compareValues([[100, 1]], [[110, 1.5]], tol(0, 0.125));
    expect(r.status).toBe('MISMATCH');
    expect(r.worst).toEqual({ index: [0, 1], oracle: 1, theirs: 1.5 });
    expect(r.maxAbs).toBe(10);
  });

  it('passes NaN where the oracle has NaN and the same infinity where it has one, with errors of 0', () => {
    const r = compareValues([[NaN, Infinity, -Infinity]], [[NaN, Infinity, -Infinity]], tol(0));
    expect([r.status, r.maxAbs, r.maxRel]).toEqual(['OK', 0, 0]);
  });

  it('fails NaN or an infinity where the oracle has a number, or the other infinity, with infinite errors', () => {
    for (const theirs of [NaN, Infinity, -Infinity]) {
      const r = compareValues([[0.5, 1]], [[0.5, theirs]], tol(1e300, 1e300));
      expect([r.status, r.ok, r.maxAbs, r.maxRel], String(theirs)).toEqual(['MISMATCH', false, Infinity, Infinity]);
      expect(r.worst!.index).toEqual([0, 1]);
    }
    const swapped = compareValues([[-Infinity]], [[Infinity]], tol(0));
    expect([swapped.status, swapped.maxAbs]).toEqual(['MISMATCH', Infinity]);
  });

  it('fails a NaN where the oracle has NaN nowhere even after an element that already failed', () => {
    // (0,0) is 1.5 beyond; the NaN at (0,1) is infinitely beyond and becomes the worst
    const r = compareValues([[1, 1]], [[3, NaN]], tol(0.5));
    expect(r.worst!.index).toEqual([0, 1]);
    expect(Number.isNaN(r.worst!.theirs)).toBe(true);
  });

  it('gives ILL-CONDITIONED, which does not fail, whatever their values, and keeps the tolerance and condition it was judged with', () => {
    const r = compareValues([[1, 2]], [[5, NaN]], tol(0.25, 0.5, { condition: 3e9, illConditioned: true }));
    expect([r.status, r.ok, r.condition, r.tolerance]).toEqual(['ILL-CONDITIONED', true, 3e9, { rtol: 0.5, atol: 0.25 }]);
    expect(r.maxAbs).toBe(Infinity);
  });

  it('gives MISMATCH for tables of different shapes even when ill-conditioned, with no errors or worst element', () => {
    const r = compareValues([[1, 2]], [[1, 2, 3]], tol(0, 0, { condition: 7, illConditioned: true }));
    expect([r.status, r.ok, r.maxAbs, r.worst, r.condition]).toEqual(['MISMATCH', false, undefined, undefined, 7]);
  });
});

describe('compareValues — what a shape mismatch says', () => {
  const note = (oracle: number[][], theirs: number[][]) => compareValues(oracle, theirs, tol(1)).note!;

  it('gives both shapes, and asks whether theirs is transposed only when it is the transposed shape', () => {
    expect(note([[1, 2, 3], [4, 5, 6]], [[1, 4], [2, 5], [3, 6]])).toMatch(/2×3.*3×2 \(transposed\?\)/);
    expect(note([[1, 2, 3], [4, 5, 6]], [[1, 2], [4, 5]])).toMatch(/2×3.*2×2$/);
    expect(note([[1, 2, 3], [4, 5, 6]], [[1, 2, 3]])).toMatch(/2×3.*1×3$/);
    expect(note([[1], [2]], [])).toMatch(/2×1.*0×0$/);
    // the rows match the columns but not the other way round: not a transposition
    expect(note([[1, 2, 3], [4, 5, 6]], [[1, 2, 3], [4, 5, 6], [7, 8, 9]])).toMatch(/2×3.*3×3$/);
  });

  it('names a ragged row of theirs by its index and both lengths, and the shape expected', () => {
    const n = note([[1, 2, 3], [4, 5, 6], [7, 8, 9]], [[1, 2, 3], [4, 5, 6], [7, 8]]);
    expect(n).toMatch(/row 2 has 2 entries, row 0 has 3 .*3×3/);
  });

  it('finds a missing row of theirs, which a shape with the same first row hides', () => {
    const r = compareValues([[1], [2], [3]], [[1], [2]], tol(1));
    expect([r.status, r.note]).toEqual(['MISMATCH', expect.stringMatching(/3×1.*2×1$/)]);
  });

  it('fails a table of theirs with an extra row, though every row the oracle has agrees', () => {
    const r = compareValues([[1], [2]], [[1], [2], [3]], tol(1));
    expect([r.status, r.ok, r.note]).toEqual(['MISMATCH', false, expect.stringMatching(/2×1.*3×1$/)]);
  });
});
