/**
 * The sums over time, eqs. (18), (19), (24)–(26) (src/conformance/step-terms.ts): a step's term
 * left out or alone, grouped by kind and step; one step's factor replaced, and by which vector.
 * Results with output-layer sums changed are built here from the stored ŷ⟨t⟩ and a⟨t⟩ of the suite
 * (∂L/∂o⟨t⟩ = ŷ⟨t⟩ − y⟨t⟩, section 3.1); the others with evaluate's `saved` hook or the plain RNN.
 */
import { describe, expect, it } from 'vitest';
import { parseCase } from '../../src/conformance/case.js';
import { compareResult, FLOAT64_TOLERANCE, quantitiesOf, type CheckReport } from '../../src/conformance/compare.js';
import { evaluate } from '../../src/conformance/evaluate.js';
import type { ResultJson } from '../../src/conformance/schema.js';
import type { Forward } from '../../src/reference/bptt.js';
import { column } from '../../src/reference/linalg.js';
import { plainRnn } from './diagnose-plain-rnn.js';
import { suiteTest } from './stored-suite.js';

const findings = (r: CheckReport, id: string) => (r.findings ?? []).filter((f) => f.id === id).map((f) => ({ step: f.step, quantities: f.quantities }));
const flat = (v: unknown): number[] => (v as (number | number[])[]).map((x) => (Array.isArray(x) ? x[0] : x));

/** tc5 (T = 4) with dWya and dby changed: each the oracle's sum without one step's term, or one step's term alone. */
function outputSums(dWya: { missing: number }, dby: { missing?: number; only?: number }): CheckReport {
  const t = suiteTest(5);
  const c = parseCase(t.case);
  const theirs = quantitiesOf(structuredClone(t.expected) as ResultJson);
  const a = t.expected.a!.map(flat);
  const dO = t.expected.yHat!.map((y, s) => flat(y).map((p, k) => p - (k === c.problem.targets[s] ? 1 : 0)));
  const g = theirs.gradients!;
  g.Wya = g.Wya!.map((row, i) => row.map((v, j) => v - dO[dWya.missing - 1][i] * a[dWya.missing - 1][j]));
  g.by = dby.only ? dO[dby.only - 1].map((v) => [v]) : g.by!.map(([v], i) => [v - dO[dby.missing! - 1][i]]);
  return compareResult(c, theirs, FLOAT64_TOLERANCE);
}

describe('a step’s term missing from a sum, or alone — eqs. (18), (19)', () => {
  it('groups the sums by the step they leave out', () => {
    const r = outputSums({ missing: 1 }, { missing: 3 });
    expect(findings(r, 'step-term-missing')).toEqual([
      { step: 1, quantities: ['dWya'] },
      { step: 3, quantities: ['dby'] },
    ]);
    expect(findings(r, 'only-one-step-term')).toEqual([]);
  });

  it('keeps a missing term and a lone term apart, at the same step or at different ones', () => {
    const same = outputSums({ missing: 2 }, { only: 2 });
    expect(findings(same, 'step-term-missing')).toEqual([{ step: 2, quantities: ['dWya'] }]);
    expect(findings(same, 'only-one-step-term')).toEqual([{ step: 2, quantities: ['dby'] }]);
    const apart = outputSums({ missing: 1 }, { only: 3 });
    expect(findings(apart, 'step-term-missing')).toEqual([{ step: 1, quantities: ['dWya'] }]);
    expect(findings(apart, 'only-one-step-term')).toEqual([{ step: 3, quantities: ['dby'] }]);
  });

  it('names one equation for one sum, and each sum’s term at that step in the document’s notation', () => {
    const r = outputSums({ missing: 2 }, { only: 2 });
    const missing = r.findings!.find((f) => f.id === 'step-term-missing')!.text;
    expect(missing).toContain('eq. (18)');
    expect(missing).toContain('∂L/∂o⟨2⟩·a⟨2⟩ᵀ');
    expect(missing).not.toContain('+=');
    const only = r.findings!.find((f) => f.id === 'only-one-step-term')!.text;
    expect(only).toContain('eq. (19)');
    expect(only).toContain('(+=)');
  });

  it('a loop that stops before step 1 names every sum’s equation and its step-1 term', () => {
    const c = parseCase(suiteTest(5).case);
    const r = compareResult(c, plainRnn(c, { skipFirstStep: true }), FLOAT64_TOLERANCE);
    const text = r.findings!.find((f) => f.id === 'step-term-missing')!.text;
    expect(text).toContain('eqs. (18), (19), (24), (25), (26)');
    expect(text).toContain('∂L/∂o⟨1⟩·a⟨1⟩ᵀ, ∂L/∂o⟨1⟩, ∂L/∂z⟨1⟩·a⟨0⟩ᵀ, ∂L/∂z⟨1⟩·x⟨1⟩ᵀ, ∂L/∂z⟨1⟩');
  });
});

