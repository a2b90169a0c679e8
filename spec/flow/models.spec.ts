import { describe, expect, it } from 'vitest';
import type { FlowModel } from '../../src/flow/flow.js';
import { geometricMean, norm } from '../../src/flow/flow.js';
import { initialGru, initialLstm, pytorchScale, templateRnn, uniformRnn } from '../../src/flow/models.js';
import { clipSummary, decayPerStep, formatClipTable, formatValue } from '../../src/flow/report.js';
import { column, entries, realPart } from '../../src/reference/linalg.js';
import type { LstmSplitParams } from '../../src/reference/lstm/types.js';
import { ROUNDING } from '../helpers/tolerances.js';

/** Every entry of every weight matrix (names starting with W) and of every bias (b…). */
function weightsAndBiases(model: FlowModel): { weights: number[]; biases: number[] } {
  const named = Object.entries(model.params as unknown as Record<string, unknown>).filter(([, M]) => typeof M === 'object' && M !== null && 'size' in M);
  const values = (prefix: string) => named.filter(([name]) => name.startsWith(prefix)).flatMap(([, M]) => entries(M as never).map(realPart));
  return { weights: values('W'), biases: values('b') };
}

describe('the models the explorer measures at initialisation', () => {
  it('draws the template vanilla cell as randn·0.01 and the others uniformly in [−1/√nA, 1/√nA], with zero biases', () => {
    const s = pytorchScale(16);
    expect(s).toBe(0.25);
    const { weights: template, biases } = weightsAndBiases(templateRnn(16, 5));
    expect(biases.every((b) => b === 0)).toBe(true);
    // randn·0.01: a standard deviation near 0.01 over 16·5·2 + 256 = 416 draws, not uniform on ±0.25
    const sd = Math.sqrt(template.reduce((t, w) => t + w * w, 0) / template.length);
    expect(sd).toBeGreaterThan(0.008);
    expect(sd).toBeLessThan(0.012);
    for (const model of [uniformRnn(16, 5, 3), initialLstm(16, 5, 'course', 3), initialLstm(16, 5, 'split', 3), initialGru(16, 5, { reset: 'after-matmul', blend: 'gate-keeps-old' }, 3)]) {
      const { weights, biases: b } = weightsAndBiases(model);
      expect(Math.max(...weights.map(Math.abs))).toBeLessThanOrEqual(s);
      expect(Math.max(...weights.map(Math.abs))).toBeGreaterThan(0.9 * s);
      expect(b.every((x) => x === 0)).toBe(true);
    }
  });

  it('gives different weights for different seeds and the same for the same seed', () => {
    const W = (seed: number) => entries((initialLstm(4, 3, 'split', seed).params as LstmSplitParams).Whh).map(realPart);
    expect(W(1)).toEqual(W(1));
    expect(W(1)).not.toEqual(W(2));
  });
});

describe('the report helpers', () => {
  it('write 0 and 1 plainly and other values with three significant digits', () => {
    expect([0, 1, 0.012345, 123456].map(formatValue)).toEqual(['0', '1', '1.23e-2', '1.23e+5']);
  });

  it('take the geometric mean, 0 when a value is 0, and the norm without overflow', () => {
    expect(geometricMean([1e-300, 1e300])).toBeCloseTo(1, 12);
    expect(geometricMean([2, 0])).toBe(0);
    expect(Math.abs(norm(column([3e200, 4e200])) - 5e200) / 5e200).toBeLessThanOrEqual(ROUNDING);
    expect(norm(column([0, 0]))).toBe(0);
  });

  it('give the mean factor per step between two lags, and 0 when a norm is 0', () => {
    const rows = [1, 0.5, 0.125].map((n, lag) => ({ lag, norm: n, ratio: n }));
    expect(decayPerStep(rows)).toBe(0.25);
    expect(decayPerStep([...rows, { lag: 3, norm: 0, ratio: 0 }])).toBe(0);
  });

  it('sum the clip windows and print one row per window', () => {
    const byGradient = { dWax: 0, dWaa: 2, dWya: 0, dba: 1, dby: 0 };
    const windows = [
      { from: 0, to: 10, fired: 2, byGradient, smoothedLoss: 3 },
      { from: 10, to: 15, fired: 0, byGradient: { ...byGradient, dWaa: 0, dba: 0 }, smoothedLoss: 2.5 },
    ];
    expect(clipSummary(windows)).toBe('the clip changed a gradient in 2 of 15 iterations (13.3%)');
    expect(clipSummary([])).toBe('the clip changed a gradient in 0 of 0 iterations (–)');
    expect(formatClipTable(windows).split('\n')[1]).toMatch(/^0–9\s+2\s+20\.0%\s+0\s+2\s+0\s+1\s+0\s+3\.000000$/);
  });
});
