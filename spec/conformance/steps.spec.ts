/**
 * src/conformance/steps.ts: the oracle's per-step values the hypothesis tests read, and the small
 * table operations they rebuild sums with. Expected values by hand, or (oracleSteps) from the
 * document's equations written out once more in plain float64 for a one-unit hidden layer.
 */
import { describe, expect, it } from 'vitest';
import { parseCase } from '../../src/conformance/case.js';
import { addScaled, agrees, column, matTVec, matVec, oneHot, oracleSteps, outer, sumOver } from '../../src/conformance/steps.js';
import { ROUNDING } from '../helpers/tolerances.js';

describe('table operations of the hypothesis tests (steps.ts)', () => {
  it('outer, column, addScaled, matVec, matTVec and oneHot give the hand-computed tables', () => {
    expect(outer([1, 2], [3, 4, 5])).toEqual([[3, 4, 5], [6, 8, 10]]);
    expect(column([1, 2])).toEqual([[1], [2]]);
    expect(addScaled([[1, 2]], [[3, 4]])).toEqual([[4, 6]]);
    expect(addScaled([[1, 2]], [[3, 4]], -1)).toEqual([[-2, -2]]);
    expect(addScaled([[1, 2]], [[3, 4]], 2)).toEqual([[7, 10]]);
    expect(matVec([[1, 2], [3, 4]], [5, 6])).toEqual([17, 39]);
    expect(matTVec([[1, 2], [3, 4]], [5, 6])).toEqual([23, 34]);
    expect(matTVec([[1, 2, 3]], [2])).toEqual([2, 4, 6]);
    expect(oneHot(1, 3)).toEqual([0, 1, 0]);
    expect(oneHot(0, 1)).toEqual([1]);
  });

  it('sumOver adds every step’s term, the first included, and returns a lone step’s term', () => {
    const steps = [[[1, 10]], [[2, 20]], [[4, 40]]];
    expect(sumOver(steps, (s) => s)).toEqual([[7, 70]]);
    expect(sumOver([[[3]]], (s) => s)).toEqual([[3]]);
  });
});

describe('agrees — |theirs − expected| ≤ atol + rtol·|expected|, element by element', () => {
  const tol = { rtol: 0.5, atol: 0.25 };

  it('accepts a difference exactly at the bound and refuses one past it, the bound scaling with |expected|, not |theirs|', () => {
    expect(agrees([[2]], [[3.25]], tol)).toBe(true); // 1.25 = 0.25 + 0.5·2
    expect(agrees([[2]], [[0.75]], tol)).toBe(true);
    expect(agrees([[2]], [[3.5]], tol)).toBe(false);
    expect(agrees([[-2]], [[-0.75]], tol)).toBe(true); // |−2| = 2, not −2
    expect(agrees([[4]], [[2]], tol)).toBe(true); // 2 ≤ 0.25 + 0.5·4; against |theirs| the bound would be 1.25
    expect(agrees([[0]], [[0.25]], tol)).toBe(true);
    expect(agrees([[0]], [[0.3]], tol)).toBe(false);
    expect(agrees([[1, 2], [3, 4]], [[1, 2], [3, 9]], tol)).toBe(false);
  });

  it('takes NaN to equal NaN and an infinity to equal itself, and nothing else', () => {
    const exact = { rtol: 0, atol: 0 };
    expect(agrees([[NaN]], [[NaN]], exact)).toBe(true);
    expect(agrees([[NaN]], [[1]], tol)).toBe(false);
    expect(agrees([[1]], [[NaN]], tol)).toBe(false);
    expect(agrees([[Infinity, -Infinity]], [[Infinity, -Infinity]], exact)).toBe(true);
    expect(agrees([[Infinity]], [[-Infinity]], tol)).toBe(false);
    expect(agrees([[Infinity]], [[5]], tol)).toBe(false); // atol + rtol·∞ would accept anything
    expect(agrees([[-Infinity]], [[-1e308]], tol)).toBe(false);
    expect(agrees([[1.5]], [[1.5]], exact)).toBe(true);
  });

  it('refuses an absent table and tables of other shapes', () => {
    expect(agrees(undefined, [[1]], tol)).toBe(false);
    expect(agrees([[1]], undefined, tol)).toBe(false);
    expect(agrees([[1], [2]], [[1]], tol)).toBe(false);
    expect(agrees([[1]], [[1], [2]], tol)).toBe(false);
    expect(agrees([[1, 2]], [[1]], tol)).toBe(false);
    expect(agrees([[1]], [[1, 2]], tol)).toBe(false);
  });
});

