import { describe, expect, it } from 'vitest';
import { parseCase, type ParsedCase } from '../../src/conformance/case.js';
import { compareResult, FLOAT64_TOLERANCE, type CheckReport } from '../../src/conformance/compare.js';
import { evaluate, SLOT_KEYS } from '../../src/conformance/evaluate.js';
import { generateVectors, type Flag } from '../../src/conformance/vectors.js';
import type { Forward } from '../../src/reference/bptt.js';
import { column, plus } from '../../src/reference/linalg.js';
import { plainRnn, type PlainMistakes } from './diagnose-plain-rnn.js';
import { lazy } from '../helpers/lazy.js';

const tests = lazy(() => generateVectors().testGroups.flatMap((g) => g.tests));
/** The first suite case with every flag given (and more than one step unless T1 is asked for). */
const caseWith = (...flags: Flag[]): ParsedCase => {
  const t = tests().find((x) => flags.every((f) => x.flags.includes(f)) && (flags.includes('T1') || x.case.inputs.length > 1));
  if (!t) throw new Error(`no suite case with ${flags.join(', ')}`);
  return parseCase(t.case);
};
const lines: string[] = [];
const check = (c: ParsedCase, k: PlainMistakes): CheckReport => {
  const report = compareResult(c, plainRnn(c, k), FLOAT64_TOLERANCE);
  expect(report.agree).toBe(false);
  lines.push(...report.diagnosis);
  return report;
};
const ids = (r: CheckReport) => (r.findings ?? []).map((f) => f.id);
const finding = (r: CheckReport, id: string) => r.findings?.find((f) => f.id === id);

describe('the plain RNN the diagnosis specs build mistakes with', () => {
  it('agrees with the oracle on every suite case, within the suite’s tolerances, when it makes no mistake (it shares no code with the reference)', () => {
    for (const t of tests()) {
      const c = parseCase(t.case);
      const report = compareResult(c, plainRnn(c), t.tolerances.float64);
      expect(report.agree, `tc${t.tcId}: ${report.diagnosis.join('; ')}`).toBe(true);
    }
  });
});

describe('new catalogue entries, built by an independently written wrong implementation', () => {
  it('a⟨t⟩ where a⟨t−1⟩ belongs in eq. (24) is named, after narrowing to (24) because dba agrees', () => {
    const r = check(caseWith('CarriedA0'), { aPrevInDWaa: 'current' });
    expect(ids(r)).toEqual(['dWaa-aprev-factor', 'a-for-aprev-in-dWaa']);
    expect(r.quantities.find((q) => q.name === 'dWaa')?.mistake?.id).toBe('a-for-aprev-in-dWaa');
  });

  it('a Python list indexed with t − 1 = −1 (a⟨T⟩ for a⟨0⟩ at step 1) is named', () => {
    const r = check(caseWith('CarriedA0'), { aPrevInDWaa: 'list-wrap' });
    expect(ids(r)).toEqual(['dWaa-aprev-factor', 'first-aprev-from-wrong-end']);
  });

  it('no tanh derivative anywhere is told apart from the one dropped in the recurrence only', () => {
    const c = caseWith('ZeroFirstInput');
    expect(ids(check(c, { noTanhDerivative: true }))).toContain('no-tanh-derivative');
    expect(ids(check(c, { noTanhDerivative: true })).filter((id) => id === 'tanh-derivative-dropped')).toEqual([]);
    expect(ids(check(caseWith('T1'), { noTanhDerivative: true }))).toContain('no-tanh-derivative');
  });

  it('a mean loss with summed gradients is not taken for a mean over time, nor the other way round', () => {
    const c = caseWith('LongT');
    const meanLoss = check(c, { meanLoss: true });
    expect(meanLoss.findings?.filter((f) => f.kind === 'mistake').map((f) => f.id)).toEqual(['mean-loss-summed-gradients']);
    expect(meanLoss.quantities.find((q) => q.name === 'loss')?.mistake?.id).toBe('mean-loss-summed-gradients');
    const meanBoth = compareResult(c, evaluate(c, { meanOverTime: true }), FLOAT64_TOLERANCE);
    expect(meanBoth.findings?.filter((f) => f.kind === 'mistake').map((f) => f.id)).toEqual(['mean-over-time']);
    expect(meanBoth.quantities.find((q) => q.name === 'loss')?.mistake?.id).toBe('mean-over-time');
  });

  it('Adagrad where one SGD step was asked is named, and the update rule is blamed, not the gradients', () => {
    const r = check(caseWith('OneSgdStep', 'ClippingActive'), { update: 'adagrad' });
    expect(ids(r)).toEqual(['update', 'adagrad-instead-of-sgd']);
  });
});

