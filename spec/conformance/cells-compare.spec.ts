/**
 * compareCellResult and theirCellTable (src/conformance/cells/compare.ts) through readTheirResult on
 * small stacked-RNN and LSTM cases: an infinite expected value, the optional initial-state gradients,
 * the JSON paths of keys a cell does not have, a suite test's stored result, what a report without
 * a mismatch holds, and which tolerance and condition estimate each quantity is judged with.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseAnyCase, readTheirResult, toCellResultJson } from '../../src/conformance/any-case.js';
import { cellExpected } from '../../src/conformance/cells/evaluate.js';
import type { CellCase } from '../../src/conformance/cells/model.js';
import type { Capabilities } from '../../src/conformance/capabilities.js';
import { FLOAT32_TOLERANCE, FLOAT64_TOLERANCE, type ToleranceSpec } from '../../src/conformance/compare.js';
import { FLOAT_EPSILON } from '../../src/conformance/tolerances.js';
import type { CellVectorSuite } from '../../src/conformance/vectors2.js';
import { lazy } from '../helpers/lazy.js';

type Loose = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const FIXED = { rtol: 1e-9, atol: 1e-12 };
const tests = lazy(() => (JSON.parse(readFileSync(new URL('../../fixtures/conformance/cells.json', import.meta.url), 'utf8')) as CellVectorSuite).testGroups.flatMap((g) => g.tests));

/** Two stacked layers of one unit, V = 2, T = 2; with lr = 1e308 one updated parameter overflows to −Infinity exactly. */
const stackedCase = (extra: { lr?: number } = {}) =>
  parseAnyCase({
    format: 'rnn-oracle/case@2',
    cell: 'rnn',
    layers: 2,
    params: { layers: [{ Wax: [[0.5, 0.1]], Waa: [[0.3]], ba: [0.1] }, { Wax: [[0.4]], Waa: [[0.2]], ba: [0.3] }], Wya: [[1], [-1]], by: [0.5, 0] },
    inputs: [0, 1],
    targets: [1, 1],
    ...extra,
  }) as CellCase;
const stacked = lazy(() => stackedCase({ lr: 1e308 }));
const ownDoc = lazy(() => JSON.stringify(toCellResultJson(stacked(), cellExpected(stacked()))));
const doc = (): Loose => JSON.parse(ownDoc());
const judge = (d: unknown, c: CellCase = stacked(), tol: ToleranceSpec = FIXED, expected?: unknown) => {
  const read = readTheirResult(d, c, expected);
  if ('invalid' in read) throw new Error(read.invalid);
  return { ...read, report: read.compare(tol) };
};
const statusOf = (r: ReturnType<typeof judge>['report'], name: string) => r.quantities.find((q) => q.name === name)?.status;

describe('compareCellResult — an infinite expected value', () => {
  it('fails a finite value where the oracle’s updated ba[2] is −Infinity (ba − lr·dba with lr = 1e308 and dba ≈ 2.7), and passes −Infinity there', () => {
    const own = doc();
    expect(own.updated.layers[1].ba).toEqual(['-Infinity']);
    expect(judge(own).report.agree).toBe(true);
    const wrong = doc();
    wrong.updated.layers[1].ba = [0];
    const { report } = judge(wrong);
    expect([report.agree, statusOf(report, 'updated ba[2]')]).toEqual([false, 'MISMATCH']);
  });
});

describe('theirCellTable — what their result@2 holds, read against the case', () => {
  it('judges each layer’s ∂L/∂a⟨0⟩ given as a list, and names the JSON path of one layer too many', () => {
    const d = doc();
    d.gradients.a0 = [...d.gradients.a0, [1]];
    d.gradients.layers[0].Wq = [[1]];
    const { report, warnings } = judge(d);
    expect([statusOf(report, 'da0[1]'), statusOf(report, 'da0[2]')]).toEqual(['OK', 'OK']);
    expect(warnings.map((w) => /\$\S+/.exec(w)![0])).toEqual(['$.gradients.layers[0].Wq', '$.gradients.a0[2]']);
    const wrong = doc();
    wrong.gradients.a0[1] = [5];
    expect(statusOf(judge(wrong).report, 'da0[2]')).toBe('MISMATCH');
  });

  it('calls an absent loss MISSING rather than wrong', () => {
    const { loss: _loss, ...d } = doc();
    const { report } = judge(d);
    expect(report.quantities.filter((q) => q.status !== 'OK').map((q) => [q.name, q.status])).toEqual([['loss', 'MISSING']]);
  });
});

