/**
 * compareResult (src/conformance/compare.ts), the kit's public comparison, on cases of the committed
 * suite and two made here: the oracle's own NaN, quantities left out, declared capabilities under a
 * zero tolerance, which tolerance and condition a report carries, and what a report without a
 * mismatch holds.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCase, type ParsedCase } from '../../src/conformance/case.js';
import { compareResult, expectedValues, FLOAT32_TOLERANCE, FLOAT64_TOLERANCE, quantitiesOf, type QuantityTolerances, type TheirQuantities } from '../../src/conformance/compare.js';
import { evaluate, toResultJson } from '../../src/conformance/evaluate.js';
import { evaluateExact } from '../../src/conformance/exact.js';
import type { VectorSuite } from '../../src/conformance/vectors.js';
import { lazy } from '../helpers/lazy.js';

const tests = lazy(() => (JSON.parse(readFileSync(new URL('../../fixtures/conformance/vectors.json', import.meta.url), 'utf8')) as VectorSuite).testGroups.flatMap((g) => g.tests));
const test = (tcId: number) => tests().find((t) => t.tcId === tcId)!;
const caseOf = (tcId: number) => parseCase(test(tcId).case);
/** A result document read back as their quantities, as `check` reads a file. */
const theirsOf = (doc: unknown): TheirQuantities => quantitiesOf(JSON.parse(JSON.stringify(doc)));
const zero = { rtol: 0, atol: 0 };
const mistakesNamed = (r: ReturnType<typeof compareResult>) => [...(r.findings ?? []).filter((f) => f.kind === 'mistake').map((f) => f.id), ...r.quantities.flatMap((q) => (q.mistake ? [q.mistake.id] : []))];

describe('compareResult — the oracle’s own non-finite values', () => {
  it('agrees with a result that has NaN exactly where the oracle has NaN (logits that overflow), with errors of 0', () => {
    // by + Wya·a overflows to Infinity, so the shifted softmax takes Infinity − Infinity: ŷ, the loss and every gradient are NaN
    const c = parseCase({ format: 'rnn-oracle/case@1', params: { Wax: [[0.5, 0], [0, 0.5]], Waa: [[0.1, 0], [0, 0.1]], Wya: [[1e308, 0], [0, 1]], ba: [1, 0], by: [1.7e308, 0] }, inputs: [0, 1], targets: [1, 1] });
    const own = evaluateExact(c);
    expect(Number.isNaN(own.loss)).toBe(true);
    const r = compareResult(c, theirsOf(toResultJson(own)), zero);
    expect(r.agree).toBe(true);
    for (const q of r.quantities) expect([q.name, q.status, q.maxAbsError, q.maxRelError]).toEqual([q.name, 'OK', 0, 0]);
  });
});

describe('compareResult — what was left out', () => {
  it('calls an absent loss MISSING, and its table of the other quantities is still judged', () => {
    const { loss: _loss, ...rest } = theirsOf(test(2).expected);
    const r = compareResult(caseOf(2), rest, test(2).tolerances.float64);
    expect(r.quantities.filter((q) => q.status !== 'OK').map((q) => [q.name, q.status])).toEqual([['loss', 'MISSING']]);
  });

  it('gives a result that only leaves required quantities out the missing lines as its whole diagnosis, and no findings', () => {
    const theirs = theirsOf(test(8).expected);
    delete theirs.clipped;
    const r = compareResult(caseOf(8), theirs, test(8).tolerances.float64);
    expect(r.agree).toBe(false);
    expect(r.diagnosis).toHaveLength(1);
    expect(r.diagnosis[0]).toMatch(/clipped dWax/);
    expect(r.findings).toBeUndefined();
  });

  it('reports an empty table of theirs as a shape mismatch (0×0) instead of failing', () => {
    const theirs = theirsOf(test(2).expected);
    theirs.gradients!.Wax = [];
    const q = compareResult(caseOf(2), theirs, test(2).tolerances.float64).quantities.find((x) => x.name === 'dWax')!;
    expect([q.status, q.note]).toEqual(['MISMATCH', expect.stringMatching(/0×0/)]);
  });

  it('says nothing was checked when every quantity is skipped (their outputs are a, which their result lacks), and only then', () => {
    const { a: _a, ...rest } = theirsOf(test(2).expected);
    const none = compareResult(caseOf(2), rest, test(2).tolerances.float64, { outputs: ['a'] });
    expect([none.agree, none.nothingChecked, none.quantities.every((q) => q.status === 'SKIPPED')]).toEqual([true, true, true]);
    const some = compareResult(caseOf(2), theirsOf(test(2).expected), test(2).tolerances.float64, { outputs: ['a'] });
    expect([some.agree, some.nothingChecked, some.diagnosis]).toEqual([true, false, []]);
  });
});

