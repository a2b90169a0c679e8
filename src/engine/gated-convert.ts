/**
 * The gated and stacked engines' parameters as the reference's mathjs matrices and back
 * (src/reference/lstm/, gru/, deep/): exact copies, through the flat named arrays of lstm-params.ts,
 * gru-params.ts and deep-params.ts. Kept apart from the engines so that training never loads mathjs.
 */
import type { DeepParams } from '../reference/deep/types.js';
import type { GruParams } from '../reference/gru/types.js';
import { entries, fromRows, realPart, shape, type Matrix } from '../reference/linalg.js';
import type { LstmParams } from '../reference/lstm/types.js';
import { deepFromNamed } from './deep-params.js';
import { gruFromNamed, gruNamedShapes, gruToNamed, type FastGruParams } from './gru-params.js';
import { lstmFromNamed, lstmNamedShapes, lstmToNamed, type FastLstmParams, type NamedParams } from './lstm-params.js';

/** Real matrices by name as flat row-major arrays. */
function flatten(params: object, names: readonly string[]): NamedParams {
  const m = params as Record<string, Matrix>;
  return Object.fromEntries(names.map((name) => [name, Float64Array.from(entries(m[name]).map(realPart))]));
}

/** Flat arrays as matrices of the given shapes. */
function unflatten(named: NamedParams, shapes: Record<string, [number, number]>): Record<string, Matrix> {
  return Object.fromEntries(
    Object.entries(shapes).map(([name, [r, c]]) => [name, fromRows(Array.from({ length: r }, (_, i) => Array.from(named[name].subarray(i * c, (i + 1) * c))))]),
  );
}

/** Reference LSTM parameters (real, nX = nY) as the engine's packed parameters. */
export function lstmFromReference(params: LstmParams): FastLstmParams {
  const [V, nA] = shape(params.Wya);
  const names = Object.keys(lstmNamedShapes(params.variant, nA, V));
  return lstmFromNamed(params.variant, nA, V, flatten(params, names));
}

/** The engine's LSTM parameters as the reference's. */
export function lstmToReference(p: FastLstmParams): LstmParams {
  return { variant: p.variant, ...unflatten(lstmToNamed(p), lstmNamedShapes(p.variant, p.nA, p.V)) } as unknown as LstmParams;
}

/** Reference GRU parameters (real, nX = nY) as the engine's packed parameters. */
export function gruFromReference(params: GruParams): FastGruParams {
  const [V, nA] = shape(params.Wya);
  const names = Object.keys(gruNamedShapes(params.variant, nA, V));
  return gruFromNamed(params.variant, nA, V, flatten(params, names));
}

/** The engine's GRU parameters as the reference's. */
export function gruToReference(p: FastGruParams): GruParams {
  return { variant: p.variant, ...unflatten(gruToNamed(p), gruNamedShapes(p.variant, p.nA, p.V)) } as unknown as GruParams;
}

/** Reference deep parameters (real, nX = nY) as the stacked engine's sizes and parameter block. */
export function deepFromReference(params: DeepParams): { sizes: number[]; block: Float64Array } {
  const [V] = shape(params.Wya);
  const sizes = [V, ...params.layers.map((layer) => shape(layer.ba)[0])];
  const named: NamedParams = flatten(params, ['Wya', 'by']);
  params.layers.forEach((layer, k) => {
    for (const [name, values] of Object.entries(flatten(layer, ['Wax', 'Waa', 'ba']))) named[`${name}[${k + 1}]`] = values;
  });
  return { sizes, block: deepFromNamed(sizes, named) };
}
