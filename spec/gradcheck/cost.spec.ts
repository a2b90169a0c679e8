import { describe, expect, it } from 'vitest';
import { lazy } from '../helpers/lazy.js';
import { estimateCheck, formatDuration, OUTPUT_COPY_IN_EVALUATIONS, secondsPerEvaluation } from '../../src/gradcheck/cost.js';
import { MIN_LEVELS } from '../../src/gradcheck/tolerances.js';
import { evaluatorFor } from '../../src/gradcheck/evaluator.js';
import { randomProblem } from '../../src/gradcheck/problem.js';

describe('estimateCheck — evaluations × measured seconds per evaluation', () => {
  const problem = lazy(() => randomProblem({ nA: 4, vocab: 3, T: 5, seed: 1 }));

  it('counts every entry for full checks, a few evaluations per direction otherwise, on both paths', () => {
    for (const path of ['engine', 'reference'] as const) {
      const ev = evaluatorFor(problem(), path);
      const s = secondsPerEvaluation(ev);
      expect(s).toBeGreaterThan(0);
      const full = estimateCheck(ev, 'central', undefined, s);
      const few = estimateCheck(ev, 'central', 3, s);
      expect(full.evaluations).toBeGreaterThan(few.evaluations);
      expect(full.seconds).toBeCloseTo(full.evaluations * s, 12);
      expect(estimateCheck(ev, 'complex', undefined, s).evaluations).toBeLessThan(full.evaluations);
      expect(estimateCheck(ev, 'complex', 3, s).evaluations).toBeLessThan(few.evaluations);
    }
  });
});

describe('estimateCheck — central differences on the output layer', () => {
  it('counts a Wya or by entry at a share of a pass on the engine, which redoes only the logits, and a whole pass on the reference', () => {
    const problem = randomProblem({ nA: 4, vocab: 3, T: 5, seed: 1 });
    const [engine, reference] = (['engine', 'reference'] as const).map((path) => estimateCheck(evaluatorFor(problem, path), 'central', undefined, 1e-3).evaluations);
    const outputEntries = 3 * 4 + 3; // Wya 3×4, by 3
    expect(OUTPUT_COPY_IN_EVALUATIONS.engine).toBeLessThan(1);
    expect(reference - engine).toBeCloseTo(outputEntries * (1 - OUTPUT_COPY_IN_EVALUATIONS.engine) * 2 * (MIN_LEVELS + 1), 9);
  });
});

describe('formatDuration', () => {
  it('reads as people say it, from milliseconds to days', () => {
    expect([0.0004, 0.04, 12.4, 600, 3 * 3600, 5 * 86400].map(formatDuration)).toEqual(['1 ms', '40 ms', '12 s', '10 min', '3.0 h', '5.0 days']);
  });
});
