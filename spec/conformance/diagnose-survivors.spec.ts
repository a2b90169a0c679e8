/**
 * The diagnosis as a whole (src/conformance/diagnose.ts): a wrongly shaped quantity is not a suspect
 * for the hypotheses, and the catalogue's mistakes are printed in the order of their first quantity.
 */
import { describe, expect, it } from 'vitest';
import { parseCase } from '../../src/conformance/case.js';
import { compareResult, FLOAT64_TOLERANCE, quantitiesOf, type CheckReport } from '../../src/conformance/compare.js';
import { evaluate, toResultJson } from '../../src/conformance/evaluate.js';
import { MISTAKES } from '../../src/conformance/mistakes.js';
import type { ResultJson } from '../../src/conformance/schema.js';
import { suiteTest } from './stored-suite.js';

const ids = (r: CheckReport) => (r.findings ?? []).map((f) => f.id);

describe('diagnose — what the hypotheses may test', () => {
  // tc2: ZeroFirstInput, T = 6
  const withA = (change: (a: number[][]) => number[][]) => {
    const t = suiteTest(2);
    const theirs = quantitiesOf(structuredClone(t.expected) as ResultJson);
    theirs.a = change(theirs.a!);
    return compareResult(parseCase(t.case), theirs, FLOAT64_TOLERANCE);
  };

  it('hidden states with a step missing are a shape mismatch, not a first wrong step', () => {
    const r = withA((a) => a.slice(0, -1));
    expect(r.quantities.find((q) => q.name === 'a')?.status).toBe('MISMATCH');
    expect(ids(r)).toEqual(['hidden-states']);
  });

  it('hidden states with one step one entry too long are a shape mismatch, not a first wrong step', () => {
    const r = withA((a) => a.map((v, t) => (t === a.length - 1 ? [...v, 0] : v)));
    expect(r.quantities.find((q) => q.name === 'a')?.status).toBe('MISMATCH');
    expect(ids(r)).toEqual(['hidden-states']);
  });
});

describe('chooseMistakes — the order of the mistakes found', () => {
  it('prints the mistakes in the order of their first quantity, not in the order they were chosen', () => {
    // A mean loss (explains the loss only) and a dropped tanh derivative in the recurrence (explains
    // dWax, dWaa, dba, da0): the second is chosen first, explaining more, but the loss comes first.
    const t = suiteTest(5);
    const c = parseCase(t.case);
    const pick = (id: string) => MISTAKES.find((m) => m.id === id)!;
    const theirs = quantitiesOf(toResultJson(evaluate(c, { ...pick('tanh-derivative-dropped'), ...pick('mean-loss-summed-gradients') })));
    const r = compareResult(c, theirs, FLOAT64_TOLERANCE);
    const mistakes = (r.findings ?? []).filter((f) => f.kind === 'mistake');
    expect(mistakes.map((f) => f.id)).toEqual(['mean-loss-summed-gradients', 'tanh-derivative-dropped']);
    expect(mistakes[0].quantities).toEqual(['loss']);
    expect(mistakes[1].quantities.length).toBeGreaterThan(1);
  });
});
