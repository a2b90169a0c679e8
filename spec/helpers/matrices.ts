/** Shared helpers for comparing mathjs matrices in specs. */
import { expect } from 'vitest';
import { entries, fromRows, realPart, shape, type Matrix } from '../../src/reference/linalg.js';

/** The real entries of M as nested rows. */
export function rowsOf(M: Matrix): number[][] {
  const [r, c] = shape(M);
  const v = entries(M).map(realPart);
  return Array.from({ length: r }, (_, i) => v.slice(i * c, (i + 1) * c));
}

/** max |A − B| over all entries (shapes must match). */
export function maxAbsDiff(A: Matrix, B: Matrix): number {
  expect(shape(A)).toEqual(shape(B));
  const b = entries(B).map(realPart);
  return Math.max(0, ...entries(A).map((v, k) => Math.abs(realPart(v) - b[k])));
}

/** max |A − B| / max(1, |B|), entrywise. */
export function maxRelDiff(A: Matrix, B: Matrix): number {
  expect(shape(A)).toEqual(shape(B));
  const b = entries(B).map(realPart);
  return Math.max(0, ...entries(A).map((v, k) => Math.abs(realPart(v) - b[k]) / Math.max(1, Math.abs(b[k]))));
}

/** Expects A and B to agree entrywise within `tol` relative to max(1, |B|). */
export function expectClose(A: Matrix, B: Matrix | number[][], tol: number): void {
  const expected = Array.isArray(B) ? fromRows(B) : B;
  expect(maxRelDiff(A, expected)).toBeLessThanOrEqual(tol);
}
