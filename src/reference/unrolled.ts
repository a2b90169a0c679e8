/**
 * Eq. (22), corrected — ∂L/∂a⟨t⟩ written out as one sum instead of the recursion (20)–(21):
 *
 *   ∂L/∂a⟨t⟩ = Σ_{j=t}^{T} [Waaᵀ·D⟨t+1⟩]·[Waaᵀ·D⟨t+2⟩]···[Waaᵀ·D⟨j⟩] · Wyaᵀ·∂L/∂o⟨j⟩,
 *   D⟨k⟩ = diag(1 − a⟨k⟩²).
 *
 * The document's (22) has no D⟨k⟩: Σ (Waaᵀ)^{j−t}·Wyaᵀ·∂L/∂o⟨j⟩, which is right only for a linear
 * cell. This file exists to show the two shapes of the same quantity; it is O(T²) on purpose.
 * Shapes: nA = hidden size; t is the document's 1-based time; `steps[t − 1]` is time t.
 */
import { backpropOutput, backpropRecurrent, tanhDerivative } from './cell.js';
import type { Forward } from './bptt.js';
import { hadamard, plus, zeros, type Matrix } from './linalg.js';
import { softmaxCrossEntropyGradient } from './softmax.js';
import type { Params } from './types.js';

/**
 * Eq. (22) — ∂L/∂a⟨t⟩ as the sum over later outputs j ≥ t. With `withTanh = false` it is the
 * document's literal (22), kept so that docs/errata.md can show it disagreeing.
 */
export function hiddenGradientUnrolled(
  params: Params,
  forward: Forward,
  t: number,
  withTanh = true,
): Matrix {
  const { steps } = forward;
  let sum = zeros(params.Waa.size()[0], 1);
  for (let j = t; j <= steps.length; j++) {
    const step = steps[j - 1];
    let v = backpropOutput(params, softmaxCrossEntropyGradient(step.yHat, step.target));
    for (let k = j; k > t; k--) {
      const dz = withTanh ? hadamard(v, tanhDerivative(steps[k - 1].a)) : v;
      v = backpropRecurrent(params, dz);
    }
    sum = plus(sum, v);
  }
  return sum;
}
