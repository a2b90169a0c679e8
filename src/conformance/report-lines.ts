/**
 * Lines of a check report that depend on what was not checked: required quantities missing from
 * their result, and the diagnosis cleared of claims about quantities they did not give.
 */
import type { ParsedCase } from './case.js';
import type { QuantityReport } from './compare.js';

/**
 * diagnose() reads "not bad" as "agrees"; where a or yHat was not checked (skipped, not in their
 * result) its lines claiming they agree are replaced by what is actually known.
 */
export function withoutUnchecked(lines: string[], checked: readonly QuantityReport[]): string[] {
  const has = (name: string) => checked.some((q) => q.name === name);
  const claims = [...(has('a') ? [] : [/^a⟨t⟩ agree/]), ...(has('yHat') ? [] : [/^ŷ⟨t⟩ agree/])];
  const kept = lines.filter((l) => !claims.some((re) => re.test(l)));
  const lossBad = checked.some((q) => q.name === 'loss' && q.status === 'MISMATCH');
  if (kept.length < lines.length && lossBad) kept.unshift('the loss disagrees; their result has no ŷ⟨t⟩ (or a⟨t⟩) to say whether the forward pass, eqs. (1)–(6), or the loss, eq. (15), is wrong');
  return kept;
}

/** One line per section (loss, gradients, clipped, updated) with required quantities they left out. */
export function missingLines(qs: readonly QuantityReport[], c: ParsedCase): string[] {
  const why: Record<string, string> = {
    loss: 'the loss is required',
    gradients: 'the five parameter gradients are required',
    clipped: `the case has clip = ${c.clip}, so the clipped gradients are required`,
    updated: `the case has lr = ${c.lr}, so the updated parameters are required`,
  };
  const bySection = new Map<string, string[]>();
  for (const q of qs.filter((x) => x.status === 'MISSING')) {
    const section = q.name === 'loss' ? 'loss' : q.name.startsWith('clipped ') ? 'clipped' : q.name.startsWith('updated ') ? 'updated' : 'gradients';
    bySection.set(section, [...(bySection.get(section) ?? []), q.name]);
  }
  return [...bySection].map(([section, names]) => `missing from their result: ${names.join(', ')} (${why[section]})`);
}
