/**
 * fast-check arbitraries for matrices, models and sequences. Weights come from integers
 * (fc.double clusters near 0 and subnormals), in [−1, 1] by default.
 */
import fc from 'fast-check';
import type { Problem } from '../../src/gradcheck/problem.js';
import type { Input } from '../../src/reference/inputs.js';
import { column, fromRows } from '../../src/reference/linalg.js';
import type { Params } from '../../src/reference/types.js';

/** A weight in [−max, max] on a grid of 1/1000. */
export const weight = (max = 1) => fc.integer({ min: -1000 * max, max: 1000 * max }).map((i) => i / 1000);

/** Rows of an r×c matrix. */
export const rowsArb = (r: number, c: number, max = 1) =>
  fc.array(fc.array(weight(max), { minLength: c, maxLength: c }), { minLength: r, maxLength: r });

export interface Dims {
  nA: number;
  nX: number;
  nY: number;
  T: number;
}

/** Random sizes of a small model and sequence. */
export const dimsArb = (maxT = 8): fc.Arbitrary<Dims> =>
  fc.record({
    nA: fc.integer({ min: 1, max: 6 }),
    nX: fc.integer({ min: 1, max: 6 }),
    nY: fc.integer({ min: 2, max: 6 }),
    T: fc.integer({ min: 1, max: maxT }),
  });

/** Parameters of the given sizes. */
export const paramsArb = ({ nA, nX, nY }: Dims, max = 1): fc.Arbitrary<Params> =>
  fc
    .tuple(rowsArb(nA, nX, max), rowsArb(nA, nA, max), rowsArb(nY, nA, max), rowsArb(nA, 1, max), rowsArb(nY, 1, max))
    .map(([Wax, Waa, Wya, ba, by]) => ({
      Wax: fromRows(Wax),
      Waa: fromRows(Waa),
      Wya: fromRows(Wya),
      ba: fromRows(ba),
      by: fromRows(by),
    }));

/** One input step in any of the document's conventions: null, an index, or a dense vector. */
export const inputArb = (nX: number): fc.Arbitrary<Input> =>
  fc.oneof(fc.constant(null), fc.integer({ min: 0, max: nX - 1 }), fc.array(weight(2), { minLength: nX, maxLength: nX }));

/** A whole problem: sizes, parameters, a⟨0⟩ in (−1, 1), inputs and targets. */
export const problemArb = (maxT = 8, max = 1): fc.Arbitrary<Problem & { dims: Dims }> =>
  dimsArb(maxT).chain((dims) =>
    fc.record({
      dims: fc.constant(dims),
      params: paramsArb(dims, max),
      a0: fc.array(weight(0.9), { minLength: dims.nA, maxLength: dims.nA }).map(column),
      inputs: fc.array(inputArb(dims.nX), { minLength: dims.T, maxLength: dims.T }),
      targets: fc.array(fc.integer({ min: 0, max: dims.nY - 1 }), { minLength: dims.T, maxLength: dims.T }),
    }),
  );

/** Sizes bounds for `oneHotCaseArb`. */
export interface OneHotBounds {
  maxNA: number;
  maxV: number;
  maxT: number;
}

/**
 * A small one-hot problem for the engine (nX = nY = V, weights in [−0.5, 0.5], inputs an index or
 * null), with a direction u of the same shapes as (Wax, Waa, Wya, ba, by, a0).
 */
export const oneHotCaseArb = ({ maxNA, maxV, maxT }: OneHotBounds) =>
  fc
    .record({ nA: fc.integer({ min: 1, max: maxNA }), V: fc.integer({ min: 2, max: maxV }), T: fc.integer({ min: 1, max: maxT }) })
    .chain(({ nA, V, T }) =>
      fc.record({
        params: paramsArb({ nA, nX: V, nY: V, T }, 0.5),
        a0: fc.array(weight(0.9), { minLength: nA, maxLength: nA }),
        inputs: fc.array(fc.option(fc.integer({ min: 0, max: V - 1 }), { nil: null }), { minLength: T, maxLength: T }),
        targets: fc.array(fc.integer({ min: 0, max: V - 1 }), { minLength: T, maxLength: T }),
        u: fc.record({ Wax: rowsArb(nA, V), Waa: rowsArb(nA, nA), Wya: rowsArb(V, nA), ba: rowsArb(nA, 1), by: rowsArb(V, 1), a0: rowsArb(nA, 1) }),
      }),
    );
