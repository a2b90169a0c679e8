/**
 * What the LSTM, GRU and stacked engines' parameter modules share: parameters by the reference's
 * names as flat row-major arrays, the check that they have their shapes, the template's
 * initialisation drawn over them, and zero packed arrays.
 */
import { NumpyRandom } from '../random/numpy.js';

/** Parameters by the reference's names (`Wf`, `bih`, `Wax[2]`, …), each a flat row-major array. */
export type NamedParams = Record<string, Float64Array>;

/** A one-line error naming the first parameter that is missing or has another number of entries than its [rows, columns]. */
export function checkNamed(shapes: Readonly<Record<string, readonly [number, number]>>, named: Readonly<NamedParams>): void {
  for (const [name, [r, c]] of Object.entries(shapes)) {
    if (named[name]?.length !== r * c) throw new RangeError(`${name} must have ${r * c} entries (${r}×${c}), got ${named[name]?.length ?? 'none'}`);
  }
}

/**
 * The course template's initialisation over any parameter list: numpy's seed(s), then every weight
 * (a name starting with W), in the given order, drawn as randn·scale row by row; biases 0.
 */
export function drawNamed(lengths: Readonly<Record<string, number>>, seed: number, scale: number): NamedParams {
  const rng = new NumpyRandom(seed);
  const named: NamedParams = {};
  for (const [name, n] of Object.entries(lengths)) {
    const v = new Float64Array(n);
    if (name.startsWith('W')) for (let k = 0; k < n; k++) v[k] = rng.gauss() * scale;
    named[name] = v;
  }
  return named;
}

/** Entries of each [rows, columns]. */
export const lengthsOf = (shapes: Readonly<Record<string, readonly [number, number]>>): Record<string, number> =>
  Object.fromEntries(Object.entries(shapes).map(([name, [r, c]]) => [name, r * c]));

/** Zero arrays of the given lengths, by name. */
export function zeroArrays<K extends string>(names: readonly K[], lengths: Readonly<Record<K, number>>): Record<K, Float64Array> {
  return Object.fromEntries(names.map((name) => [name, new Float64Array(lengths[name])])) as Record<K, Float64Array>;
}
