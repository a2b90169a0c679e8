import { describe, expect, it } from 'vitest';
import { deepProblem, gruProblem, lstmProblem, type CellProblemOptions } from '../../src/gradcheck/cells.js';
import type { NamedProblem } from '../../src/gradcheck/generic.js';
import { deepBackward, deepForward } from '../../src/reference/deep/bptt.js';
import { gruBackward, gruForward } from '../../src/reference/gru/bptt.js';
import { gruShapes, type GruParams } from '../../src/reference/gru/types.js';
import type { Input } from '../../src/reference/inputs.js';
import { fromRows, realPart, type Matrix } from '../../src/reference/linalg.js';
import { lstmBackward, lstmForward } from '../../src/reference/lstm/bptt.js';
import { lstmShapes, type LstmParams } from '../../src/reference/lstm/types.js';
import { NumpyRandom } from '../../src/random/numpy.js';

type Kind = 'weight' | 'tanh' | 'plain';

/**
 * The draw as cells.ts's header documents it, written out again: matrices in the listed order, row
 * by row from numpy's stream, weights and c⟨0⟩ N(0, scale²), a⟨0⟩ tanh of those; then x⟨1⟩ = null
 * and one-hot indexes, then the targets, each uniform in [0, vocab).
 */
function documented(order: [string, number, number, Kind][], o: CellProblemOptions) {
  const rng = new NumpyRandom(o.seed);
  const s = o.scale ?? 0.5;
  const at: Record<string, Matrix> = {};
  for (const [name, r, c, kind] of order) at[name] = fromRows(rng.randn(r, c).map((row) => row.map((v) => (kind === 'tanh' ? Math.tanh(v * s) : v * s))));
  const inputs: Input[] = Array.from({ length: o.T }, (_, t) => (t === 0 ? null : rng.interval(o.vocab - 1)));
  const targets = Array.from({ length: o.T }, () => rng.interval(o.vocab - 1));
  return { at, inputs, targets };
}

const weights = (shapes: Record<string, [number, number]>) => Object.entries(shapes).map(([n, [r, c]]): [string, number, number, Kind] => [n, r, c, 'weight']);
const arrays = (m: Readonly<Record<string, Matrix>>) => Object.entries(m).map(([n, M]) => [n, M.toArray()]);
const o: CellProblemOptions = { nA: 2, vocab: 3, T: 4, seed: 5 };

/** The problem's point, in order, and its L and BPTT at the point, against the reference run on the documented draw. */
function expectDrawn(problem: NamedProblem, expected: ReturnType<typeof documented>, loss: number, gradients: Record<string, Matrix>) {
  expect(arrays(problem.at)).toEqual(arrays(expected.at));
  expect(realPart(problem.loss(problem.at))).toBe(loss);
  expect(Object.fromEntries(arrays(problem.gradients(problem.at)))).toEqual(Object.fromEntries(arrays(gradients)));
}

describe('lstmProblem, gruProblem, deepProblem — seeded gradient-check problems for the gated and stacked cells', () => {
  it('draws the LSTM’s parameters, a0 = tanh(N) and c0 = N from numpy’s stream as documented, and differentiates L at them', () => {
    for (const scale of [undefined, 0.25]) {
      const dims = { nA: o.nA, nX: o.vocab, nY: o.vocab };
      const e = documented([...weights(lstmShapes('course', dims)), ['a0', o.nA, 1, 'tanh'], ['c0', o.nA, 1, 'plain']], { ...o, scale });
      const params = { variant: 'course', ...e.at } as unknown as LstmParams;
      const forward = lstmForward(params, e.inputs, e.targets, e.at.a0, e.at.c0);
      const g = lstmBackward(params, forward);
      expectDrawn(lstmProblem('course', { ...o, scale }), e, realPart(forward.loss), { ...g.dParams, a0: g.da0, c0: g.dc0 });
    }
  });

  it('draws the GRU’s parameters (with bhn when the reset acts after the product) and a0 = tanh(N), and differentiates L at them', () => {
    for (const reset of ['after-matmul', 'before-matmul'] as const) {
      const variant = { reset, blend: 'gate-takes-new' } as const;
      const e = documented([...weights(gruShapes(variant, { nA: o.nA, nX: o.vocab, nY: o.vocab })), ['a0', o.nA, 1, 'tanh']], o);
      const params = { variant, ...e.at } as unknown as GruParams;
      const forward = gruForward(params, e.inputs, e.targets, e.at.a0);
      const g = gruBackward(params, forward);
      expectDrawn(gruProblem(variant, o), e, realPart(forward.loss), { ...g.dParams, a0: g.da0 });
    }
  });

  it('draws every layer’s Wax[l], Waa[l], ba[l], then Wya, by, then each a0[l] = tanh(N), and differentiates L at them', () => {
    const { nA, vocab } = o;
    const order: [string, number, number, Kind][] = [
      ['Wax[1]', nA, vocab, 'weight'], ['Waa[1]', nA, nA, 'weight'], ['ba[1]', nA, 1, 'weight'],
      ['Wax[2]', nA, nA, 'weight'], ['Waa[2]', nA, nA, 'weight'], ['ba[2]', nA, 1, 'weight'],
      ['Wya', vocab, nA, 'weight'], ['by', vocab, 1, 'weight'], ['a0[1]', nA, 1, 'tanh'], ['a0[2]', nA, 1, 'tanh'],
    ];
    const e = documented(order, o);
    const layers = [1, 2].map((l) => ({ Wax: e.at[`Wax[${l}]`], Waa: e.at[`Waa[${l}]`], ba: e.at[`ba[${l}]`] }));
    const params = { layers, Wya: e.at.Wya, by: e.at.by };
    const forward = deepForward(params, e.inputs, e.targets, [e.at['a0[1]'], e.at['a0[2]']]);
    const g = deepBackward(params, forward);
    const expected: Record<string, Matrix> = { Wya: g.dWya, by: g.dby };
    g.layers.forEach((d, k) => Object.assign(expected, { [`Wax[${k + 1}]`]: d.dWax, [`Waa[${k + 1}]`]: d.dWaa, [`ba[${k + 1}]`]: d.dba, [`a0[${k + 1}]`]: g.da0[k] }));
    expectDrawn(deepProblem(2, o), e, realPart(forward.loss), expected);
  });
});
