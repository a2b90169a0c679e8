/** The fast path's parameters as the reference's mathjs matrices and back: exact copies. */
import { column, entries, fromRows, realPart } from '../reference/linalg.js';
import type { Params } from '../reference/types.js';
import type { FastParams } from './model.js';

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
