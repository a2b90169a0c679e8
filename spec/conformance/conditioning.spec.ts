import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCase, type ParsedCase } from '../../src/conformance/case.js';
import { compareResult, compareValues, expectedValues, FLOAT64_TOLERANCE } from '../../src/conformance/compare.js';
import { conditioning, quantityTable, toleranceFor } from '../../src/conformance/conditioning.js';
import { evaluate, type Quantities } from '../../src/conformance/evaluate.js';
import { evaluateExact } from '../../src/conformance/exact.js';
import { MISTAKES } from '../../src/conformance/mistakes.js';
import { evaluateRounded, FLOAT64 } from '../../src/conformance/rounded.js';
import { FLOAT_EPSILON, ILL_CONDITIONED_SPREAD } from '../../src/conformance/tolerances.js';
import type { VectorSuite } from '../../src/conformance/vectors.js';
import { formatCheckReport } from '../../src/cli/conformance-run.js';
import { illConditionedCaseArb, smallCaseArb } from '../helpers/cases.js';
import { ROUNDING } from '../helpers/tolerances.js';
import { independentRnn } from '../helpers/independent-rnn.js';

const suite = JSON.parse(readFileSync(new URL('../../fixtures/conformance/vectors.json', import.meta.url), 'utf8')) as VectorSuite;
const tc17 = suite.testGroups.flatMap((g) => g.tests).find((t) => t.flags.includes('IllConditioned'))!;

/** The status of every quantity of `theirs` under the derived float64 tolerances. */
function statuses(c: ParsedCase, theirs: Quantities): Map<string, string> {
  const { oracle, toleranceOf } = expectedValues(c, 'float64');
  const mine = quantityTable(theirs);
  return new Map([...oracle].map(([name, o]) => [name, compareValues(o, mine.get(name)!, toleranceOf(name)).status]));
}

/** Mistakes that change some quantity on every case they apply to (the others may not show). */
const ALWAYS_SHOW = new Set(['tanh-derivative-dropped', 'no-recurrent-term', 'mean-over-time', 'update-sign']);

describe('tolerances from the conditioning study (conditioning.ts)', () => {
  it('never fall below the rounding of the value itself, and mark spreads beyond 1e-2 of the scale ILL-CONDITIONED', () => {
    const magnitude = fc.integer({ min: -300, max: 300 }).map((e) => 10 ** (e / 10));
    fc.assert(
      fc.property(magnitude, magnitude, fc.constantFrom('float64' as const, 'float32' as const), (spread, scale, precision) => {
        const t = toleranceFor(spread, scale, precision);
        expect(t.rtol).toBe(2 * FLOAT_EPSILON[precision]);
        expect(t.atol).toBeGreaterThanOrEqual(FLOAT_EPSILON[precision] * scale);
        expect(t.atol).toBeGreaterThanOrEqual(spread);
        expect(t.illConditioned === true).toBe(spread > ILL_CONDITIONED_SPREAD * scale);
        expect(t.condition).toBeCloseTo(spread / (FLOAT_EPSILON[precision] * scale), 10);
      }),
    );
  });

  it('give a zero spread of a zero scale no tolerance and no condition, and any spread of it an infinite one', () => {
    expect(toleranceFor(0, 0, 'float64')).toEqual({ rtol: 2 * FLOAT_EPSILON.float64, atol: 0, condition: 0 });
    expect(toleranceFor(1e-20, 0, 'float64')).toMatchObject({ condition: Infinity, illConditioned: true });
  });

  it('are deterministic: the same case gives the same study', () => {
    const c = parseCase(tc17.case);
    expect([...conditioning(c, 'float64')]).toEqual([...conditioning(c, 'float64')]);
  });

  it('let two independent correct float64 implementations pass on badly conditioned random models (long T, large weights)', () => {
    fc.assert(
      fc.property(illConditionedCaseArb(60, 2), (c) => {
        for (const [name, s] of statuses(c, independentRnn(c.json))) expect(s, `independent: ${name}`).not.toBe('MISMATCH');
        for (const [name, s] of statuses(c, evaluate(c))) expect(s, `mathjs reference: ${name}`).not.toBe('MISMATCH');
      }),
      { numRuns: 12 },
    );
  });

  it('still fail every catalogued mistake on those models wherever it moves a quantity beyond its tolerance, and the structural mistakes always do', () => {
    fc.assert(
      fc.property(illConditionedCaseArb(40, 2), (c) => {
        const { oracle, toleranceOf } = expectedValues(c, 'float64');
        for (const m of MISTAKES.filter((x) => x.applies(c))) {
          const wrong = quantityTable(evaluate(c, m));
          const verdicts = [...oracle].map(([name, o]) => {
            const tol = toleranceOf(name);
            const beyond = o.some((row, i) => row.some((v, j) => !(Math.abs(wrong.get(name)![i][j] - v) <= tol.atol + tol.rtol * Math.abs(v))));
            return { name, beyond: beyond && !tol.illConditioned, status: compareValues(o, wrong.get(name)!, tol).status };
          });
          for (const v of verdicts.filter((x) => x.beyond)) expect(v.status, `${m.id}: ${v.name}`).toBe('MISMATCH');
          if (ALWAYS_SHOW.has(m.id)) expect(verdicts.some((v) => v.beyond), `${m.id} shows`).toBe(true);
        }
      }),
      { numRuns: 6 },
    );
  });
});

