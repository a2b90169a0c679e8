/**
 * The exact expected values where the suite and the properties do not reach: elementwise clipping
 * at a bound that is itself one of the gradients (exact.ts), and the 60-digit evaluation's clipped,
 * updated and ∂L/∂a⟨0⟩ values, which measure exact.ts's (exact-decimal.ts).
 */
import { describe, expect, it } from 'vitest';
import { parseCase, type ParsedCase } from '../../src/conformance/case.js';
import { quantityTable } from '../../src/conformance/conditioning.js';
import { evaluateDecimal } from '../../src/conformance/exact-decimal.js';
import { evaluateExact } from '../../src/conformance/exact.js';
import { SLOT_KEYS } from '../../src/conformance/evaluate.js';
import { EXACT_CANCELLATION } from '../helpers/tolerances.js';

/** nX = 2, nA = 2, nY = 3, T = 3, with a⟨0⟩; clip and lr as given. */
const caseWith = (extra: { clip?: number; lr?: number } = {}): ParsedCase =>
  parseCase({
    format: 'rnn-oracle/case@1',
    params: { Wax: [[0.6, -0.4], [0.3, 0.8]], Waa: [[0.5, -0.7], [0.9, 0.4]], Wya: [[1.1, -0.6], [-0.8, 0.9], [0.4, 1.3]], ba: [0.1, -0.2], by: [0.2, 0, -0.1] },
    a0: [0.3, -0.5],
    inputs: [0, [0.25, -1], 1],
    targets: [1, 2, 0],
    ...extra,
  });

describe('clipping the exact gradients (exact.ts) — section 3.2', () => {
  it('leaves an entry equal to the bound as it is and clips the others to [−c, c], for c each positive gradient entry in turn', () => {
    const g = evaluateExact(caseWith()).gradients;
    const bounds = [...new Set(SLOT_KEYS.flatMap((k) => g[k].flat()).filter((v) => v > 0))];
    expect(bounds.length).toBeGreaterThanOrEqual(6);
    for (const c of bounds) {
      const clipped = evaluateExact(caseWith({ clip: c })).clipped!;
      for (const k of SLOT_KEYS) {
        const want = g[k].map((r) => r.map((v) => Math.min(c, Math.max(-c, v))));
        expect(clipped[k], `clip ${c}: clipped d${k}`).toEqual(want);
      }
    }
  });
});

describe('the 60-digit evaluation (exact-decimal.ts) against double-double', () => {
  it('gives the same quantities — ∂L/∂a⟨0⟩, clipped and updated ones included — under SGD and Adagrad', () => {
    for (const update of ['sgd', 'adagrad'] as const) {
      const c = caseWith({ clip: 0.2, lr: 0.1 });
      const dd = quantityTable(evaluateExact(c, { update }));
      const decimal = quantityTable(evaluateDecimal(c, { update }));
      expect([...decimal.keys()].sort(), update).toEqual([...dd.keys()].sort());
      expect(decimal.has('updated by') && decimal.has('clipped da0') && decimal.has('da0')).toBe(true);
      for (const [name, rows] of dd) {
        const theirs = decimal.get(name)!;
        expect(theirs.map((r) => r.length), `${update} ${name}`).toEqual(rows.map((r) => r.length));
        const scale = Math.max(1, ...rows.flat().map(Math.abs));
        rows.flat().forEach((v, k) => expect(Math.abs(theirs.flat()[k] - v), `${update} ${name}[${k}]`).toBeLessThanOrEqual(EXACT_CANCELLATION * scale));
      }
    }
  });
});
