/**
 * The equations involved, read off from which quantities agree and which do not. Where something
 * agrees, the rule narrows: dba right (so Σₜ ∂L/∂z⟨t⟩, eq. (26), is right) but dWaa wrong points at
 * the a⟨t−1⟩ factor of (24), not at the whole backward pass.
 */
import type { ParsedCase } from './case.js';
import { SLOT_KEYS } from './evaluate.js';
import type { Finding } from './findings.js';

/** The whole backward pass through the hidden state, for when nothing narrows it. */
const CHAIN = (recurrence: string) =>
  `the backward pass through the hidden state — ∂L/∂a⟨t⟩ = Wyaᵀ·∂L/∂o⟨t⟩, eqs. (9), (20), the tanh derivative, eqs. (10), (11), (23)${recurrence}, and the sums (24)–(26)`;

/** Rule findings from the disagreeing (`bad`) and agreeing (`ok`) quantity names. */
export function rules(bad: ReadonlySet<string>, ok: ReadonlySet<string>, c: ParsedCase): Finding[] {
  const out: Finding[] = [];
  const rule = (id: string, quantities: string[], text: string) => out.push({ id, kind: 'rule', quantities, text });
  if (bad.has('a')) rule('hidden-states', ['a'], 'the hidden states a⟨t⟩ disagree: the cell, eqs. (1), (3), (4) (check the input encoding and a0 too)');
  else if (bad.has('yHat')) {
    const lead = ok.has('a') ? 'a⟨t⟩ agree but ŷ⟨t⟩ do not' : 'ŷ⟨t⟩ disagree (their result has no a⟨t⟩ to tell the cell from the output layer)';
    rule('output-layer-forward', ['yHat'], `${lead}: the output layer and softmax, eqs. (2), (5), (6)`);
  }
  if (bad.has('loss') && !bad.has('a') && !bad.has('yHat')) {
    if (ok.has('yHat')) rule('loss', ['loss'], 'ŷ⟨t⟩ agree but the loss does not: eq. (15), the sum over t of −log ŷ⟨t⟩[target]');
    else rule('loss', ['loss'], 'the loss disagrees; their result has no ŷ⟨t⟩ to say whether the forward pass, eqs. (1)–(6), or the loss, eq. (15), the sum over t of −log ŷ⟨t⟩[target], is wrong');
  }
  const hidden = ['dWaa', 'dWax', 'dba', 'da0'].filter((n) => bad.has(n));
  if (bad.has('dWya') || bad.has('dby')) {
    const output = ['dWya', 'dby'].filter((n) => bad.has(n));
    rule('output-layer-gradients', output, 'the output-layer gradients disagree: ∂L/∂o⟨t⟩ = ŷ⟨t⟩ − y⟨t⟩ (section 3.1) and its sums, eqs. (7), (8), (18), (19)');
    if (ok.has('dby') && bad.has('dWya')) {
      rule('dWya-a-factor', ['dWya'], 'dby agrees, so Σₜ ∂L/∂o⟨t⟩ (eq. (19)) is right, but dWya does not: the a⟨t⟩ factor of eq. (18), ∂L/∂Wya = Σₜ ∂L/∂o⟨t⟩·a⟨t⟩ᵀ — which a⟨t⟩ each step’s ∂L/∂o⟨t⟩ is paired with');
    }
  } else if (hidden.length > 0) {
    const narrowed = narrowHidden(hidden, ok);
    if (narrowed) rule(narrowed.id, hidden, narrowed.text);
    else {
      const recurrence = c.problem.inputs.length > 1 ? ' and the recurrence through Waaᵀ·∂L/∂z⟨t+1⟩, eqs. (21)–(22)' : '';
      const lead = ok.has('dWya') && ok.has('dby') ? `dWya and dby agree but ${hidden.join(', ')} do not` : `${hidden.join(', ')} disagree`;
      rule('hidden-backward', hidden, `${lead}: ${CHAIN(recurrence)}`);
    }
  }
  const gradientsOk = SLOT_KEYS.every((k) => !bad.has(`d${k}`));
  // "the gradients agree" only when they were checked: a result may leave them out (capabilities)
  const gradientsChecked = SLOT_KEYS.slice(0, 5).every((k) => ok.has(`d${k}`));
  const clippedBad = [...bad].filter((n) => n.startsWith('clipped'));
  const updatedBad = [...bad].filter((n) => n.startsWith('updated'));
  if (gradientsOk && clippedBad.length > 0) {
    const lead = gradientsChecked ? 'the gradients agree but the clipped ones do not' : 'the clipped gradients disagree, and their result has no unclipped ones to compare: the gradients, eqs. (18)–(26), or';
    rule('clipping', clippedBad, `${lead}: elementwise clipping to [−clip, clip] (section 3.2)`);
  }
  if (gradientsOk && clippedBad.length === 0 && updatedBad.length > 0) {
    const lead = gradientsChecked ? 'the gradients agree but the updated parameters do not' : 'the updated parameters disagree, and their result has no gradients to compare: the gradients, eqs. (18)–(26), or';
    rule('update', updatedBad, `${lead}: the SGD step θ ← θ − lr·g (after clipping) — section 4.1’s training step (unnumbered)`);
  }
  return out;
}

/** With dWya and dby right: which part of (21)–(26) the agreeing quantities leave. */
function narrowHidden(hidden: readonly string[], ok: ReadonlySet<string>): { id: string; text: string } | undefined {
  if (!ok.has('dWya') || !ok.has('dby')) return undefined;
  const only = (...names: string[]) => hidden.length === names.length && names.every((n) => hidden.includes(n));
  const dba = 'dba agrees, so Σₜ ∂L/∂z⟨t⟩ (eq. (26)) is right';
  if (ok.has('dba') && only('dWaa')) {
    return { id: 'dWaa-aprev-factor', text: `${dba}, but dWaa does not: the a⟨t−1⟩ factor of eq. (24), ∂L/∂Waa = Σₜ ∂L/∂z⟨t⟩·a⟨t−1⟩ᵀ — which state each step’s ∂L/∂z⟨t⟩ is paired with` };
  }
  if (ok.has('dba') && only('dWax')) {
    return { id: 'dWax-x-factor', text: `${dba}, but dWax does not: the x⟨t⟩ factor of eq. (25), ∂L/∂Wax = Σₜ ∂L/∂z⟨t⟩·x⟨t⟩ᵀ — check the input encoding (null is the zero vector, an index is one-hot, dense as given)` };
  }
  if (ok.has('dba') && only('dWaa', 'dWax')) {
    return { id: 'dWaa-dWax-factors', text: `${dba}, but dWaa and dWax do not: the factors a⟨t−1⟩ and x⟨t⟩ of eqs. (24), (25), or which step’s ∂L/∂z⟨t⟩ each is paired with` };
  }
  if (ok.has('dba') && ok.has('dWaa') && ok.has('dWax') && only('da0')) {
    return { id: 'da0-recurrence', text: 'dWaa, dWax and dba agree, so ∂L/∂z⟨t⟩ is right, but da0 does not: ∂L/∂a⟨0⟩ = Waaᵀ·∂L/∂z⟨1⟩, eq. (21) at t = 0' };
  }
  return undefined;
}
