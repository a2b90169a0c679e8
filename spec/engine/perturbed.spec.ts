/**
 * PerturbedLosses — L of many copies of a model, each with one entry changed — against the
 * engine's own `forward` on each copy (bit for bit: same operations in the same order) and
 * against the mathjs reference (within ENGINE_AGREEMENT: a different order of roundings).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromReference } from '../../src/engine/convert.js';
import { copyParams, type FastParams } from '../../src/engine/model.js';
import { BATCH, dotInMatvecOrder, PerturbedLosses, type EntrySlot, type EntryValue } from '../../src/engine/perturbed.js';
import { forward, kernelsModule, Workspace, type Kernels } from '../../src/engine/rnn.js';
import { lossWithEntry, randomProblem, SLOTS } from '../../src/gradcheck/problem.js';
import { realPart } from '../../src/reference/linalg.js';
import { ENGINE_AGREEMENT } from '../helpers/tolerances.js';

/** The engine's forward on a copy of p (and a⟨0⟩) with one entry set. */
function engineLoss(p: FastParams, X: readonly (number | null)[], Y: readonly number[], a0: Float64Array, c: EntryValue): number {
  const q = copyParams(p);
  const a = a0.slice();
  (c.slot === 'a0' ? a : q[c.slot])[c.k] = c.v;
  return forward(q, X, Y, a, new Workspace(p.nA, p.V, Math.max(1, X.length)));
}

/** A random problem's inputs: one-hot indices or null. */
const indices = (inputs: readonly unknown[]) => inputs as readonly (number | null)[];

const sizes = (p: FastParams) => ({ Wax: p.nA * p.V, Waa: p.nA * p.nA, Wya: p.V * p.nA, ba: p.nA, by: p.V, a0: p.nA });

/** A random model (weights N(0, s²), s up to 2), its sequence (inputs may be null or leave symbols out), and copies. */
const caseArb = fc
  .record({ nA: fc.integer({ min: 1, max: 9 }), V: fc.integer({ min: 1, max: 7 }), T: fc.integer({ min: 0, max: 8 }), seed: fc.nat(10_000), scale: fc.integer({ min: 1, max: 20 }) })
  .chain(({ nA, V, T, seed, scale }) => {
    const problem = randomProblem({ nA, vocab: V, T, seed, scale: scale / 10 });
    const copy = fc.record({ slot: fc.constantFrom(...SLOTS), at: fc.nat(), v: fc.integer({ min: -3000, max: 3000 }) });
    return fc.record({ problem: fc.constant(problem), copies: fc.array(copy, { maxLength: 2 * BATCH + 3 }), nulls: fc.array(fc.boolean(), { minLength: T, maxLength: T }) });
  });

