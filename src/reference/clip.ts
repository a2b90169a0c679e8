/**
 * Gradient clipping and the SGD update (section 3.2's clipping remark; section 4's training).
 *
 * Neither is numbered in the document. Clipping is elementwise to [−c, c] (the document prints the
 * range as "[5,5]"; it means [−5, 5]). NaN stays NaN, as with numpy's clip.
 */
import { elementwise, minus, scale, realPart, type Matrix } from './linalg.js';
import { PARAM_NAMES, type Gradients, type Params } from './types.js';

/** clip(g, −c, c) elementwise; a new matrix, the input is untouched. */
export function clipElementwise(g: Matrix, c: number): Matrix {
  if (!(c >= 0)) throw new RangeError(`clip bound must be ≥ 0, got ${c}`);
  return elementwise(g, (v) => {
    const r = realPart(v);
    return r > c ? c : r < -c ? -c : r;
  });
}

/** Every gradient (including da0) clipped to [−c, c]. */
export function clipGradients<G extends Gradients>(g: G, c: number): Gradients {
  return {
    dWax: clipElementwise(g.dWax, c),
    dWaa: clipElementwise(g.dWaa, c),
    dWya: clipElementwise(g.dWya, c),
    dba: clipElementwise(g.dba, c),
    dby: clipElementwise(g.dby, c),
    da0: clipElementwise(g.da0, c),
  };
}

/** One SGD step: θ ← θ − lr·∂L/∂θ for each of the five parameters (a new Params). */
export function sgdStep(params: Params, g: Gradients, lr: number): Params {
  const updated = {} as Record<(typeof PARAM_NAMES)[number], Matrix>;
  for (const name of PARAM_NAMES) {
    const dName = `d${name}` as keyof Gradients;
    updated[name] = minus(params[name], scale(g[dName], lr));
  }
  return updated;
}