describe('a one-step sequence', () => {
  it('has no “one step’s term alone” to find: with T = 1 the lone term is the sum', () => {
    const t = suiteTest(1);
    const theirs = quantitiesOf(structuredClone(t.expected) as ResultJson);
    theirs.gradients!.Wya = theirs.gradients!.Wya!.map((row) => row.map((v) => 1.5 * v));
    const r = compareResult(parseCase(t.case), theirs, FLOAT64_TOLERANCE);
    expect(r.quantities.find((q) => q.name === 'dWya')?.status).toBe('MISMATCH');
    expect(findings(r, 'only-one-step-term')).toEqual([]);
    expect(findings(r, 'step-term-missing')).toEqual([]);
  });
});

describe('one step’s right-hand factor replaced — eqs. (24), (25)', () => {
  /** tc`tcId` with the backward pass reading step `step`'s saved factor changed. */
  const replaced = (tcId: number, step: number, change: (f: Forward) => Partial<Forward['steps'][number]>) => {
    const c = parseCase(suiteTest(tcId).case);
    const saved = (f: Forward): Forward => ({ ...f, steps: f.steps.map((s, t) => (t === step - 1 ? { ...s, ...change(f) } : s)) });
    const r = compareResult(c, evaluate(c, { saved }), FLOAT64_TOLERANCE);
    return r.findings!.find((f) => f.id === 'step-factor-wrong');
  };

  it('names a⟨0⟩ when one step’s a⟨t−1⟩ was the initial state (a zero a⟨t−1⟩ is a missing term instead)', () => {
    const a0 = replaced(5, 3, (f) => ({ aPrev: f.steps[0].aPrev }));
    expect(a0).toMatchObject({ kind: 'hypothesis', step: 3, quantities: ['dWaa'] });
    expect(a0!.text).toContain('it has a⟨0⟩ where a⟨2⟩ belongs');
    expect(a0!.text).toContain('eq. (24)');
  });

  it('names another step’s dense input x⟨t⟩ used in eq. (25), with no note about null inputs', () => {
    // tc4: inputs [1, dense, 3, dense, 1]
    const r = replaced(4, 4, (f) => ({ x: f.steps[1].x }));
    expect(r).toMatchObject({ step: 4, quantities: ['dWax'] });
    expect(r!.text).toContain('it has x⟨2⟩ where x⟨4⟩ belongs');
    expect(r!.text).not.toContain('null');
  });

  it('notes a null input only when the wrong factor is that step’s x⟨t⟩', () => {
    // tc2: inputs [null, 0, 0, 1, 0, 2], no a0
    const c = parseCase(suiteTest(2).case);
    const x = compareResult(c, plainRnn(c, { nullAsIndex0InBackward: true }), FLOAT64_TOLERANCE).findings!.find((f) => f.id === 'step-factor-wrong')!;
    expect(x.text).toContain('inputs[0] is null');
    const aPrev = replaced(2, 1, (f) => ({ aPrev: f.steps[0].a }));
    expect(aPrev).toMatchObject({ step: 1, quantities: ['dWaa'] });
    expect(aPrev!.text).toContain('it has a⟨1⟩ where a⟨0⟩ belongs');
    expect(aPrev!.text).not.toContain('null');
  });

  it('a bias gradient off by a factor on its own gets no step hypothesis (a bias’s term has no factor to replace)', () => {
    const t = suiteTest(5);
    const theirs = quantitiesOf(structuredClone(t.expected) as ResultJson);
    theirs.gradients!.ba = theirs.gradients!.ba!.map(([v]) => [1.5 * v]);
    const r = compareResult(parseCase(t.case), theirs, FLOAT64_TOLERANCE);
    expect(r.quantities.find((q) => q.name === 'dba')?.status).toBe('MISMATCH');
    expect((r.findings ?? []).filter((f) => f.kind === 'hypothesis' && f.quantities.includes('dba') && f.id !== 'da0-recurrence')).toEqual([]);
  });
});
