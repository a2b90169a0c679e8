/**
 * The hypotheses of src/conformance/hypotheses.ts on results changed by hand from the suite's stored
 * expected results: where the first wrong step is, when a loss of Infinity is an underflow, when
 * gradients are clipped, scaled or negated, and which wrong ∂L/∂a⟨0⟩ it is.
 */
import { describe, expect, it } from 'vitest';
import { parseCase } from '../../src/conformance/case.js';
import { compareResult, FLOAT64_TOLERANCE, quantitiesOf, type CheckReport, type TheirQuantities, type Tolerance } from '../../src/conformance/compare.js';
import { evaluate, toResultJson } from '../../src/conformance/evaluate.js';
import { MISTAKES } from '../../src/conformance/mistakes.js';
import type { ResultJson } from '../../src/conformance/schema.js';
import { plainRnn } from './diagnose-plain-rnn.js';
import { suiteTest as suiteCaseById } from './stored-suite.js';

/** A suite test's case and a deep copy of its expected result, as their quantities. */
function fromSuite(tcId: number) {
  const t = suiteCaseById(tcId);
  return { c: parseCase(t.case), theirs: quantitiesOf(structuredClone(t.expected) as ResultJson) };
}

const check = (tcId: number, change: (q: TheirQuantities) => TheirQuantities | void, tol: Tolerance = FLOAT64_TOLERANCE): CheckReport => {
  const { c, theirs } = fromSuite(tcId);
  return compareResult(c, change(theirs) ?? theirs, tol);
};
/** The findings' ids, each checked to be a finding (an id and a sentence), one per line of the diagnosis. */
const ids = (r: CheckReport) => {
  const found = r.findings ?? [];
  for (const f of found) expect(f).toMatchObject({ id: expect.any(String), text: expect.any(String) });
  expect(r.diagnosis.slice(r.diagnosis.length - found.length)).toEqual(found.map((f) => f.text));
  return found.map((f) => f.id);
};
const finding = (r: CheckReport, id: string) => r.findings?.find((f) => f.id === id);
const mapGradients = (q: TheirQuantities, f: (v: number) => number) => {
  q.gradients = Object.fromEntries(Object.entries(q.gradients!).map(([k, M]) => [k, M!.map((r) => r.map(f))]));
};

describe('the first step at which a⟨t⟩ or ŷ⟨t⟩ disagrees — eq. (1); eqs. (2), (5), (6)', () => {
  // tc2: inputs [null, 0, 0, 1, 0, 2]; tc4: inputs [1, dense, …]
  it('is step 1 when a⟨1⟩ is already wrong, and says inputs[0] is the zero vector', () => {
    const r = check(2, (q) => void (q.a = q.a!.map((v) => v.map((x) => x + 1e-3))));
    expect(finding(r, 'a-first-disagrees')).toMatchObject({ kind: 'hypothesis', quantities: ['a'], step: 1 });
    expect(finding(r, 'a-first-disagrees')!.text).toContain('eq. (1)');
    expect(finding(r, 'a-first-disagrees')!.text).toContain('inputs[0] is null');
  });

  it('names the input of the first wrong step as an index or as dense, and the state before it', () => {
    const index = check(2, (q) => void (q.a = q.a!.map((v, t) => (t >= 1 ? v.map((x) => x + 1e-3) : v))));
    expect(finding(index, 'a-first-disagrees')?.step).toBe(2);
    expect(finding(index, 'a-first-disagrees')!.text).toContain('inputs[1] is index 0');
    expect(finding(index, 'a-first-disagrees')!.text).toContain('Waa·a⟨1⟩');
    const dense = check(4, (q) => void (q.a = q.a!.map((v, t) => (t >= 1 ? v.map((x) => x + 1e-3) : v))));
    expect(finding(dense, 'a-first-disagrees')?.step).toBe(2);
    expect(finding(dense, 'a-first-disagrees')!.text).toContain('inputs[1] is dense');
  });

  it('with a⟨t⟩ right, names ŷ⟨t⟩ and the output equations, not the cell', () => {
    const r = check(2, (q) => void (q.yHat = q.yHat!.map((v) => v.map((x) => x * 1.01))));
    expect(finding(r, 'yHat-first-disagrees')).toMatchObject({ kind: 'hypothesis', quantities: ['yHat'], step: 1 });
    expect(finding(r, 'yHat-first-disagrees')!.text).toContain('eqs. (2), (5), (6)');
    expect(finding(r, 'yHat-first-disagrees')!.text).not.toContain('eq. (1)');
  });
});

