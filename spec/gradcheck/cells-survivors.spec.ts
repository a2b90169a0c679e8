/**
 * Two survivors of the full mutation run of src/gradcheck: the stacked gated problems draw every
 * a⟨0⟩ through tanh (as the single cells do), and a cell check's loss noise δL counts the step
 * roundings' loss spread on top of the ulp spread.
 */
import { describe, expect, it } from 'vitest';
import { lstmProblem, stackedProblem } from '../../src/gradcheck/cells.js';
import { stepRoundings } from '../../src/gradcheck/cell-roundings.js';
import { namedFloor } from '../../src/gradcheck/generic.js';
import { entries, realPart } from '../../src/reference/linalg.js';

describe('stackedProblem — the states it draws', () => {
  it('draws every layer’s a⟨0⟩ inside (−1, 1), as a tanh output, even at weights N(0, 3²), while c⟨0⟩ is drawn plain', () => {
    const p = stackedProblem({ kind: 'lstm', variant: 'course' }, 2, { nA: 4, vocab: 3, T: 3, seed: 1, scale: 3 });
    const values = (name: string) => entries(p.at[name]).map(realPart);
    for (const l of [1, 2]) for (const v of values(`a0[${l}]`)) expect(Math.abs(v)).toBeLessThan(1);
    // N(0, 9) draws: 8 of them all inside (−1, 1) has chance below 1e-3; with seed 1 some are not
    expect([...values('c0[1]'), ...values('c0[2]')].some((v) => Math.abs(v) > 1)).toBe(true);
  });
});

describe('namedFloor — the loss noise δL of a cell check', () => {
  it('is at least the step roundings’ loss spread, which it adds to the ulp spread', () => {
    const p = lstmProblem('split', { nA: 2, vocab: 3, T: 6, seed: 4, scale: 2 });
    const floor = namedFloor(p, p.gradients(p.at));
    const own = stepRoundings(p.plain!, 0);
    expect(own.lossSpread).toBeGreaterThan(0);
    expect(floor.lossNoise).toBeGreaterThanOrEqual(own.lossSpread);
  });
});
