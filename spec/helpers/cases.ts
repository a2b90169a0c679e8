/** Conformance cases (rnn-oracle/case@1) from problems, for the conformance specs. */
import fc from 'fast-check';
import { parseCase, type ParsedCase } from '../../src/conformance/case.js';
import { rowsOf } from '../../src/conformance/evaluate.js';
import { CASE_FORMAT, type CaseJson } from '../../src/conformance/schema.js';
import type { Problem } from '../../src/gradcheck/problem.js';
import { entries, realPart } from '../../src/reference/linalg.js';
import { problemArb, rowsArb, weight } from './arbitraries.js';

/** The problem as a case document, with optional clip and lr. */
export function caseOf(p: Problem, extra: { clip?: number; lr?: number } = {}): ParsedCase {
  const flat = (M: Problem['a0']) => entries(M).map(realPart);
  const json: CaseJson = {
    format: CASE_FORMAT,
    params: { Wax: rowsOf(p.params.Wax), Waa: rowsOf(p.params.Waa), Wya: rowsOf(p.params.Wya), ba: flat(p.params.ba), by: flat(p.params.by) },
    a0: flat(p.a0),
    inputs: p.inputs as CaseJson['inputs'],
    targets: [...p.targets],
    ...extra,
  };
  return parseCase(json);
}

/** A small case in any input convention, sometimes with clip and lr. */
export const smallCaseArb = (maxT = 6, max = 1) =>
  fc
    .tuple(problemArb(maxT, max), fc.option(fc.integer({ min: 1, max: 50 }), { nil: undefined }), fc.option(fc.integer({ min: 1, max: 50 }), { nil: undefined }))
    .map(([p, clip, lr]) => caseOf(p, { ...(clip ? { clip: clip / 100 } : {}), ...(lr ? { lr: lr / 100 } : {}) }));

/**
 * A badly conditioned case: nX = nY = V one-hot inputs after a zero first input, a long sequence and
 * weights uniform up to ±`max` — the forward map can expand, so rounding differences grow along
 * the sequence. Condition estimates of 20 samples (max 60, ±2): 3e1 to 2e6, median 7e2.
 */
export const illConditionedCaseArb = (maxT = 60, max = 2) =>
  fc
    .record({ nA: fc.integer({ min: 4, max: 12 }), V: fc.integer({ min: 2, max: 6 }), T: fc.integer({ min: 20, max: maxT }) })
    .chain(({ nA, V, T }) =>
      fc.record({
        Wax: rowsArb(nA, V, max),
        Waa: rowsArb(nA, nA, max),
        Wya: rowsArb(V, nA, max),
        ba: fc.array(weight(max), { minLength: nA, maxLength: nA }),
        by: fc.array(weight(1), { minLength: V, maxLength: V }),
        a0: fc.array(weight(0.9), { minLength: nA, maxLength: nA }),
        inputs: fc.array(fc.integer({ min: 0, max: V - 1 }), { minLength: T - 1, maxLength: T - 1 }).map((xs) => [null, ...xs]),
        targets: fc.array(fc.integer({ min: 0, max: V - 1 }), { minLength: T, maxLength: T }),
        clip: fc.option(fc.constantFrom(0.5, 5), { nil: undefined }),
        lr: fc.option(fc.constantFrom(0.1, 1), { nil: undefined }),
      }),
    )
    .map(({ Wax, Waa, Wya, ba, by, a0, inputs, targets, clip, lr }) =>
      parseCase({ format: CASE_FORMAT, params: { Wax, Waa, Wya, ba, by }, a0, inputs, targets, ...(clip ? { clip } : {}), ...(lr ? { lr } : {}) }),
    );
