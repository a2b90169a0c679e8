/**
 * Which tolerance and condition estimate compareCellResult (src/conformance/cells/compare.ts) judges
 * each quantity with: a fixed tolerance with its precision's conditioning study, a precision's own
 * study, or a suite test's stored tolerances unless a declared capability changes the values.
 */
import { describe, expect, it } from 'vitest';
import { parseAnyCase, readTheirResult, toCellResultJson } from '../../src/conformance/any-case.js';
import { cellExpected } from '../../src/conformance/cells/evaluate.js';
import type { CellCase } from '../../src/conformance/cells/model.js';
import { FLOAT32_TOLERANCE, FLOAT64_TOLERANCE, type ToleranceSpec } from '../../src/conformance/compare.js';
import { FLOAT_EPSILON } from '../../src/conformance/tolerances.js';
import type { Capabilities } from '../../src/conformance/capabilities.js';
import { lazy } from '../helpers/lazy.js';

/** Two stacked layers of one unit, V = 2, T = 2. */
const c = lazy(
  () =>
    parseAnyCase({
      format: 'rnn-oracle/case@2',
      cell: 'rnn',
      layers: 2,
      params: { layers: [{ Wax: [[0.5, 0.1]], Waa: [[0.3]], ba: [0.1] }, { Wax: [[0.4]], Waa: [[0.2]], ba: [0.3] }], Wya: [[1], [-1]], by: [0.5, 0] },
      inputs: [0, 1],
      targets: [1, 1],
    }) as CellCase,
);
const own = lazy(() => JSON.parse(JSON.stringify(toCellResultJson(c(), cellExpected(c())))));
const report = (tol: ToleranceSpec, caps?: Capabilities, doc: unknown = own()) => {
  const read = readTheirResult(doc, c());
  if ('invalid' in read) throw new Error(read.invalid);
  return read.compare(tol, caps);
};

describe('compareCellResult — the tolerance and condition of each quantity', () => {
  it('derives float32 tolerances about 2²⁹ times the float64 ones (the ratio of the machine epsilons) from a precision', () => {
    const f64 = report('float64').quantities.find((q) => q.name === 'loss')!.tolerance!;
    const f32 = report('float32').quantities.find((q) => q.name === 'loss')!.tolerance!;
    const ratio = FLOAT_EPSILON.float32 / FLOAT_EPSILON.float64;
    expect(f32.rtol / f64.rtol).toBeGreaterThan(ratio / 16);
    expect(f32.rtol / f64.rtol).toBeLessThan(ratio * 16);
  });

  it('under a fixed tolerance, carries it and the condition estimate of its precision’s study (float64 when it names none)', () => {
    const conditions = (tol: ToleranceSpec) => report(tol).quantities.map((q) => [q.name, q.condition]);
    for (const [fixed, precision] of [[FLOAT64_TOLERANCE, 'float64'], [{ rtol: 1e-9, atol: 1e-12 }, 'float64'], [FLOAT32_TOLERANCE, 'float32']] as const) {
      const r = report(fixed);
      for (const q of r.quantities) expect(q.tolerance, q.name).toEqual({ rtol: fixed.rtol, atol: fixed.atol });
      expect(conditions(fixed)).toEqual(conditions(precision));
      expect(r.quantities.every((q) => Number.isFinite(q.condition))).toBe(true);
    }
  });

  it('takes stored tolerances as they are, studies a quantity they leave out, and studies every one when a declared mean changes the values', () => {
    const names = report('float64').quantities.map((q) => q.name);
    const stored = { precision: 'float64' as const, quantities: Object.fromEntries(names.filter((n) => n !== 'dby').map((n) => [n, { rtol: 0.5, atol: 0.25, condition: 1 }])) };
    const plain = report(stored);
    for (const q of plain.quantities.filter((x) => x.name !== 'dby')) expect(q.tolerance, q.name).toEqual({ rtol: 0.5, atol: 0.25 });
    expect(plain.quantities.find((q) => q.name === 'dby')!.tolerance!.rtol).toBeLessThan(1e-6);
    const meanDoc = JSON.parse(JSON.stringify(toCellResultJson(c(), cellExpected(c(), { meanOverTime: true }))));
    const mean = report(stored, { lossReduction: 'mean' }, meanDoc);
    expect(mean.agree).toBe(true);
    for (const q of mean.quantities) expect(q.tolerance!.rtol, q.name).toBeLessThan(1e-6);
  });

  it('counts an agreeing result that leaves out an optional quantity as checked', () => {
    const { yHat: _y, ...doc } = own();
    const r = report('float64', undefined, doc);
    expect([r.agree, r.nothingChecked, r.quantities.find((q) => q.name === 'yHat')!.status]).toEqual([true, false, 'SKIPPED']);
  });
});