describe('hypotheses tested against the oracle’s own numbers', () => {
  it('gradients returned already clipped are said to be clipped, and the output layer is not blamed', () => {
    const r = check(caseWith('ClippingActive'), { clipInPlace: caseWith('ClippingActive').clip });
    expect(ids(r)).toEqual(['clipped-as-unclipped']);
    expect(finding(r, 'clipped-as-unclipped')?.quantities).toContain('dWya');
  });

  it('min-char-rnn’s in-place clip at 5 is found from their numbers when the case has no clip', () => {
    const c = caseWith('SaturatedTanh');
    const r = check(c, { clipInPlace: 5 });
    expect(ids(r)).toEqual(['clipped-as-unclipped']);
    expect(finding(r, 'clipped-as-unclipped')?.text).toContain('[−5, 5]');
  });

  it('a loss of Infinity with finite ŷ is log of an underflowed probability, at the step where it underflows', () => {
    const c = caseWith('LargeLogits');
    const theirs = plainRnn(c, { lossFromProbabilities: true });
    const underflow = c.problem.targets.findIndex((k, t) => theirs.yHat![t][k] === 0) + 1;
    expect(underflow).toBeGreaterThan(0);
    const r = check(c, { lossFromProbabilities: true });
    expect(ids(r)).toEqual(['loss', 'loss-log-underflow']);
    expect(finding(r, 'loss-log-underflow')?.step).toBe(underflow);
  });

  it('a backward loop that stops before step 1 is found, with the step, in every sum it changes', () => {
    const c = caseWith('CarriedA0');
    const r = check(c, { skipFirstStep: true });
    expect(finding(r, 'step-term-missing')?.step).toBe(1);
    expect([...finding(r, 'step-term-missing')!.quantities].sort()).toEqual(['dWaa', 'dWax', 'dWya', 'dba', 'dby']);
  });

  it('dWaa assigned instead of accumulated is step 1’s term alone', () => {
    const r = check(caseWith('CarriedA0'), { assignDWaa: true });
    expect(finding(r, 'only-one-step-term')).toMatchObject({ step: 1, quantities: ['dWaa'] });
  });

  it('one step’s a⟨t−1⟩ replaced in eq. (24) is found at that step, with the vector used instead', () => {
    const c = caseWith('LongT');
    const r = compareResult(c, evaluate(c, { saved: (f) => ({ ...f, steps: f.steps.map((s, t) => (t === 6 ? { ...s, aPrev: f.steps[1].a } : s)) }) }), FLOAT64_TOLERANCE);
    lines.push(...r.diagnosis);
    expect(finding(r, 'step-factor-wrong')).toMatchObject({ step: 7, quantities: ['dWaa'] });
    expect(finding(r, 'step-factor-wrong')?.text).toContain('it has a⟨2⟩ where a⟨6⟩ belongs');
  });

  it('a null input read as index 0 in the backward pass only is x⟨1⟩ of eq. (25), after narrowing to (25)', () => {
    const r = check(caseWith('ZeroFirstInput'), { nullAsIndex0InBackward: true });
    expect(ids(r)).toEqual(['dWax-x-factor', 'step-factor-wrong']);
    expect(finding(r, 'step-factor-wrong')).toMatchObject({ step: 1, quantities: ['dWax'] });
    expect(finding(r, 'step-factor-wrong')?.text).toContain('the one-hot vector of index 0 where x⟨1⟩ belongs');
  });

  it('dWya paired with a⟨t−1⟩ is found, after narrowing to eq. (18) because dby agrees', () => {
    const r = check(caseWith('CarriedA0'), { dWyaWithPrev: true });
    expect(ids(r)).toEqual(['output-layer-gradients', 'dWya-a-factor', 'dWya-with-aprev']);
  });

  it('∂L/∂o = y − ŷ makes every gradient the oracle’s negated, and is said so', () => {
    expect(ids(check(caseWith('CarriedA0'), { negateDo: true }))).toEqual(['gradients-negated']);
  });

  it('each usual wrong ∂L/∂a⟨0⟩ is named, after narrowing to eq. (21) at t = 0', () => {
    const c = caseWith('CarriedA0');
    expect(ids(check(c, { da0: 'no-Waa' }))).toEqual(['da0-recurrence', 'da0-without-Waa']);
    // A zero da0 is also what "no-recurrent-term" gives, but that mistake would change dWaa, dWax
    // and dba, which they got right: it is not chosen.
    const zero = check(c, { da0: 'zero' });
    expect(ids(zero)).toEqual(['da0-recurrence', 'da0-zero']);
    expect(zero.quantities.find((q) => q.name === 'da0')?.mistake).toBeUndefined();
    expect(ids(check(c, { da0: 'no-tanh' }))).toEqual(['da0-recurrence', 'da0-without-tanh-derivative']);
    expect(ids(check(c, { da0: 'da1' }))).toEqual(['da0-recurrence', 'da0-is-da1']);
    expect(ids(check(c, { da0: 'Waa-not-transposed' }))).toEqual(['da0-recurrence', 'da0-Waa-not-transposed']);
  });

  it('dWax paired with the targets instead of the inputs is found (nX = nY)', () => {
    const c = caseWith('CarriedA0');
    expect(c.json.params.Wax[0].length).toBe(c.json.params.Wya.length);
    expect(ids(check(c, { dWaxWithTargets: true }))).toEqual(['dWax-x-factor', 'dWax-with-targets']);
  });

  it('dWaa and dWax both wrong with dba right points at the factors of (24) and (25) together', () => {
    const r = check(caseWith('ZeroFirstInput'), { aPrevInDWaa: 'current', nullAsIndex0InBackward: true });
    expect(ids(r)).toEqual(['dWaa-dWax-factors', 'a-for-aprev-in-dWaa', 'step-factor-wrong']);
  });

  it('gradients all off by one factor are said to be, with the factor', () => {
    const c = caseWith('CarriedA0');
    const oracle = evaluate(c);
    const half = Object.fromEntries(Object.entries(oracle.gradients).map(([k, v]) => [k, v.map((r) => r.map((x) => x / 2))])) as typeof oracle.gradients;
    const r = compareResult(c, { ...oracle, gradients: half }, FLOAT64_TOLERANCE);
    lines.push(...r.diagnosis);
    expect(ids(r)).toEqual(['gradients-scaled']);
    expect(finding(r, 'gradients-scaled')?.text).toContain('times 0.5 (1/2)');
  });

  it('one step’s factor replaced by a vector we cannot name is still placed at its step', () => {
    const c = caseWith('CarriedA0');
    const odd = (f: Forward): Forward => ({ ...f, steps: f.steps.map((s, t) => (t === 1 ? { ...s, aPrev: plus(s.aPrev, column([0.125, -0.25, 0.375])) } : s)) });
    const r = compareResult(c, evaluate(c, { saved: odd }), FLOAT64_TOLERANCE);
    expect(finding(r, 'step-factor-wrong')).toMatchObject({ step: 2, quantities: ['dWaa'] });
    expect(finding(r, 'step-factor-wrong')?.text).toContain('it has another vector where a⟨1⟩ belongs');
  });

  it('hidden states that go wrong from step 3 on are first wrong at step 3', () => {
    const c = caseWith('LongT');
    const oracle = evaluate(c);
    const theirs = { ...oracle, a: oracle.a!.map((v, t) => (t >= 2 ? v.map((x) => x + 1e-3) : v)) };
    const r = compareResult(c, theirs, FLOAT64_TOLERANCE);
    lines.push(...r.diagnosis);
    expect(finding(r, 'a-first-disagrees')?.step).toBe(3);
    const yHat = { ...oracle, yHat: oracle.yHat!.map((v, t) => (t >= 1 ? v.map((x) => x * 1.01) : v)) };
    expect(finding(compareResult(c, yHat, FLOAT64_TOLERANCE), 'yHat-first-disagrees')?.step).toBe(2);
  });
});

