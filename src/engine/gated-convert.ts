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

type Shapes<V> = (variant: V, nA: number, nY: number) => Record<string, [number, number]>;

/** Reference parameters of a gated cell (real, nX = nY) as the engine's packed ones, through their names. */
function packed<V, P>(params: { variant: V; Wya: Matrix }, shapes: Shapes<V>, fromNamed: (variant: V, nA: number, nY: number, named: NamedParams) => P): P {
  const [nY, nA] = shape(params.Wya);
  return fromNamed(params.variant, nA, nY, flatten(params, Object.keys(shapes(params.variant, nA, nY))));
}

/** The engine's parameters of a gated cell as the reference's matrices. */
function unpacked<V>(p: { variant: V; nA: number; V: number }, named: NamedParams, shapes: Shapes<V>): object {
  return { variant: p.variant, ...unflatten(named, shapes(p.variant, p.nA, p.V)) };
}

/** Reference LSTM parameters (real, nX = nY) as the engine's packed parameters. */
export const lstmFromReference = (params: LstmParams): FastLstmParams => packed(params, lstmNamedShapes, lstmFromNamed);

/** The engine's LSTM parameters as the reference's. */
export const lstmToReference = (p: FastLstmParams): LstmParams => unpacked(p, lstmToNamed(p), lstmNamedShapes) as LstmParams;

/** Reference GRU parameters (real, nX = nY) as the engine's packed parameters. */
export const gruFromReference = (params: GruParams): FastGruParams => packed(params, gruNamedShapes, gruFromNamed);

/** The engine's GRU parameters as the reference's. */
export const gruToReference = (p: FastGruParams): GruParams => unpacked(p, gruToNamed(p), gruNamedShapes) as GruParams;

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
