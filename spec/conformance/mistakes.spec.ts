import { describe, expect, it } from 'vitest';
import { parseCase } from '../../src/conformance/case.js';
import { compareResult, FLOAT64_TOLERANCE, quantitiesOf } from '../../src/conformance/compare.js';
import { evaluate, toResultJson } from '../../src/conformance/evaluate.js';
import { MISTAKES } from '../../src/conformance/mistakes.js';
import { generateVectors } from '../../src/conformance/vectors.js';
import { lazy } from '../helpers/lazy.js';

const tests = lazy(() => generateVectors().testGroups.flatMap((g) => g.tests));
const byFlag = (flag: string) => tests().filter((t) => t.flags.includes(flag as never));

describe('the known-mistake catalogue', () => {
  it('has the seven mistakes issue #8 started with, then the five it added', () => {
    expect(MISTAKES.map((m) => m.id)).toEqual([
      'tanh-derivative-dropped',
      'no-recurrent-term',
      'wya-not-transposed',
      'mean-over-time',
      'softmax-without-shift',
      'clip-before-accumulation',
      'update-sign',
      'a-for-aprev-in-dWaa',
      'first-aprev-from-wrong-end',
      'no-tanh-derivative',
      'mean-loss-summed-gradients',
      'adagrad-instead-of-sgd',
    ]);
  });

  for (const m of MISTAKES) {
    it(`recognises "${m.id}" in a result made that way, and names it in the diagnosis`, () => {
      const candidates = m.id === 'softmax-without-shift' ? byFlag('LargeLogits') : tests();
      const t = candidates.find((x) => m.applies(parseCase(x.case)))!;
      expect(t, `a suite case where ${m.id} applies`).toBeDefined();
      const c = parseCase(t.case);
      const theirs = quantitiesOf(toResultJson(evaluate(c, m)));
      const report = compareResult(c, theirs, FLOAT64_TOLERANCE);
      expect(report.agree).toBe(false);
      expect(report.quantities.some((q) => q.mistake?.id === m.id)).toBe(true);
      expect(report.findings?.filter((f) => f.kind === 'mistake').map((f) => f.id)).toEqual([m.id]);
      expect(report.diagnosis.join('\n')).toContain(`what you get when ${m.when}`);
      if (m.id === 'clip-before-accumulation') expect(report.diagnosis[0]).toBe('the gradients agree but the clipped ones do not: elementwise clipping to [−clip, clip] (section 3.2)');
      if (m.id === 'update-sign') expect(report.diagnosis[0]).toBe('the gradients agree but the updated parameters do not: the SGD step θ ← θ − lr·g (after clipping) — section 4.1’s training step (unnumbered)');
      if (m.id === 'mean-over-time') expect(report.diagnosis[0]).toBe('ŷ⟨t⟩ agree but the loss does not: eq. (15), the sum over t of −log ŷ⟨t⟩[target]');
    });
  }

  it('does not flag the oracle’s own result', () => {
    for (const t of tests()) {
      const c = parseCase(t.case);
      const report = compareResult(c, quantitiesOf(t.expected), FLOAT64_TOLERANCE);
      expect(report.agree, `tc${t.tcId}`).toBe(true);
      expect(report.diagnosis).toEqual([]);
      expect(report.findings ?? []).toEqual([]);
    }
  });
});

describe('the diagnosis names the equations', () => {
  const fixture = lazy(() => {
    const c = parseCase(byFlag('ZeroFirstInput').find((t) => t.case.inputs.length > 3)!.case);
    return { c, oracle: evaluate(c) };
  });

  it('a⟨t⟩ right but ŷ⟨t⟩ wrong points at (2), (5)–(6)', () => {
    const { c, oracle } = fixture();
    const theirs = { ...oracle, yHat: oracle.yHat!.map((v) => v.map((x) => x * 1.01)) };
    expect(compareResult(c, theirs, FLOAT64_TOLERANCE).diagnosis[0]).toBe('a⟨t⟩ agree but ŷ⟨t⟩ do not: the output layer and softmax, eqs. (2), (5), (6)');
  });

  it('a transposed gradient is reported as a shape mismatch with "transposed?"', () => {
    const { c, oracle } = fixture();
    const Wax = oracle.gradients.Wax;
    const transposed = Wax[0].map((_, j) => Wax.map((r) => r[j]));
    const report = compareResult(c, { ...oracle, gradients: { ...oracle.gradients, Wax: transposed } }, FLOAT64_TOLERANCE);
    expect(report.quantities.find((q) => q.name === 'dWax')?.note).toMatch(/^shape: expected 3×4, got 4×3 \(transposed\?\)$/);
  });

  it('a missing clipped or updated block is MISSING, and fails', () => {
    const withBoth = parseCase(byFlag('OneSgdStep')[0].case);
    const { clipped: _c, updated: _u, ...bare } = evaluate(withBoth);
    const report = compareResult(withBoth, bare, FLOAT64_TOLERANCE);
    expect(report.agree).toBe(false);
    expect(report.quantities.filter((q) => q.status === 'MISSING').map((q) => q.name)).toContain('updated Waa');
  });
});
