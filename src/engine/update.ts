/**
 * The training variants' clipping and update rules on a workspace (`train --optimizer adagrad`,
 * `--clip-norm`): the maths of src/reference/update.ts's `adagradStep`, clip.ts's
 * `clipByGlobalNorm`, `clipElementwise` and `sgdStep`, with the same operations in the same order,
 * so spec/engine/update.spec.ts finds each bit for bit equal to its reference. The template's own
 * clip-and-SGD stays `clipAndStep` in rnn.ts (a WebAssembly kernel).
 *
 * Parameters and gradients each lie in one span of the workspace, Wax | Waa | Wya | ba | by
 * (row-major), so every rule is one loop over `paramLength` entries; Adagrad's memory is a
 * Float64Array laid out the same way.
 */
import type { Workspace } from './rnn.js';

/** min-char-rnn's ε under the square root — the value of src/reference/update.ts's (a spec checks; importing it would load mathjs). */
export const ADAGRAD_EPSILON = 1e-8;

/** The five parameters as one span (read it again after a call that may grow the workspace). */
export function parameterSpan(ws: Workspace): Float64Array {
  return new Float64Array(ws.params.Wax.buffer, ws.params.Wax.byteOffset, ws.paramLength);
}

/** The five parameter gradients as one span (∂L/∂a⟨0⟩, which follows them, excluded). */
export function gradientSpan(ws: Workspace): Float64Array {
  return new Float64Array(ws.grads.dWax.buffer, ws.grads.dWax.byteOffset, ws.paramLength);
}

/** d2l's ‖g‖ = √(Σ g²) over the five parameter gradients, squares added in storage order (as clipByGlobalNorm). */
export function gradientNorm(ws: Workspace): number {
  const g = gradientSpan(ws);
  let sumOfSquares = 0;
  for (let k = 0; k < g.length; k++) sumOfSquares += g[k] * g[k];
  return Math.sqrt(sumOfSquares);
}

/** clipByGlobalNorm in place: if ‖g‖ > C, g ← g·(C/‖g‖); `norm` is gradientNorm(ws). Returns whether it scaled. */
export function clipGradientsByNorm(ws: Workspace, C: number, norm: number): boolean {
  if (!(norm > C)) return false;
  const g = gradientSpan(ws);
  const factor = C / norm;
  for (let k = 0; k < g.length; k++) g[k] = g[k] * factor;
  return true;
}

/** clipElementwise in place: every parameter gradient entry to [−c, c]. Returns whether any entry changed. */
export function clipGradientsElementwise(ws: Workspace, c: number): boolean {
  const g = gradientSpan(ws);
  let changed = false;
  for (let k = 0; k < g.length; k++) {
    const v = g[k];
    if (v > c) g[k] = c;
    else if (v < -c) g[k] = -c;
    else continue;
    changed = true;
  }
  return changed;
}

/** Whether np.clip(g, −c, c) changes some entry of g: some |gᵢ| > c (a NaN entry is left as it is). */
export function clipChanges(g: Float64Array, c: number): boolean {
  for (let k = 0; k < g.length; k++) if (g[k] > c || g[k] < -c) return true;
  return false;
}

/** Whether clipping every entry to [−c, c] would change any (what `clipAndStep` is about to do). */
export function anyOutside(ws: Workspace, c: number): boolean {
  return clipChanges(gradientSpan(ws), c);
}

/** sgdStep in place: θ ← θ − lr·g. */
export function sgdUpdate(ws: Workspace, lr: number): void {
  const theta = parameterSpan(ws);
  const g = gradientSpan(ws);
  for (let k = 0; k < g.length; k++) theta[k] = theta[k] - g[k] * lr;
}

/** adagradStep in place: m ← m + g ⊙ g; θ ← θ − lr · g ⊘ √(m + ε), ε = 1e-8 (min-char-rnn's). */
export function adagradUpdate(ws: Workspace, memory: Float64Array, lr: number): void {
  const theta = parameterSpan(ws);
  const g = gradientSpan(ws);
  if (memory.length !== g.length) throw new RangeError(`Adagrad memory has ${memory.length} entries, the parameters ${g.length}`);
  for (let k = 0; k < g.length; k++) {
    const m = memory[k] + g[k] * g[k];
    memory[k] = m;
    theta[k] = theta[k] - (g[k] / Math.sqrt(m + ADAGRAD_EPSILON)) * lr;
  }
}