describe('compareCellResult — optional quantities and what a report holds', () => {
  it('skips the initial states’ gradients they leave out (each layer’s, and an LSTM’s a⟨0⟩ and c⟨0⟩), and calls a left-out weight gradient MISSING', () => {
    const d = doc();
    delete d.gradients.a0;
    expect([statusOf(judge(d).report, 'da0[1]'), statusOf(judge(d).report, 'da0[2]'), judge(d).report.agree]).toEqual(['SKIPPED', 'SKIPPED', true]);
    const t = tests().find((x) => x.case.cell === 'lstm' && x.case.clip !== undefined)!;
    const c = parseAnyCase(t.case) as CellCase;
    const lstm = structuredClone(t.expected) as Loose;
    for (const section of ['gradients', 'clipped']) for (const k of ['a0', 'c0']) delete lstm[section][k];
    delete lstm.gradients.Wf;
    const { report } = judge(lstm, c, t.tolerances.float64);
    const notOk = report.quantities.filter((q) => q.status !== 'OK').map((q) => [q.name, q.status]);
    expect(notOk).toEqual([['dWf', 'MISSING'], ['da0', 'SKIPPED'], ['dc0', 'SKIPPED'], ['clipped da0', 'SKIPPED'], ['clipped dc0', 'SKIPPED']]);
    // only missing: the missing line is the whole diagnosis, with no findings
    expect([report.diagnosis.length, report.findings]).toEqual([1, undefined]);
  });

  it('gives an agreeing result an empty diagnosis, and says nothing was checked only when every quantity is skipped', () => {
    const agreeing = judge(doc()).report;
    expect([agreeing.agree, agreeing.nothingChecked, agreeing.diagnosis]).toEqual([true, false, []]);
    const { a: _a, ...d } = doc();
    const read = readTheirResult(d, stacked());
    if ('invalid' in read) throw new Error(read.invalid);
    const none = read.compare(FIXED, { outputs: ['a'] });
    expect([none.agree, none.nothingChecked]).toEqual([true, true]);
  });

  it('takes a suite test’s stored expected result as the oracle’s when their capabilities change nothing', () => {
    const t = tests().find((x) => x.case.cell === 'gru')!;
    const c = parseAnyCase(t.case) as CellCase;
    const altered = structuredClone(t.expected) as Loose;
    altered.loss = (altered.loss as number) + 1;
    expect(judge(altered, c, t.tolerances.float64, altered).report.agree).toBe(true);
    expect(statusOf(judge(altered, c, t.tolerances.float64, t.expected).report, 'loss')).toBe('MISMATCH');
  });
});

const c = lazy(() => stackedCase());
const own = lazy(() => JSON.parse(JSON.stringify(toCellResultJson(c(), cellExpected(c())))));
const reportOf = (tol: ToleranceSpec, caps?: Capabilities, theirs: unknown = own()) => {
  const read = readTheirResult(theirs, c());
  if ('invalid' in read) throw new Error(read.invalid);
  return read.compare(tol, caps);
};

describe('compareCellResult — the tolerance and condition of each quantity', () => {
  it('derives float32 tolerances about 2²⁹ times the float64 ones (the ratio of the machine epsilons) from a precision', () => {
    const f64 = reportOf('float64').quantities.find((q) => q.name === 'loss')!.tolerance!;
    const f32 = reportOf('float32').quantities.find((q) => q.name === 'loss')!.tolerance!;
    const ratio = FLOAT_EPSILON.float32 / FLOAT_EPSILON.float64;
    expect(f32.rtol / f64.rtol).toBeGreaterThan(ratio / 16);
    expect(f32.rtol / f64.rtol).toBeLessThan(ratio * 16);
  });

  it('under a fixed tolerance, carries it and the condition estimate of its precision’s study (float64 when it names none)', () => {
    const conditions = (tol: ToleranceSpec) => reportOf(tol).quantities.map((q) => [q.name, q.condition]);
    for (const [fixed, precision] of [[FLOAT64_TOLERANCE, 'float64'], [{ rtol: 1e-9, atol: 1e-12 }, 'float64'], [FLOAT32_TOLERANCE, 'float32']] as const) {
      const r = reportOf(fixed);
      for (const q of r.quantities) expect(q.tolerance, q.name).toEqual({ rtol: fixed.rtol, atol: fixed.atol });
      expect(conditions(fixed)).toEqual(conditions(precision));
      expect(r.quantities.every((q) => Number.isFinite(q.condition))).toBe(true);
    }
  });

  it('takes stored tolerances as they are, studies a quantity they leave out, and studies every one when a declared mean changes the values', () => {
    const names = reportOf('float64').quantities.map((q) => q.name);
    const stored = { precision: 'float64' as const, quantities: Object.fromEntries(names.filter((n) => n !== 'dby').map((n) => [n, { rtol: 0.5, atol: 0.25, condition: 1 }])) };
    const plain = reportOf(stored);
    for (const q of plain.quantities.filter((x) => x.name !== 'dby')) expect(q.tolerance, q.name).toEqual({ rtol: 0.5, atol: 0.25 });
    expect(plain.quantities.find((q) => q.name === 'dby')!.tolerance!.rtol).toBeLessThan(1e-6);
    const meanDoc = JSON.parse(JSON.stringify(toCellResultJson(c(), cellExpected(c(), { meanOverTime: true }))));
    const mean = reportOf(stored, { lossReduction: 'mean' }, meanDoc);
    expect(mean.agree).toBe(true);
    for (const q of mean.quantities) expect(q.tolerance!.rtol, q.name).toBeLessThan(1e-6);
  });

  it('counts an agreeing result that leaves out an optional quantity as checked', () => {
    const { yHat: _y, ...doc } = own();
    const r = reportOf('float64', undefined, doc);
    expect([r.agree, r.nothingChecked, r.quantities.find((q) => q.name === 'yHat')!.status]).toEqual([true, false, 'SKIPPED']);
  });
});
