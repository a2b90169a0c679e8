/**
 * The diagnosis of a disagreeing result: from which quantities agree and which do not, the
 * equations involved; and for quantities that match a known mistake (mistakes.ts), which one.
 */
import type { ParsedCase } from './case.js';
import type { QuantityReport } from './compare.js';
import { SLOT_KEYS } from './evaluate.js';

/** Names the equations involved, from which quantities agree and which do not. */
export function diagnose(qs: readonly QuantityReport[], c: ParsedCase): string[] {
  const bad = new Set(qs.filter((q) => q.status !== 'OK').map((q) => q.name));
  const out: string[] = [];
  const hidden = ['dWaa', 'dWax', 'dba', 'da0'].filter((n) => bad.has(n));
  if (bad.has('a')) out.push('the hidden states a⟨t⟩ disagree: the cell, eqs. (1), (3), (4) (check the input encoding and a0 too)');
  else if (bad.has('yHat')) out.push('a⟨t⟩ agree but ŷ⟨t⟩ do not: the output layer and softmax, eqs. (2), (5), (6)');
  if (bad.has('loss') && !bad.has('a') && !bad.has('yHat')) out.push('ŷ⟨t⟩ agree but the loss does not: eq. (15), the sum over t of −log ŷ⟨t⟩[target]');
  if (bad.has('dWya') || bad.has('dby')) {
    out.push('the output-layer gradients disagree: ∂L/∂o⟨t⟩ = ŷ⟨t⟩ − y⟨t⟩ (section 3.1) and its sums, eqs. (7), (8), (18), (19)');
  } else if (hidden.length > 0) {
    const recurrence = c.problem.inputs.length > 1 ? ' and the recurrence through Waaᵀ·∂L/∂z⟨t+1⟩, eqs. (21)–(22)' : '';
    out.push(
      `dWya and dby agree but ${hidden.join(', ')} do not: the backward pass through the hidden state — ∂L/∂a⟨t⟩ = Wyaᵀ·∂L/∂o⟨t⟩, eqs. (9), (20), the tanh derivative, eqs. (10), (11), (23)${recurrence}, and the sums (24)–(26)`,
    );
  }
  const gradientsOk = SLOT_KEYS.every((k) => !bad.has(`d${k}`));
  if (gradientsOk && [...bad].some((n) => n.startsWith('clipped'))) out.push('the gradients agree but the clipped ones do not: elementwise clipping to [−clip, clip] (section 3.2)');
  const clippedOk = ![...bad].some((n) => n.startsWith('clipped'));
  if (gradientsOk && clippedOk && [...bad].some((n) => n.startsWith('updated'))) out.push('the gradients agree but the updated parameters do not: the SGD step θ ← θ − lr·g (after clipping)');
  const byMistake = new Map<string, string[]>();
  for (const q of qs) if (q.mistake) byMistake.set(q.mistake.when, [...(byMistake.get(q.mistake.when) ?? []), q.name]);
  for (const [when, names] of byMistake) {
    const list = names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
    out.push(`your ${list} ${names.length === 1 ? 'is' : 'are'} what you get when ${when}`);
  }
  return out;
}