describe('compareResult — declared capabilities are never named as mistakes', () => {
  // Under a zero tolerance the float64 evaluation of the declared computation fails against the exact
  // values somewhere, and it is exactly the catalogue's numbers for the mistake the capability declares.
  it('does not call a declared Adagrad update the adagrad-instead-of-sgd mistake', () => {
    const c = caseOf(14);
    const r = compareResult(c, theirsOf(toResultJson(evaluate(c, { update: 'adagrad' }))), zero, { update: 'adagrad' });
    expect(r.agree).toBe(false);
    expect(mistakesNamed(r)).not.toContain('adagrad-instead-of-sgd');
  });

  it('does not call a declared mean over time the mean-over-time or mean-loss-summed-gradients mistake', () => {
    const c = caseOf(13);
    const r = compareResult(c, theirsOf(toResultJson(evaluate(c, { meanOverTime: true }))), zero, { lossReduction: 'mean' });
    expect(r.agree).toBe(false);
    expect(mistakesNamed(r).filter((id) => id.startsWith('mean-'))).toEqual([]);
  });
});

describe('compareResult — the tolerance and condition each quantity is judged with', () => {
  const condition = (c: ParsedCase, name: string, spec: 'float64' | 'float32') => expectedValues(c, spec).toleranceOf(name).condition;

  it('under a fixed tolerance, carries that tolerance and the condition estimate of its precision’s study (float64 when it names none)', () => {
    const c = caseOf(2);
    const theirs = theirsOf(test(2).expected);
    for (const [fixed, precision] of [[FLOAT64_TOLERANCE, 'float64'], [FLOAT32_TOLERANCE, 'float32']] as const) {
      for (const q of compareResult(c, theirs, fixed).quantities) {
        expect(q.tolerance, q.name).toEqual({ rtol: fixed.rtol, atol: fixed.atol });
        expect(q.condition, `${q.name} ${precision}`).toBe(condition(c, q.name, precision));
        expect(Number.isFinite(q.condition)).toBe(true);
      }
    }
  });

  it('takes a suite test’s stored tolerances as they are, but studies the case when a declared capability changes the values', () => {
    const c = caseOf(2);
    const names = [...expectedValues(c, 'float64').oracle.keys()];
    const stored: QuantityTolerances = { precision: 'float64', quantities: Object.fromEntries(names.filter((n) => n !== 'dby').map((n) => [n, { rtol: 0.5, atol: 0.25, condition: 1 }])) };
    const plain = compareResult(c, theirsOf(test(2).expected), stored);
    for (const q of plain.quantities.filter((x) => x.name !== 'dby')) expect(q.tolerance, q.name).toEqual({ rtol: 0.5, atol: 0.25 });
    expect(plain.quantities.find((q) => q.name === 'dby')!.tolerance!.rtol).toBeLessThan(1e-6);
    const mean = compareResult(c, theirsOf(toResultJson(evaluate(c, { meanOverTime: true }))), stored, { lossReduction: 'mean' });
    for (const q of mean.quantities) expect(q.tolerance!.rtol, q.name).toBeLessThan(1e-6);
  });
});
