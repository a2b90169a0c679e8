/**
 * The stacked engine's parameter block (src/engine/deep.ts, docs/deep.md): its layout, the
 * template's initialisation carried over to L layers, and the parameters by name.
 *
 * Shapes: sizes = [V, nA[1], …, nA[L]]; layer l: Wax nA[l]×nA[l−1], Waa nA[l]×nA[l], ba nA[l];
 * Wya V×nA[L], by V. Names are the document's with the layer in brackets, `Wax[1]`, `ba[2]`.
 */
import { checkNamed, drawNamed, type NamedParams } from './gated-params.js';

/** The parameters' names and lengths in block order: layer 1's Wax, Waa, ba, layer 2's, …, Wya, by. */
export function deepParamLengths(sizes: readonly number[]): [string, number][] {
  const out: [string, number][] = [];
  for (let l = 1; l < sizes.length; l++) out.push([`Wax[${l}]`, sizes[l] * sizes[l - 1]], [`Waa[${l}]`, sizes[l] * sizes[l]], [`ba[${l}]`, sizes[l]]);
  const V = sizes[0];
  return [...out, ['Wya', V * sizes[sizes.length - 1]], ['by', V]];
}

/** A block's entries by name (copies). */
export function deepToNamed(sizes: readonly number[], block: Float64Array): NamedParams {
  const named: NamedParams = {};
  let offset = 0;
  for (const [name, n] of deepParamLengths(sizes)) {
    named[name] = block.slice(offset, offset + n);
    offset += n;
  }
  return named;
}

/** A block from entries by name; a one-line error names a missing or mis-sized one. */
export function deepFromNamed(sizes: readonly number[], named: Readonly<NamedParams>): Float64Array {
  const lengths = deepParamLengths(sizes);
  checkNamed(Object.fromEntries(lengths.map(([name, n]) => [name, [n, 1] as const])), named);
  const block = new Float64Array(lengths.reduce((s, [, n]) => s + n, 0));
  let offset = 0;
  for (const [name, n] of lengths) {
    block.set(named[name], offset);
    offset += n;
  }
  return block;
}

/**
 * The template's initialisation for L layers: numpy's seed(s), then Wax[1], Waa[1], Wax[2], Waa[2],
 * …, Wya drawn as randn(rows, cols)·scale (default 0.01) in that order, biases 0. With one layer it
 * is the template's own (model.ts templateInit).
 */
export function deepInit(sizes: readonly number[], { seed = 1, scale = 0.01 } = {}): Float64Array {
  return deepFromNamed(sizes, drawNamed(Object.fromEntries(deepParamLengths(sizes)), seed, scale));
}