describe('oracleSteps — the reference’s forward and backward pass, step by step', () => {
  it('holds x⟨t⟩, a⟨t−1⟩, a⟨t⟩, ∂L/∂o, ∂L/∂a (20)–(21), ∂L/∂z (23) and the target of each step, as written out by hand for nA = 1', () => {
    // nX = 2, nA = 1, nY = 2, T = 2; inputs: index 0, then null (the zero vector)
    const Wax = [[0.3, -0.2]];
    const [waa, ba, wya, by, a0] = [0.4, 0.1, [1, -1], [0, 0.2], 0.5];
    const c = parseCase({
      format: 'rnn-oracle/case@1',
      params: { Wax, Waa: [[waa]], Wya: wya.map((w) => [w]), ba: [ba], by },
      a0: [a0],
      inputs: [0, null],
      targets: [1, 0],
    });
    const softmax = (o: number[]) => {
      const e = o.map(Math.exp);
      const s = e[0] + e[1];
      return e.map((v) => v / s);
    };
    const a1 = Math.tanh(0.3 * 1 + waa * a0 + ba);
    const a2 = Math.tanh(waa * a1 + ba);
    const y1 = softmax([wya[0] * a1 + by[0], wya[1] * a1 + by[1]]);
    const y2 = softmax([wya[0] * a2 + by[0], wya[1] * a2 + by[1]]);
    const dO1 = [y1[0], y1[1] - 1];
    const dO2 = [y2[0] - 1, y2[1]];
    const da2 = wya[0] * dO2[0] + wya[1] * dO2[1];
    const dz2 = da2 * (1 - a2 * a2);
    const da1 = wya[0] * dO1[0] + wya[1] * dO1[1] + waa * dz2;
    const dz1 = da1 * (1 - a1 * a1);

    const s = oracleSteps(c);
    const close = (got: readonly number[], want: number[], what: string) => {
      expect(got, what).toHaveLength(want.length);
      got.forEach((g, i) => expect(Math.abs(g - want[i]), `${what}[${i}]`).toBeLessThanOrEqual(ROUNDING));
    };
    expect(s.steps).toHaveLength(2);
    expect(s.steps[0].x).toEqual([1, 0]);
    expect(s.steps[1].x).toEqual([0, 0]);
    close(s.steps[0].aPrev, [a0], 'aPrev⟨1⟩');
    close(s.steps[1].aPrev, [a1], 'aPrev⟨2⟩');
    close(s.steps[0].a, [a1], 'a⟨1⟩');
    close(s.steps[1].a, [a2], 'a⟨2⟩');
    close(s.steps[0].dO, dO1, 'dO⟨1⟩');
    close(s.steps[1].dO, dO2, 'dO⟨2⟩');
    close(s.steps[0].da, [da1], 'da⟨1⟩');
    close(s.steps[1].da, [da2], 'da⟨2⟩');
    close(s.steps[0].dz, [dz1], 'dz⟨1⟩');
    close(s.steps[1].dz, [dz2], 'dz⟨2⟩');
    expect(s.steps.map((x) => x.target)).toEqual([1, 0]);
    expect(s.a0).toEqual([a0]);
    close(s.aLast, [a2], 'aLast');
    expect(s.Waa).toEqual([[waa]]);
    expect(s.nX).toBe(2);
  });
});
