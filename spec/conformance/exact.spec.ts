import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { all, create, type BigNumber } from 'mathjs';
import { describe, expect, it } from 'vitest';
import { parseCase } from '../../src/conformance/case.js';
import { compareResult } from '../../src/conformance/compare.js';
import { quantityTable } from '../../src/conformance/conditioning.js';
import { div, exp, expm1, log, sqrt, tanh, type DD } from '../../src/conformance/double-double-math.js';
import { evaluate, toResultJson, type Quantities } from '../../src/conformance/evaluate.js';
import { evaluateDecimal } from '../../src/conformance/exact-decimal.js';
import { evaluateExact } from '../../src/conformance/exact.js';
import type { VectorSuite } from '../../src/conformance/vectors.js';
import { smallCaseArb } from '../helpers/cases.js';
import { DOUBLE_DOUBLE_FUNCTION, EXACT_CANCELLATION, ROUNDING } from '../helpers/tolerances.js';

const root = new URL('../../', import.meta.url);
const suite = JSON.parse(readFileSync(new URL('fixtures/conformance/vectors.json', root), 'utf8')) as VectorSuite;
const python = JSON.parse(readFileSync(new URL('fixtures/conformance/exact-decimal.json', root), 'utf8')) as {
  digits: number;
  tests: { tcId: number; result: { loss: string; a: string[][]; yHat: string[][]; gradients: Record<string, string[] | string[][]> } }[];
};

/** max over elements of |x − y| / max |y|, per quantity name. */
function normwiseDifferences(x: Quantities, y: Quantities): Map<string, number> {
  const tx = quantityTable(x);
  const out = new Map<string, number>();
  for (const [name, rows] of quantityTable(y)) {
    const scale = Math.max(Number.MIN_VALUE, ...rows.flat().map(Math.abs));
    out.set(name, Math.max(0, ...rows.flatMap((r, i) => r.map((v, j) => Math.abs(tx.get(name)![i][j] - v)))) / scale);
  }
  return out;
}

/** The rows of each quantity, flattened, as numbers (for bit-for-bit comparison). */
const flatTable = (q: Quantities) => Object.fromEntries([...quantityTable(q)].map(([k, v]) => [k, v.flat()]));

describe('the oracle’s exact expected values (exact.ts) — eqs. (1)–(26) in double-double', () => {
  it('are matched by the float64 reference within the tolerance that each case’s conditioning study derives', () => {
    // Not a fixed normwise bound: sums such as dba = Σₜ dz⟨t⟩ can cancel, and then even correct
    // float64 code is 1e-12 off relative to the result (a shrunk counterexample: dba 1.5e-12).
    fc.assert(
      fc.property(smallCaseArb(6, 0.5), (c) => {
        const report = compareResult(c, evaluate(c), 'float64');
        expect(report.quantities.filter((q) => q.status !== 'OK' && q.status !== 'ILL-CONDITIONED'), report.diagnosis.join('; ')).toEqual([]);
      }),
      { numRuns: 60 },
    );
  });

  it('equal the float64 reference to within float64 rounding on a case without cancellation (the worked example)', () => {
    const c = parseCase(JSON.parse(readFileSync(new URL('docs/examples/case.json', root), 'utf8')));
    for (const [name, d] of normwiseDifferences(evaluate(c), evaluateExact(c))) expect(d, name).toBeLessThanOrEqual(ROUNDING);
  });

  it('equal the all-BigNumber 60-digit evaluation bit for bit after rounding, or below double-double’s resolution where a sum cancels, with clipping, SGD, Adagrad and the mean over time', () => {
    fc.assert(
      fc.property(smallCaseArb(5, 2), fc.boolean(), fc.constantFrom('sgd' as const, 'adagrad' as const), (c, meanOverTime, update) => {
        const dd = flatTable(evaluateExact(c, { meanOverTime, update }));
        const decimal = flatTable(evaluateDecimal(c, { meanOverTime, update }));
        for (const [name, values] of Object.entries(decimal)) {
          const scale = Math.max(1, ...values.map(Math.abs));
          values.forEach((v, k) => {
            if (dd[name][k] !== v) expect(Math.abs(dd[name][k] - v), `${name}[${k}]`).toBeLessThanOrEqual(EXACT_CANCELLATION * scale);
          });
        }
      }),
      { numRuns: 25 },
    );
  });

  it('stay within double-double’s resolution on a case whose dba cancels to −3e-62 (a shrunk fast-check counterexample, kept)', () => {
    const c = parseCase({
      format: 'rnn-oracle/case@1',
      params: {
        Wax: Array.from({ length: 6 }, () => [0, 0, 0, 0]),
        Waa: [[0, 0, 0, 0, 0, 0], [1.003, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0], [0, 0, -0.001, 0, 0, 0], [0, 0, 0, 0, 0, 0]],
        Wya: [[0, 0, 0, 0.007, 0, 0], [0, 0, 0, 0.007, 0, 0]],
        ba: [0, 0, 0, 0, 0, 0],
        by: [0, 0.001],
      },
      a0: [0, 0, 0, 0, 0, 0],
      inputs: [0, [0, 0, 0, 0], [0, 0, 0, 0]],
      targets: [0, 0, 0],
    });
    const dd = flatTable(evaluateExact(c));
    const decimal = flatTable(evaluateDecimal(c));
    for (const [name, values] of Object.entries(decimal)) values.forEach((v, k) => expect(Math.abs(dd[name][k] - v), `${name}[${k}]`).toBeLessThanOrEqual(EXACT_CANCELLATION));
  });

  it('equal an independent 50-digit Python decimal evaluation (fixtures/conformance/exact-decimal.json) bit for bit after rounding', () => {
    expect(python.digits).toBe(50);
    const flatStrings = (v: unknown): number[] => (Array.isArray(v) ? v.flatMap(flatStrings) : [Number(v)]);
    for (const { tcId, result } of python.tests) {
      const t = suite.testGroups.flatMap((g) => g.tests).find((x) => x.tcId === tcId)!;
      const q = evaluateExact(parseCase(t.case));
      const mine = flatTable(q);
      expect(mine.loss, `tc${tcId} loss`).toEqual(flatStrings(result.loss));
      expect(mine.a, `tc${tcId} a`).toEqual(flatStrings(result.a));
      expect(mine.yHat, `tc${tcId} yHat`).toEqual(flatStrings(result.yHat));
      for (const [k, v] of Object.entries(result.gradients)) expect(mine[`d${k}`], `tc${tcId} d${k}`).toEqual(flatStrings(v));
    }
  });

  it('are the expected results the committed suite holds', () => {
    for (const t of suite.testGroups.flatMap((g) => g.tests)) expect(toResultJson(evaluateExact(parseCase(t.case))), `tc${t.tcId}`).toEqual(t.expected);
  });
});

