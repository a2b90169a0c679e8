/**
 * Lines of a check report about what was not given: required quantities missing from their
 * result, one line per section.
 */
import type { ParsedCase } from './case.js';
import type { QuantityReport } from './compare.js';

/** One line per section (loss, gradients, clipped, updated) with required quantities they left out. */
export function missingLines(qs: readonly QuantityReport[], c: Pick<ParsedCase, 'clip' | 'lr'> & { kind?: 'cell' }): string[] {
  const why: Record<string, string> = {
    loss: 'the loss is required',
    gradients: c.kind === 'cell' ? 'the parameter gradients are required' : 'the five parameter gradients are required',
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
