/**
 * `stackedProblem` (src/gradcheck/cells.ts): the stacked LSTM and GRU checked entry by entry by both
 * methods. Correct BPTT passes; a BPTT whose lower layer does not receive the upper layer's ∂L/∂a
 * (what (D10)/(D11) send down replaced by zeros) fails. No `plain`: the floor is the ulp spread only.
 */
import { describe, expect, it } from 'vitest';
import { stackedProblem } from '../../src/gradcheck/cells.js';
import { checkNamed, namedFloor } from '../../src/gradcheck/generic.js';
import type { StackedCell } from '../../src/reference/deep/gated-layers.js';
import type { Matrix } from '../../src/reference/linalg.js';

const CELLS: readonly StackedCell[] = [
  { kind: 'lstm', variant: 'course' },
  { kind: 'gru', variant: { reset: 'after-matmul', blend: 'gate-keeps-old' } },
];
/** Small: the other variants are checked from the CLI (spec/cli/gradcheck-cells.spec.ts) and `gradcheck --cell … --layers N`. */
const o = { nA: 2, vocab: 3, T: 3, seed: 2 };
const dropped = { throughInput: (dx: readonly Matrix[]) => dx.map((d) => d.map(() => 0) as Matrix) };

describe('stackedProblem — gradcheck of 2 stacked gated layers', () => {
  for (const cell of CELLS) {
    const name = `${cell.kind} ${typeof cell.variant === 'string' ? cell.variant : `${cell.variant.reset}/${cell.variant.blend}`}`;
    it(`passes correct BPTT by the complex step and central differences, and fails a lower layer cut off from above (${name})`, () => {
      const right = stackedProblem(cell, 2, o);
      const floor = namedFloor(right, right.gradients(right.at));
      for (const method of ['complex', 'central'] as const) {
        const report = checkNamed(right, method, { floor });
        expect(report.pass && report.conclusive, method).toBe(true);
      }
      const wrong = stackedProblem(cell, 2, o, dropped);
      expect(checkNamed(right, 'complex', { floor, analytic: wrong.gradients(wrong.at) }).pass).toBe(false);
    });
  }

  it('names every layer’s parameters and initial states, c0[l] for the LSTM only', () => {
    expect(Object.keys(stackedProblem({ kind: 'lstm', variant: 'split' }, 2, o).at)).toEqual(['Wih[1]', 'Whh[1]', 'bih[1]', 'bhh[1]', 'Wih[2]', 'Whh[2]', 'bih[2]', 'bhh[2]', 'Wya', 'by', 'a0[1]', 'a0[2]', 'c0[1]', 'c0[2]']);
    expect(Object.keys(stackedProblem(CELLS[1], 2, o).at).filter((k) => k.includes('0['))).toEqual(['a0[1]', 'a0[2]']);
  });
});
