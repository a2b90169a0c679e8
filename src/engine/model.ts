/**
 * The fast path's parameters: Float64Arrays, row-major, with the reference's names and shapes.
 *   Wax nA×V   Waa nA×nA   Wya V×nA   ba nA   by V        (nX = nY = V, the vocabulary size)
 * Conversions to and from the reference's mathjs Params (exact copies) are in convert.ts, so that
 * training never loads mathjs.
 */
import { NumpyRandom } from '../random/numpy.js';

export interface FastParams {
  readonly nA: number;
  readonly V: number;
  readonly Wax: Float64Array;
  readonly Waa: Float64Array;
  readonly Wya: Float64Array;
  readonly ba: Float64Array;
  readonly by: Float64Array;
}

/** Zero parameters of the given sizes. */
export function zeroParams(nA: number, V: number): FastParams {
  return {
    nA,
    V,
    Wax: new Float64Array(nA * V),
    Waa: new Float64Array(nA * nA),
    Wya: new Float64Array(V * nA),
    ba: new Float64Array(nA),
    by: new Float64Array(V),
  };
}

/** The course template's initialisation: seed(1); Wax, Waa, Wya = randn(…)·0.01 in that order; biases 0. */
export function templateInit(nA: number, V: number, seed = 1): FastParams {
  const rng = new NumpyRandom(seed);
  const p = zeroParams(nA, V);
  for (const W of [p.Wax, p.Waa, p.Wya]) for (let k = 0; k < W.length; k++) W[k] = rng.gauss() * 0.01;
  return p;
}

/** A deep copy (plain arrays, independent of any workspace). */
export function copyParams(p: FastParams): FastParams {
  return { nA: p.nA, V: p.V, Wax: p.Wax.slice(), Waa: p.Waa.slice(), Wya: p.Wya.slice(), ba: p.ba.slice(), by: p.by.slice() };
}
