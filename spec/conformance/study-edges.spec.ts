/**
 * The conditioning study (study and toleranceFor in conditioning.ts) at the edges of its input:
 * expected values that are not finite, runs that give NaN, and the ILL-CONDITIONED boundary. The
 * runs here are written out by hand, so every spread below is known exactly.
 */
import { describe, expect, it } from 'vitest';
import { study, toleranceFor } from '../../src/conformance/conditioning.js';
import { ILL_CONDITIONED_SPREAD } from '../../src/conformance/tolerances.js';

/** A result with one quantity, `q`. */
const table = (rows: number[][]) => new Map([['q', rows]]);

describe('the conditioning study (study) — spread = max |run − expected|, scale = max |expected|', () => {
  it('leaves an entry whose expected value is not finite out of both the spread and the scale', () => {
    // The finite entries: 2 (a run gives 2 + 2⁻⁵⁰) and −4 (a run gives −4); the others are ±∞ and NaN.
    const got = study(table([[Infinity, 2], [NaN, -4]]), () => table([[NaN, 2 + 2 ** -50], [0, -4]]), 'float64', 3).get('q')!;
    expect(got.spread).toBe(2 ** -50);
    expect(got.scale).toBe(4);
    expect(got.tolerance.illConditioned).toBeUndefined();
  });

  it('makes the spread infinite and the quantity ILL-CONDITIONED when a run gives NaN where the expected value is finite', () => {
    const got = study(table([[1, 2]]), () => table([[1, NaN]]), 'float64', 2).get('q')!;
    expect(got.spread).toBe(Infinity);
    expect(got.tolerance.condition).toBe(Infinity);
    expect(got.tolerance.illConditioned).toBe(true);
  });
});

describe('toleranceFor — ILL-CONDITIONED only beyond 1e-2 of the scale', () => {
  it('still judges a quantity whose spread is exactly 1e-2 of its scale, and not one whose spread is a little more', () => {
    // 1e-2 · 100 rounds to exactly 1 in float64
    expect(ILL_CONDITIONED_SPREAD * 100).toBe(1);
    expect(toleranceFor(1, 100, 'float64').illConditioned).toBeUndefined();
    expect(toleranceFor(1.001, 100, 'float64').illConditioned).toBe(true);
  });
});