describe('PerturbedLosses — many copies of the model, one entry changed in each, eqs. (1)–(6), (15)', () => {
  it('gives every copy exactly the loss the engine’s forward gives it, in the order asked, for any sizes, inputs and values', () => {
    fc.assert(
      fc.property(caseArb, ({ problem, copies, nulls }) => {
        const p = fromReference(problem.params);
        const a0 = Float64Array.from({ length: p.nA }, (_, i) => realPart(problem.a0.get([i, 0])));
        const X = indices(problem.inputs).map((x, t) => (nulls[t] ? null : x));
        const asked = copies.map(({ slot, at, v }): EntryValue => ({ slot, k: at % sizes(p)[slot], v: v / 1000 }));
        const got = new PerturbedLosses(p, X, problem.targets, a0).losses(asked);
        expect(got).toHaveLength(asked.length);
        asked.forEach((c, n) => expect(got[n], `${c.slot}[${c.k}] = ${c.v}`).toBe(engineLoss(p, X, problem.targets, a0, c)));
      }),
      { numRuns: 150 },
    );
  });

  it('does the same on a 40×57 model, whose memory spans two WebAssembly pages, for every slot', () => {
    // Waa, Wya and the nA×BATCH, V×BATCH columns: 1600 + 2280 + 2560 + 1824 = 8264 doubles > 8192 per page.
    const problem = randomProblem({ nA: 40, vocab: 57, T: 6, seed: 3 });
    const p = fromReference(problem.params);
    const a0 = Float64Array.from({ length: 40 }, (_, i) => realPart(problem.a0.get([i, 0])));
    const asked: EntryValue[] = SLOTS.flatMap((slot: EntrySlot) => [0, 7, sizes(p)[slot] - 1].map((k) => ({ slot, k, v: 0.25 })));
    const got = new PerturbedLosses(p, indices(problem.inputs), problem.targets, a0).losses(asked);
    asked.forEach((c, n) => expect(got[n], `${c.slot}[${c.k}]`).toBe(engineLoss(p, indices(problem.inputs), problem.targets, a0, c)));
  });

  it('starts a copy with Wax[i][x] changed at the first step whose input is x, from the model’s own partial loss, however often it is asked', () => {
    const problem = randomProblem({ nA: 5, vocab: 4, T: 6, seed: 7 });
    const p = fromReference(problem.params);
    const a0 = Float64Array.from({ length: 5 }, (_, i) => realPart(problem.a0.get([i, 0])));
    const X = [null, 2, 0, 2, 1, 2];
    const Y = problem.targets;
    const copies = new PerturbedLosses(p, X, Y, a0);
    // a batch from step 0 first (a changed Waa entry), then only copies of input 2 (first at step 1, again at 3 and 5)
    const asked: EntryValue[][] = [[{ slot: 'Waa', k: 3, v: 0.7 }], [0, 1, 4].map((i) => ({ slot: 'Wax', k: i * 4 + 2, v: -0.9 })), [{ slot: 'Wax', k: 3, v: 2 }]];
    for (const round of asked) {
      const got = copies.losses(round);
      round.forEach((c, n) => expect(got[n], `${c.slot}[${c.k}]`).toBe(engineLoss(p, X, Y, a0, c)));
    }
    expect(copies.losses([{ slot: 'Wax', k: 3, v: 2 }])[0]).toBe(engineLoss(p, X, Y, a0, { slot: 'Wax', k: 3, v: 0 })); // input 3 never occurs
  });

  it('fits its scratch in its memory when the model alone nearly fills a page (nA = 40, V = 55: 8120 of 8192 doubles before the scratch)', () => {
    const problem = randomProblem({ nA: 40, vocab: 55, T: 3, seed: 5 });
    const p = fromReference(problem.params);
    const a0 = Float64Array.from({ length: 40 }, (_, i) => realPart(problem.a0.get([i, 0])));
    const asked: EntryValue[] = SLOTS.map((slot) => ({ slot, k: 1, v: 0.5 }));
    const got = new PerturbedLosses(p, indices(problem.inputs), problem.targets, a0).losses(asked);
    asked.forEach((c, n) => expect(got[n], c.slot).toBe(engineLoss(p, indices(problem.inputs), problem.targets, a0, c)));
  });

  it('equals the mathjs reference’s L with the entry changed, within ENGINE_AGREEMENT of L', () => {
    const problem = randomProblem({ nA: 6, vocab: 4, T: 7, seed: 11 });
    const p = fromReference(problem.params);
    const a0 = Float64Array.from({ length: 6 }, (_, i) => realPart(problem.a0.get([i, 0])));
    const cols = { Wax: 4, Waa: 6, Wya: 6, ba: 1, by: 1, a0: 1 };
    const asked: EntryValue[] = SLOTS.flatMap((slot) => Array.from({ length: sizes(p)[slot] }, (_, k) => ({ slot, k, v: 0.3 - k / 50 })));
    const got = new PerturbedLosses(p, indices(problem.inputs), problem.targets, a0).losses(asked);
    asked.forEach((c, n) => {
      const want = realPart(lossWithEntry(problem, c.slot, Math.floor(c.k / cols[c.slot]), c.k % cols[c.slot], c.v));
      expect(Math.abs(got[n] - want), `${c.slot}[${c.k}]`).toBeLessThanOrEqual(ENGINE_AGREEMENT * Math.abs(want));
    });
  });
});

describe('matvecColumns and dotInMatvecOrder — matvec for many columns, and one row of it with an entry changed', () => {
  it('give each column bit for bit what matvec gives it, for every remainder of cols mod 4', () => {
    const k = new WebAssembly.Instance(kernelsModule, {}).exports as unknown as Kernels & { matvecColumns(M: number, X: number, Y: number, S: number, r: number, c: number, w: number): void };
    const mem = new Float64Array(k.memory.buffer);
    for (const [rows, cols, width] of [[3, 1, 2], [2, 2, 4], [5, 3, 2], [4, 4, 16], [3, 5, 18], [2, 6, 34], [3, 7, 2], [1, 9, 20]]) {
      const [M, X, Y, x, y, S] = [0, 100, 400, 600, 700, 800];
      for (let n = 0; n < rows * cols; n++) mem[M + n] = Math.sin(3 * n + rows) * 10 ** ((n % 5) - 2);
      for (let n = 0; n < cols * width; n++) mem[X + n] = Math.cos(7 * n + cols) * 10 ** ((n % 3) - 1);
      k.matvecColumns(M * 8, X * 8, Y * 8, S * 8, rows, cols, width);
      for (let b = 0; b < width; b++) {
        for (let j = 0; j < cols; j++) mem[x + j] = mem[X + j * width + b];
        k.matvec(M * 8, x * 8, y * 8, rows, cols);
        for (let r = 0; r < rows; r++) {
          expect(mem[Y + r * width + b], `${rows}×${cols}, column ${b}, row ${r}`).toBe(mem[y + r]);
          expect(dotInMatvecOrder(mem, M + r * cols, mem, X + b, width, cols, -1, 0)).toBe(mem[y + r]);
        }
      }
      // an entry changed: the row with M[r][j] = v, as matvec gives it on the changed matrix
      const [r, j, v] = [rows - 1, cols - 1, 0.123];
      for (let n = 0; n < cols; n++) mem[x + n] = mem[X + n * width];
      mem[M + r * cols + j] = v;
      k.matvec(M * 8, x * 8, y * 8, rows, cols);
      mem[M + r * cols + j] = 9;
      expect(dotInMatvecOrder(mem, M + r * cols, mem, X, width, cols, j, v)).toBe(mem[y + r]);
    }
  });
});