describe('a loss of Infinity as −log of an underflowed probability — eq. (15)', () => {
  // tc7 (LargeLogits): ŷ⟨t⟩[target] is exactly 0 in float64 at steps 2, 3 and 4, and 1 at steps 1 and 5.
  const TINY_NORMAL = 1e-300;
  const infiniteLoss = (q: TheirQuantities) => void (q.loss = Infinity);
  const setTarget = (q: TheirQuantities, step: number, value: number) => {
    const c = parseCase(suiteCaseById(7).case);
    q.yHat![step - 1][c.problem.targets[step - 1]] = value;
  };

  it('is placed at the first step whose target probability is below the smallest normal float64, and counts the others', () => {
    const r = check(7, infiniteLoss);
    expect(finding(r, 'loss-log-underflow')).toMatchObject({ kind: 'hypothesis', quantities: ['loss'], step: 2 });
    expect(finding(r, 'loss-log-underflow')!.text).toContain('(and at 2 more steps)');
    const two = check(7, (q) => (infiniteLoss(q), setTarget(q, 3, TINY_NORMAL)));
    expect(finding(two, 'loss-log-underflow')!.text).toContain('(and at 1 more step)');
    const one = check(7, (q) => (infiniteLoss(q), setTarget(q, 3, TINY_NORMAL), setTarget(q, 4, TINY_NORMAL)));
    expect(finding(one, 'loss-log-underflow')?.step).toBe(2);
    expect(finding(one, 'loss-log-underflow')!.text).not.toContain('more step');
  });

  it('does not count a probability of exactly 2⁻¹⁰²², the smallest normal float64', () => {
    const r = check(7, (q) => (infiniteLoss(q), setTarget(q, 3, 2 ** -1022), setTarget(q, 4, 2 ** -1022)));
    expect(finding(r, 'loss-log-underflow')?.step).toBe(2);
    expect(finding(r, 'loss-log-underflow')!.text).not.toContain('more step');
  });

  it('reads their ŷ when they give it', () => {
    const theirs = check(7, (q) => (infiniteLoss(q), setTarget(q, 1, 0)));
    expect(finding(theirs, 'loss-log-underflow')?.step).toBe(1);
  });

  it('reads the oracle’s ŷ when they give none, and places nothing when no probability underflows', () => {
    const large = check(7, (q) => (infiniteLoss(q), void delete q.yHat));
    expect(finding(large, 'loss-log-underflow')?.step).toBe(2);
    const none = check(5, (q) => (infiniteLoss(q), void delete q.yHat));
    expect(none.quantities.find((q) => q.name === 'loss')?.status).toBe('MISMATCH');
    expect(ids(none)).not.toContain('loss-log-underflow');
  });

  it('is not offered when their ŷ has a non-finite entry, their loss is finite, or no probability underflows', () => {
    expect(ids(check(7, (q) => (infiniteLoss(q), void (q.yHat![0][0] = NaN))))).not.toContain('loss-log-underflow');
    expect(ids(check(7, (q) => void (q.loss = q.loss! + 1)))).not.toContain('loss-log-underflow');
    expect(ids(check(5, infiniteLoss))).not.toContain('loss-log-underflow');
  });

  it('a result without a loss (MISSING) but with a wrong gradient is still diagnosed', () => {
    const r = check(5, (q) => (delete q.loss, void (q.gradients!.Waa = q.gradients!.Waa!.map((row) => row.map((x) => x * 1.5)))));
    expect(r.quantities.find((q) => q.name === 'loss')?.status).toBe('MISSING');
    expect(r.quantities.find((q) => q.name === 'dWaa')?.status).toBe('MISMATCH');
  });
});