describe('the plain-loop evaluation the study perturbs (rounded.ts)', () => {
  it('equals the exact values within float64 rounding when nothing is perturbed, with clipping, SGD, Adagrad and the mean over time', () => {
    fc.assert(
      fc.property(smallCaseArb(6, 0.5), fc.boolean(), fc.constantFrom('sgd' as const, 'adagrad' as const), fc.boolean(), (c, meanOverTime, update, reversed) => {
        const variant = { meanOverTime, update };
        const exactValues = evaluateExact(c, variant);
        const exact = quantityTable(exactValues);
        const plain = quantityTable(evaluateRounded(c, { ...FLOAT64, reversed }, variant));
        // Relative to the quantity's largest entry — except where that entry is itself a rounding
        // residue: a quantity that cancels to (near) zero in exact arithmetic (dba = 0.002·(Σŷ − 1)
        // when only Wya is non-zero) is off by the rounding of its terms, not of its value. There
        // the bound is the absolute float64 tolerance the study measures for it (what `check` uses).
        const study = conditioning(c, 'float64', variant, exactValues);
        for (const [name, rows] of exact) {
          const scale = Math.max(0, ...rows.flat().map(Math.abs));
          const diff = Math.max(0, ...rows.flatMap((r, i) => r.map((v, j) => Math.abs(plain.get(name)![i][j] - v))));
          expect(diff, name).toBeLessThanOrEqual(Math.max(ROUNDING * scale, study.get(name)!.tolerance.atol));
        }
      }),
      { numRuns: 40 },
    );
  });

  it('judges a quantity that cancels to zero in exact arithmetic by the rounding of its terms (a fast-check counterexample)', () => {
    // Only Wya is non-zero, so dba = 0.002·(Σŷ − 1) is exactly 0; float64 leaves ~1e-19 of it.
    const c = parseCase({ format: 'rnn-oracle/case@1', params: { Wax: [[0, 0, 0]], Waa: [[0]], Wya: [[0.002], [0.002]], ba: [0], by: [0.002, 0] }, a0: [0], inputs: [null, [0, 0, 0]], targets: [0, 0] });
    const exact = evaluateExact(c);
    const plain = quantityTable(evaluateRounded(c, FLOAT64));
    // double-double leaves a residue of its own resolution, ~0.002·2⁻¹⁰⁶ ≈ 2.5e-35
    const exactDba = Math.abs(quantityTable(exact).get('dba')![0][0]);
    expect(exactDba).toBeLessThan(1e-33);
    const dba = Math.abs(plain.get('dba')![0][0]);
    expect(dba / exactDba, 'relative to its own value the float64 result is far off').toBeGreaterThan(1e6);
    expect(dba).toBeLessThanOrEqual(conditioning(c, 'float64', {}, exact).get('dba')!.tolerance.atol);
  });

  it('names every quantity of a result, leaving out a and yHat when a result has none', () => {
    const c = parseCase(suite.testGroups[0].tests[8].case);
    const { a: _a, yHat: _y, ...bare } = evaluateExact(c);
    expect([...quantityTable(bare).keys()]).toEqual([
      'loss', 'dWax', 'dWaa', 'dWya', 'dba', 'dby', 'da0',
      'clipped dWax', 'clipped dWaa', 'clipped dWya', 'clipped dba', 'clipped dby', 'clipped da0',
      'updated Wax', 'updated Waa', 'updated Wya', 'updated ba', 'updated by',
    ]);
  });
});

describe('the check report (formatCheckReport)', () => {
  it('shows on a MISMATCH line the tolerance it was judged with and the condition estimate', () => {
    const c = parseCase(tc17.case);
    const exact = evaluateExact(c);
    const a = exact.a!.map((r) => [...r]);
    a[3][2] += 1e-6;
    const report = compareResult(c, { ...exact, a }, 'float64');
    const q = report.quantities.find((x) => x.name === 'a')!;
    expect(q.status).toBe('MISMATCH');
    const line = formatCheckReport(report).split('\n').find((l) => l.startsWith('a '))!;
    expect(line).toContain(`${q.tolerance!.atol.toExponential(1)} + ${q.tolerance!.rtol.toExponential(1)}·|x|`);
    expect(line).toContain(q.condition!.toExponential(1));
    expect(q.condition).toBeGreaterThan(1e6);
  });
});

describe('ILL-CONDITIONED', () => {
  it('is given, not failed, where float32 results spread beyond 1e-2 (the suite’s ill-conditioned test)', () => {
    const c = parseCase(tc17.case);
    const ill = Object.entries(tc17.tolerances.float32.quantities).filter(([, t]) => t.illConditioned).map(([n]) => n);
    expect(ill).toContain('a');
    const exact = evaluateExact(c);
    const garbage = { ...exact, a: exact.a!.map((r) => r.map(() => 0.5)) };
    const report = compareResult(c, garbage, tc17.tolerances.float32);
    expect(report.quantities.find((q) => q.name === 'a')?.status).toBe('ILL-CONDITIONED');
    expect(report.agree).toBe(true);
  });

  it('is not given under an explicit fixed tolerance, which judges every quantity', () => {
    const c = parseCase(tc17.case);
    const exact = evaluateExact(c);
    const report = compareResult(c, { ...exact, a: exact.a!.map((r) => r.map(() => 0.5)) }, { ...FLOAT64_TOLERANCE, precision: 'float32' });
    const a = report.quantities.find((q) => q.name === 'a')!;
    expect(a.status).toBe('MISMATCH');
    expect(a.tolerance).toEqual({ rtol: FLOAT64_TOLERANCE.rtol, atol: FLOAT64_TOLERANCE.atol });
    expect(a.condition).toBeGreaterThan(1e5);
  });
});
