/**
 * Gradient clipping and the SGD update (section 3.2's clipping remark; section 4's training).
 *
 * Neither is numbered in the document. Clipping is elementwise to [−c, c] (the document prints the
 * range as "[5,5]"; it means [−5, 5]). NaN stays NaN, as with numpy's clip. `clipByGlobalNorm` is
 * d2l's alternative (one factor for all gradients), added for `train --clip-norm`.
 */
import { elementwise, entries, minus, scale, realPart, type Matrix } from './linalg.js';
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

/**
 * d2l's grad_clipping: the global L2 norm over the five parameter gradients,
 *   ‖g‖ = √(Σ_θ Σ_ij g_θ[i,j]²)      (squares added one after another: Wax, Waa, Wya, ba, by, row-major)
 * and, if ‖g‖ > C, every parameter gradient scaled by C/‖g‖ (that factor computed once). Not in the
 * document. ∂L/∂a⟨0⟩ is not a parameter's gradient: it is neither counted nor scaled (d2l clips
 * net.parameters() only). Real parts only, as clipElementwise. Returns the norm before clipping.
 */
export function clipByGlobalNorm<G extends Gradients>(g: G, C: number): { clipped: Gradients; norm: number } {
  if (!(C > 0)) throw new RangeError(`clip norm must be > 0, got ${C}`);
  let sumOfSquares = 0;
  for (const name of PARAM_NAMES) for (const v of entries(g[`d${name}`]).map(realPart)) sumOfSquares += v * v;
  const norm = Math.sqrt(sumOfSquares);
  if (!(norm > C)) return { clipped: pick(g), norm };
  const factor = C / norm;
  const clipped = { da0: g.da0 } as Record<keyof Gradients, Matrix>;
  for (const name of PARAM_NAMES) clipped[`d${name}`] = elementwise(g[`d${name}`], (v) => realPart(v) * factor);
  return { clipped: clipped as Gradients, norm };
}

/** The six gradients of `g` (without any other keys it carries). */
function pick(g: Gradients): Gradients {
  return { dWax: g.dWax, dWaa: g.dWaa, dWya: g.dWya, dba: g.dba, dby: g.dby, da0: g.da0 };
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
