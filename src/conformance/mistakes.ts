/**
 * The known-mistake catalogue: common wrong implementations, each computed by the oracle itself
 * with one change (src/conformance/evaluate.ts). When another implementation's numbers match one of
 * these where they do not match the oracle, `check` and `conform` say which mistake it is.
 */
import { literalRecurrence } from '../reference/errata.js';
import { matmul, zeros } from '../reference/linalg.js';
import type { ParsedCase } from './case.js';
import type { Variant } from './evaluate.js';

export interface Mistake extends Variant {
  readonly id: string;
  /** Completes "… is what you get when …". */
  readonly when: string;
  /** Whether the mistake shows (or is even defined) for this case. */
  readonly applies: (c: ParsedCase) => boolean;
}

const sizes = (c: ParsedCase) => ({ nA: c.problem.params.Waa.size()[0], nY: c.problem.params.Wya.size()[0] });

export const MISTAKES: readonly Mistake[] = [
  {
    id: 'tanh-derivative-dropped',
    when: 'the tanh derivative is dropped from the recurrence (Waaᵀ·∂L/∂a⟨t+1⟩ instead of Waaᵀ·∂L/∂z⟨t+1⟩) — eq. (21) as printed in the document',
    applies: (c) => c.problem.inputs.length > 1 || !!c.json.a0,
    backward: () => ({ recurrence: literalRecurrence }),
  },
  {
    id: 'no-recurrent-term',
    when: 'the recurrent term Waaᵀ·∂L/∂z⟨t+1⟩ is left out of ∂L/∂a⟨t⟩ — eq. (21) with only its first term',
    applies: (c) => c.problem.inputs.length > 1,
    backward: (c) => ({ recurrence: () => zeros(sizes(c).nA, 1) }),
  },
  {
    id: 'wya-not-transposed',
    when: 'Wya is not transposed in ∂L/∂a⟨t⟩ = Wyaᵀ·∂L/∂o⟨t⟩ — eqs. (9), (20), (21)',
    applies: (c) => sizes(c).nA === sizes(c).nY,
    backward: () => ({ output: (params, dO) => matmul(params.Wya, dO) }),
  },
  {
    id: 'mean-over-time',
    when: 'the loss and gradients are averaged over time instead of summed — eq. (15) is a sum',
    applies: (c) => c.problem.inputs.length > 1,
    meanOverTime: true,
  },
  {
    id: 'softmax-without-shift',
    when: 'softmax is computed without subtracting max(o), so large logits overflow — eq. (5)',
    applies: () => true,
    naiveSoftmax: true,
  },
  {
    id: 'clip-before-accumulation',
    when: 'each time step’s gradient term is clipped before the terms are summed, instead of clipping the sums',
    applies: (c) => c.clip !== undefined && c.problem.inputs.length > 1,
    clipEachStep: true,
  },
  {
    id: 'update-sign',
    when: 'the SGD update adds the gradient (θ + lr·g) instead of subtracting it',
    applies: (c) => c.lr !== undefined,
    updateSign: 1,
  },
];
