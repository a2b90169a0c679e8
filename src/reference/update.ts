/**
 * Adagrad, the update of min-char-rnn (not in the document, whose training is plain SGD; the SGD
 * step is `sgdStep` in clip.ts). For every parameter θ with gradient g and memory m (same shape):
 *   m ← m + g ⊙ g
 *   θ ← θ − lr · g ⊘ √(m + ε)          ε = 1e-8, inside the square root as min-char-rnn writes it
 * A fresh memory is all zeros, so the first step moves each entry by about lr·sign(g).
 */
import { elementwiseAt, entry, hadamard, minus, plus, sadd, scale, sdiv, shape, ssqrt, zeros, type Matrix } from './linalg.js';
import { PARAM_NAMES, type Gradients, type ParamName, type Params } from './types.js';

/** min-char-rnn's ε, added under the square root. */
export const ADAGRAD_EPSILON = 1e-8;

/** Adagrad's memory: Σ g ⊙ g so far, one matrix per parameter. */
export type AdagradMemory = Readonly<Record<ParamName, Matrix>>;

/** A fresh memory (all zeros) shaped like the parameters. */
export function zeroMemory(params: Params): AdagradMemory {
  return Object.fromEntries(PARAM_NAMES.map((n) => [n, zeros(...shape(params[n]))])) as AdagradMemory;
}

/** One Adagrad step: the new parameters and the new memory (the inputs are untouched). */
export function adagradStep(
  params: Params,
  g: Gradients,
  lr: number,
  memory: AdagradMemory = zeroMemory(params),
): { params: Params; memory: AdagradMemory } {
  const nextParams = {} as Record<ParamName, Matrix>;
  const nextMemory = {} as Record<ParamName, Matrix>;
  for (const name of PARAM_NAMES) {
    const dTheta = g[`d${name}` as keyof Gradients];
    const m = plus(memory[name], hadamard(dTheta, dTheta)); // m ← m + g ⊙ g
    const step = elementwiseAt(m, (mi, i, j) => sdiv(entry(dTheta, i, j), ssqrt(sadd(mi, ADAGRAD_EPSILON))));
    nextParams[name] = minus(params[name], scale(step, lr)); // θ ← θ − lr · g ⊘ √(m + ε)
    nextMemory[name] = m;
  }
  return { params: nextParams, memory: nextMemory };
}
