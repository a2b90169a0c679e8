/**
 * fast-check arbitraries for the gated cells (LSTM, GRU): small sizes, weights from integers as
 * in arbitraries.ts, named matrices of given shapes, and a sequence with its targets.
 */
import fc from 'fast-check';
import type { Input } from '../../src/reference/inputs.js';
import { fromRows, type Matrix } from '../../src/reference/linalg.js';
import { inputArb, rowsArb } from './arbitraries.js';
import { rowsOf } from './matrices.js';

export interface GatedDims {
  nA: number;
  nX: number;
  nY: number;
  T: number;
}

/** Sizes small enough that an entry-by-entry complex step over every parameter stays fast. */
export const gatedDimsArb = (maxT = 4): fc.Arbitrary<GatedDims> =>
  fc.record({
    nA: fc.integer({ min: 1, max: 3 }),
    nX: fc.integer({ min: 1, max: 3 }),
    nY: fc.integer({ min: 2, max: 3 }),
    T: fc.integer({ min: 1, max: maxT }),
  });

/** A record of matrices with the given [rows, columns], entries in [−max, max]. */
export function namedMatricesArb(shapes: Readonly<Record<string, readonly [number, number]>>, max = 1): fc.Arbitrary<Record<string, Matrix>> {
  const entries = Object.entries(shapes);
  return fc
    .tuple(...entries.map(([, [r, c]]) => rowsArb(r, c, max)))
    .map((all) => Object.fromEntries(all.map((rows, k) => [entries[k][0], fromRows(rows)])));
}

/** A sequence of T inputs (null, index or dense) and T target indices. */
export const sequenceArb = ({ nX, nY, T }: GatedDims): fc.Arbitrary<{ inputs: Input[]; targets: number[] }> =>
  fc.record({
    inputs: fc.array(inputArb(nX), { minLength: T, maxLength: T }),
    targets: fc.array(fc.integer({ min: 0, max: nY - 1 }), { minLength: T, maxLength: T }),
  });

/** Initial states in (−1, 1) for the named vectors (a0, and c0 for the LSTM), each nA×1. */
export const statesArb = (nA: number, names: readonly string[]): fc.Arbitrary<Record<string, Matrix>> =>
  namedMatricesArb(Object.fromEntries(names.map((n) => [n, [nA, 1] as const])), 0.9);


/**
 * Whether the loss reads a⟨t⟩, so that a wrong backward through the cell can show: softmax ignores
 * a shift common to all logits, so a⟨t⟩ counts only through differences between Wya's rows — some
 * column must differ by at least 0.5 between two rows. (A model whose rows were equal,
 * [[-0.997], [-0.997]], made every backward pass agree: a shrunk counterexample.)
 */
export function readsTheState(p: { params: { Wya: Matrix } }): boolean {
  const rows = rowsOf(p.params.Wya);
  return rows[0].some((_, j) => Math.max(...rows.map((r) => r[j])) - Math.min(...rows.map((r) => r[j])) >= 0.5);
}
