/**
 * A stacked (deep) vanilla RNN: L layers of the vanilla cell, eq. (1), then the vanilla output
 * layer on the top one — docs/deep.md, (D1)–(D9).
 *
 * Shapes: nA[l] = hidden size of layer l (1…L), nA[0] = nX = input size, nY = output size.
 *   layers[l − 1]: Wax nA[l]×nA[l−1], Waa nA[l]×nA[l], ba nA[l]×1      Wya nY×nA[L], by nY×1
 * `d` + symbol always means ∂L/∂symbol, where L is the summed loss of eq. (15) / (D4).
 */
import { fromRows, shape, zeros, type Matrix } from '../linalg.js';
import type { Params } from '../types.js';

/** One layer: the vanilla cell's recurrence, eq. (1), without an output layer of its own. */
export type LayerParams = Pick<Params, 'Wax' | 'Waa' | 'ba'>;

export interface DeepParams {
  /** layers[0] reads x⟨t⟩; layers[l] reads the hidden state of layers[l − 1] at the same t. */
  readonly layers: readonly LayerParams[];
  readonly Wya: Matrix;
  readonly by: Matrix;
}

export interface LayerGradients {
  readonly dWax: Matrix;
  readonly dWaa: Matrix;
  readonly dba: Matrix;
}

/** Every parameter's gradient, per layer, and ∂L/∂a[l]⟨0⟩ for each layer's initial state. */
export interface DeepGradients {
  readonly layers: readonly LayerGradients[];
  readonly dWya: Matrix;
  readonly dby: Matrix;
  readonly da0: readonly Matrix[];
}

export interface DeepDimensions {
  /** [nX, nA[1], …, nA[L]]. */
  readonly sizes: readonly number[];
  readonly nY: number;
}

/** The sizes implied by the parameters; a one-line error naming the first matrix of the wrong shape. */
export function deepDimensions(params: DeepParams): DeepDimensions {
  if (params.layers.length === 0) throw new RangeError('layers must hold at least one layer');
  const sizes = [shape(params.layers[0].Wax)[1], ...params.layers.map((p) => shape(p.ba)[0])];
  const check = (M: Matrix, r: number, c: number, name: string) => {
    const [mr, mc] = shape(M);
    if (mr !== r || mc !== c) throw new RangeError(`${name} must be ${r}×${c}, got ${mr}×${mc}`);
  };
  params.layers.forEach((p, k) => {
    const [below, here] = [sizes[k], sizes[k + 1]];
    check(p.Wax, here, below, `layers[${k}].Wax`);
    check(p.Waa, here, here, `layers[${k}].Waa`);
    check(p.ba, here, 1, `layers[${k}].ba`);
  });
  const nY = shape(params.by)[0];
  check(params.Wya, nY, sizes[sizes.length - 1], 'Wya');
  check(params.by, nY, 1, 'by');
  return { sizes, nY };
}

/** A new deep model: weights uniform in [−scale, scale] (default 0.1), biases zero. */
export function initDeep(sizes: readonly number[], nY: number, scale = 0.1, random: () => number = Math.random): DeepParams {
  const uniform = (r: number, c: number) =>
    fromRows(Array.from({ length: r }, () => Array.from({ length: c }, () => (2 * random() - 1) * scale)));
  const layers = sizes.slice(1).map((n, k) => ({ Wax: uniform(n, sizes[k]), Waa: uniform(n, n), ba: zeros(n, 1) }));
  return { layers, Wya: uniform(nY, sizes[sizes.length - 1]), by: zeros(nY, 1) };
}
