import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromRows } from '../../src/reference/linalg.js';
import { ADAGRAD_EPSILON, adagradStep, zeroMemory } from '../../src/reference/update.js';
import { PARAM_NAMES, type Gradients, type Params } from '../../src/reference/types.js';
import { rowsArb } from '../helpers/arbitraries.js';
import { rowsOf } from '../helpers/matrices.js';
import { ROUNDING } from '../helpers/tolerances.js';

const shapes = { Wax: [3, 4], Waa: [3, 3], Wya: [2, 3], ba: [3, 1], by: [2, 1] } as const;
const rowsSet = fc.record(Object.fromEntries(PARAM_NAMES.map((n) => [n, rowsArb(shapes[n][0], shapes[n][1], 5)])) as Record<(typeof PARAM_NAMES)[number], fc.Arbitrary<number[][]>>);
const asParams = (r: Record<string, number[][]>): Params => Object.fromEntries(PARAM_NAMES.map((n) => [n, fromRows(r[n])])) as unknown as Params;
const asGradients = (r: Record<string, number[][]>): Gradients =>
  ({ ...Object.fromEntries(PARAM_NAMES.map((n) => [`d${n}`, fromRows(r[n])])), da0: fromRows([[0]]) }) as unknown as Gradients;

describe('adagradStep — min-char-rnn’s update (not in the document)', () => {
  it('from a fresh memory moves every entry by lr·g/√(g² + ε), computed here in plain arithmetic', () => {
    fc.assert(
      fc.property(rowsSet, rowsSet, fc.integer({ min: 1, max: 1000 }).map((i) => i / 1000), (p, g, lr) => {
        const { params, memory } = adagradStep(asParams(p), asGradients(g), lr);
        for (const n of PARAM_NAMES) {
          const expected = p[n].map((row, i) => row.map((v, j) => v - (lr * g[n][i][j]) / Math.sqrt(g[n][i][j] ** 2 + ADAGRAD_EPSILON)));
          rowsOf(params[n]).flat().forEach((v, k) => expect(Math.abs(v - expected.flat()[k])).toBeLessThanOrEqual(ROUNDING));
          expect(rowsOf(memory[n])).toEqual(g[n].map((row) => row.map((v) => v * v)));
        }
      }),
      { numRuns: 50 },
    );
  });

  it('accumulates the squared gradients of successive steps in its memory and leaves its inputs untouched', () => {
    fc.assert(
      fc.property(rowsSet, rowsSet, rowsSet, (p, g1, g2) => {
        const P = asParams(p);
        const first = adagradStep(P, asGradients(g1), 0.1);
        const second = adagradStep(first.params, asGradients(g2), 0.1, first.memory);
        for (const n of PARAM_NAMES) {
          const m = g1[n].map((row, i) => row.map((v, j) => v * v + g2[n][i][j] ** 2));
          rowsOf(second.memory[n]).flat().forEach((v, k) => expect(Math.abs(v - m.flat()[k])).toBeLessThanOrEqual(ROUNDING * (1 + m.flat()[k])));
          expect(rowsOf(P[n])).toEqual(p[n]);
        }
      }),
      { numRuns: 30 },
    );
  });

  it('starts from a memory of zeros shaped like each parameter', () => {
    const m = zeroMemory(asParams(Object.fromEntries(PARAM_NAMES.map((n) => [n, Array.from({ length: shapes[n][0] }, () => Array(shapes[n][1]).fill(1))]))));
    for (const n of PARAM_NAMES) expect(rowsOf(m[n])).toEqual(Array.from({ length: shapes[n][0] }, () => Array(shapes[n][1]).fill(0)));
  });
});