describe('double-double functions (double-double-math.ts)', () => {
  const D = create(all, { number: 'BigNumber', precision: 60 });
  const big = (x: DD) => D.add(D.bignumber(x[0].toPrecision(60)), D.bignumber(x[1].toPrecision(60))) as BigNumber;
  const relErr = (got: DD, want: BigNumber) => (want.isZero() ? Math.abs(got[0]) : Math.abs(big(got).minus(want).dividedBy(want).toNumber()));
  const arg = fc.tuple(fc.integer({ min: -40_000_000, max: 40_000_000 }), fc.integer({ min: -30, max: 2 })).map(([m, e]): DD => [(m / 1e6) * 2 ** e, 0]);

  // Errors are measured against what the function's own conditioning allows: exp(x) moves by |x|
  // times a relative change of x (so its bound scales with max(1, |x|)), and log's result near
  // x = 1 is small while its absolute error is not (so log is held to an absolute bound).
  it('exp, expm1, tanh, log, sqrt and division agree with 60-digit BigNumbers to 1e-30 (times their condition)', () => {
    fc.assert(
      fc.property(arg, arg, (x, y) => {
        const bx = big(x);
        const k = Math.max(1, Math.abs(x[0]));
        expect(relErr(exp(x), bx.exp())).toBeLessThanOrEqual(DOUBLE_DOUBLE_FUNCTION * k);
        expect(relErr(expm1(x), bx.exp().minus(1))).toBeLessThanOrEqual(DOUBLE_DOUBLE_FUNCTION * k);
        expect(relErr(tanh(x), bx.tanh())).toBeLessThanOrEqual(DOUBLE_DOUBLE_FUNCTION);
        const ax: DD = [Math.max(Math.abs(x[0]), 1e-100), 0]; // Dekker's product loses bits once its error term underflows
        const ln = big(ax).ln();
        expect(Math.abs(big(log(ax)).minus(ln).toNumber())).toBeLessThanOrEqual(DOUBLE_DOUBLE_FUNCTION * Math.max(1, Math.abs(ln.toNumber())));
        expect(relErr(sqrt(ax), big(ax).sqrt())).toBeLessThanOrEqual(DOUBLE_DOUBLE_FUNCTION);
        if (y[0] !== 0) expect(relErr(div(x, y), bx.dividedBy(big(y)))).toBeLessThanOrEqual(DOUBLE_DOUBLE_FUNCTION);
      }),
      { numRuns: 300 },
    );
  });

  it('exp overflows to Infinity and underflows to 0 where float64 does', () => {
    expect(exp([710, 0])[0]).toBe(Infinity);
    expect(exp([-746, 0])).toEqual([0, 0]);
    expect(sqrt([0, 0])).toEqual([0, 0]);
  });
});
