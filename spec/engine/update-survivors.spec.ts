/**
 * The flags the training variants' clipping rules return (src/engine/update.ts), at the boundary
 * the reference draws: clipping happens only for ‖g‖ > C or |gᵢ| > c, so a gradient exactly at the
 * threshold is left alone and reported unchanged (np.clip and d2l's `if norm > theta`).
 */
import { describe, expect, it } from 'vitest';
import { Workspace } from '../../src/engine/rnn.js';
import { clipChanges, clipGradientsByNorm, clipGradientsElementwise, gradientNorm, gradientSpan } from '../../src/engine/update.js';

/** A 2×3 workspace whose gradient span starts with `head` and is 0 after it. */
function withGradient(head: number[]): Workspace {
  const ws = new Workspace(2, 3);
  gradientSpan(ws).set(head);
  return ws;
}

describe('the clipping rules act only beyond their threshold', () => {
  it('does not scale, and says so, a gradient whose norm is exactly C (3-4-5: ‖g‖ = 5 exactly)', () => {
    const ws = withGradient([3, 4]);
    expect(gradientNorm(ws)).toBe(5);
    expect(clipGradientsByNorm(ws, 5, 5)).toBe(false);
    expect(Array.from(gradientSpan(ws).subarray(0, 3))).toStrictEqual([3, 4, 0]);
    expect(clipGradientsByNorm(ws, 2.5, 5)).toBe(true);
    expect(Array.from(gradientSpan(ws).subarray(0, 3))).toStrictEqual([1.5, 2, 0]);
  });

  it('reports no change when every entry lies in [−c, c], the ends included', () => {
    const ws = withGradient([0.5, -0.5, 0.25]);
    expect(clipGradientsElementwise(ws, 0.5)).toBe(false);
    expect(Array.from(gradientSpan(ws).subarray(0, 3))).toStrictEqual([0.5, -0.5, 0.25]);
  });

  it('reports a change, and clips, when one entry lies beyond c or beyond −c', () => {
    for (const [head, clipped] of [[[0.75, 0.25], [0.5, 0.25]], [[0.25, -0.75], [0.25, -0.5]]]) {
      const ws = withGradient(head);
      expect(clipGradientsElementwise(ws, 0.5)).toBe(true);
      expect(Array.from(gradientSpan(ws).subarray(0, 2))).toStrictEqual(clipped);
    }
  });

  it('clipChanges is true exactly when some |gᵢ| > c, never for entries at ±c or NaN', () => {
    const c = 0.5;
    expect(clipChanges(Float64Array.of(0.5, -0.5, 0), c)).toBe(false);
    expect(clipChanges(Float64Array.of(NaN, 0.25), c)).toBe(false);
    expect(clipChanges(Float64Array.of(0, 0.75), c)).toBe(true);
    expect(clipChanges(Float64Array.of(-0.75, 0), c)).toBe(true);
  });
});