describe('gradients clipped, scaled or negated as a whole', () => {
  it('gradients clipped to the case’s bound are recognised when their result leaves out the optional da0', () => {
    const c = parseCase(suiteCaseById(8).case);
    const r = check(8, (q) => (mapGradients(q, (v) => Math.max(-c.clip!, Math.min(c.clip!, v))), void delete q.gradients!.a0));
    expect(r.quantities.find((q) => q.name === 'da0')?.status).toBe('SKIPPED');
    expect(ids(r)).toEqual(['clipped-as-unclipped']);
    expect(finding(r, 'clipped-as-unclipped')!.quantities).not.toContain('da0');
  });

  it('gradients that are all zero are neither clipped to [−0, 0] nor the oracle’s times 0', () => {
    const r = check(5, (q) => mapGradients(q, () => 0));
    expect(ids(r)).not.toContain('clipped-as-unclipped');
    expect(ids(r)).not.toContain('gradients-scaled');
  });

  it('the factor is read at the largest entry, so a zero first or last entry of dWax does not hide it', () => {
    // tc2: dWax's last column is zero (input 3 never occurs); tc7: its first column is (input 0 never occurs)
    for (const tcId of [2, 7]) {
      const r = check(tcId, (q) => mapGradients(q, (v) => v / 2));
      expect(ids(r), `tc${tcId}`).toEqual(['gradients-scaled']);
    }
  });

  it('k = −1 is judged within the tolerance k is known to: atol/|largest entry| when rtol is 0', () => {
    // tc2: the largest |dWax| entry is 0.8207 < 1, so atol/0.8207 > atol > atol·0.8207.
    const tol = { rtol: 0, atol: 1e-6 };
    const largest = Math.max(...suiteCaseById(2).expected.gradients!.Wax!.flat().map((v) => Math.abs(v as number)));
    expect(largest).toBeLessThan(0.95);
    const delta = (0.9 * tol.atol) / largest;
    expect(ids(check(2, (q) => mapGradients(q, (v) => -v), tol))).toEqual(['gradients-negated']);
    expect(ids(check(2, (q) => mapGradients(q, (v) => -(1 + delta) * v), tol))).toEqual(['gradients-negated']);
    expect(ids(check(2, (q) => mapGradients(q, (v) => -(1 + (1.2 * tol.atol) / largest) * v), tol))).toEqual(['gradients-scaled']);
  });
});

describe('the usual wrong ∂L/∂a⟨0⟩ — eq. (21) at t = 0', () => {
  it('is a hypothesis about da0 at step 1', () => {
    const c = parseCase(suiteCaseById(5).case);
    const r = compareResult(c, plainRnn(c, { da0: 'zero' }), FLOAT64_TOLERANCE);
    expect(finding(r, 'da0-zero')).toMatchObject({ kind: 'hypothesis', quantities: ['da0'], step: 1 });
  });

  it('offers none when their da0 is none of them', () => {
    const r = check(5, (q) => void (q.gradients!.a0 = [[0.125], [-0.25], [0.375]]));
    expect(ids(r)).toEqual(['da0-recurrence']);
  });

  it('offers none when a catalogue mistake already explains their da0', () => {
    const c = parseCase(suiteCaseById(5).case);
    const m = MISTAKES.find((x) => x.id === 'no-recurrent-term')!;
    const r = compareResult(c, quantitiesOf(toResultJson(evaluate(c, m))), FLOAT64_TOLERANCE);
    expect(r.quantities.find((q) => q.name === 'da0')).toMatchObject({ status: 'MISMATCH', mistake: { id: 'no-recurrent-term' } });
    expect(ids(r).filter((id) => id.startsWith('da0-'))).toEqual([]);
  });
});
