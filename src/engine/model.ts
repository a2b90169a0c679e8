/**
 * The fast path's parameters: Float64Arrays, row-major, with the reference's names and shapes.
 *   Wax nA×V   Waa nA×nA   Wya V×nA   ba nA   by V        (nX = nY = V, the vocabulary size)
 * Conversions to and from the reference's mathjs Params are exact copies.
 */
import { fromRows, column, entries, realPart } from '../reference/linalg.js';
import type { Params } from '../reference/types.js';
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

function rows(a: Float64Array, r: number, c: number): number[][] {
  return Array.from({ length: r }, (_, i) => Array.from(a.subarray(i * c, (i + 1) * c)));
}

/** The same parameters as reference (mathjs) matrices. */
export function toReference(p: FastParams): Params {
  return {
    Wax: fromRows(rows(p.Wax, p.nA, p.V)),
    Waa: fromRows(rows(p.Waa, p.nA, p.nA)),
    Wya: fromRows(rows(p.Wya, p.V, p.nA)),
    ba: column(Array.from(p.ba)),
    by: column(Array.from(p.by)),
  };
}

/** Reference parameters (real, nX = nY) as fast parameters. */
export function fromReference(params: Params): FastParams {
  const flat = (name: keyof Params) => Float64Array.from(entries(params[name]).map(realPart));
  const ba = flat('ba');
  const by = flat('by');
  return { nA: ba.length, V: by.length, Wax: flat('Wax'), Waa: flat('Waa'), Wya: flat('Wya'), ba, by };
}