describe('the diagnosis as a whole', () => {
  it('does not call a SKIPPED quantity wrong, nor narrow on it as if it agreed', async () => {
    const { diagnose } = await import('../../src/conformance/diagnose.js');
    const c = caseWith('CarriedA0');
    const q = (name: string, status: string) => ({ name, status }) as never;
    const names = ['loss', ...SLOT_KEYS.map((k) => `d${k}`)];
    const d = diagnose(names.map((n) => q(n, n === 'dWaa' ? 'MISMATCH' : n === 'dba' ? 'SKIPPED' : 'OK')), c);
    expect(d.findings.map((f) => f.id)).toEqual(['hidden-backward']);
    expect(d.findings[0].quantities).toEqual(['dWaa']);
    expect(d.diagnosis[0]).toMatch(/^dWya and dby agree but dWaa do not: /);
    const noOutput = diagnose(names.map((n) => q(n, n === 'dWaa' ? 'MISMATCH' : n === 'dWya' ? 'SKIPPED' : 'OK')), c);
    expect(noOutput.diagnosis[0]).toMatch(/^dWaa disagree: /);
  });

  it('names an equation or a section of the document in every sentence', () => {
    expect(lines.length).toBeGreaterThan(20);
    for (const line of lines) expect(line).toMatch(/\beqs?\. \(\d+\)|section \d/);
    if (process.env.SHOW_DIAGNOSES) console.log([...new Set(lines)].join('\n'));
  });
});
