/**
 * The known-mistake catalogue: common wrong implementations, each computed by the oracle itself
 * with one change (src/conformance/evaluate.ts). When another implementation's numbers match one of
 * these where they do not match the oracle, `check` and `conform` say which mistake it is.
 */
import type { Forward } from '../reference/bptt.js';
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
    when: 'the SGD update adds the gradient (θ + lr·g) instead of subtracting it — section 4.1’s training step (unnumbered)',
    applies: (c) => c.lr !== undefined,
    updateSign: 1,
  },
  {
    id: 'a-for-aprev-in-dWaa',
    when: 'a⟨t⟩ is used where a⟨t−1⟩ belongs in ∂L/∂Waa = Σₜ ∂L/∂z⟨t⟩·a⟨t−1⟩ᵀ — eq. (24)',
    applies: () => true,
    saved: (f) => withAPrev(f, (t) => f.steps[t].a),
  },
  {
    id: 'first-aprev-from-wrong-end',
    when: 'step 1’s a⟨t−1⟩ in eq. (24) is taken from the wrong end of the sequence — a⟨T⟩ instead of a⟨0⟩, as a Python list indexed with t − 1 = −1 gives',
    applies: (c) => c.problem.inputs.length > 1,
    saved: (f) => withAPrev(f, (t) => (t === 0 ? f.aLast : f.steps[t].aPrev)),
  },
  {
    id: 'no-tanh-derivative',
    when: 'the tanh derivative is left out everywhere — ∂L/∂z⟨t⟩ = ∂L/∂a⟨t⟩ instead of ∂L/∂a⟨t⟩ ⊙ (1 − a⟨t⟩²), eq. (23), and so also in the recurrence (21)',
    applies: () => true,
    backward: () => ({ activation: (da) => da }),
  },
  {
    id: 'mean-loss-summed-gradients',
    when: 'the loss is averaged over the T steps while the gradients are summed — eq. (15) is a sum, and (18)–(26) are the gradients of that sum',
    applies: (c) => c.problem.inputs.length > 1,
    meanLoss: true,
  },
  {
    id: 'adagrad-instead-of-sgd',
    when: 'the update is Adagrad (m ← m + g⊙g, θ ← θ − lr·g/√(m + ε), as min-char-rnn) where the case asks for one SGD step θ ← θ − lr·g — section 4.1’s training step (unnumbered)',
    applies: (c) => c.lr !== undefined,
    update: 'adagrad',
  },
];

/** The forward's saved steps with a different a⟨t−1⟩ at each step (`t` zero-based), everything else kept. */
function withAPrev(f: Forward, aPrev: (t: number) => Forward['aLast']): Forward {
  return { ...f, steps: f.steps.map((s, t) => ({ ...s, aPrev: aPrev(t) })) };
}
