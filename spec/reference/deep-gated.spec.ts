import { describe, expect, it } from 'vitest';
import { stackedBackward, stackedForward } from '../../src/reference/deep/gated.js';
import { gateShapes, type StackedCell } from '../../src/reference/deep/gated-layers.js';
import { gruBackward, gruForward } from '../../src/reference/gru/bptt.js';
import { initGru, type GruParams } from '../../src/reference/gru/types.js';
import { realPart, shape, zeros, type Matrix } from '../../src/reference/linalg.js';
import { lstmBackward, lstmForward } from '../../src/reference/lstm/bptt.js';
import { initLstm, type LstmParams } from '../../src/reference/lstm/types.js';
import { NumpyRandom } from '../../src/random/numpy.js';
import { ROUNDING } from '../helpers/tolerances.js';

const inputs = [null, 1, 0, 2];
const targets = [0, 2, 1, 1];
const dims = { nA: 3, nX: 3, nY: 3 };
/** Seeded uniform draws in [0, 1) for the init functions. */
const seeded = (seed: number) => {
  const rng = new NumpyRandom(seed);
  return () => rng.randomSample();
};

function expectClose(actual: Matrix, expected: Matrix, what: string) {
  const [a, e] = [actual.toArray().flat() as number[], expected.toArray().flat() as number[]];
  expect(a.length, what).toBe(e.length);
  a.forEach((v, i) => expect(Math.abs(realPart(v) - realPart(e[i])), `${what}[${i}]`).toBeLessThanOrEqual(ROUNDING));
}

/** The single cell's params split into a one-layer stack. */
function oneLayer(cell: StackedCell, p: LstmParams | GruParams) {
  const { variant: _v, Wya, by, ...gates } = p as unknown as Record<string, Matrix>;
  return { cell, layers: [gates], Wya, by };
}

describe('stackedForward, stackedBackward — L stacked gated layers, (D10)–(D12)', () => {
  it('is, with one layer, the single LSTM: the same L, gate gradients, ∂L/∂a0 and ∂L/∂c0, for both variants', () => {
    for (const variant of ['course', 'split'] as const) {
      const p = initLstm(dims, { variant, scale: 0.5, random: seeded(3) });
      const ref = lstmForward(p, inputs, targets);
      const g = lstmBackward(p, ref);
      const params = oneLayer({ kind: 'lstm', variant }, p);
      const f = stackedForward(params, inputs, targets, [{ a: ref.steps[0].aPrev, c: ref.steps[0].cPrev }]);
      expect(Math.abs(realPart(f.loss) - realPart(ref.loss))).toBeLessThanOrEqual(ROUNDING);
      const s = stackedBackward(params, f);
      for (const [name, M] of Object.entries(s.layers[0])) expectClose(M, g.dParams[name], `${variant} ${name}`);
      expectClose(s.dWya, g.dParams.dWya, 'dWya');
      expectClose(s.da0[0], g.da0, 'da0');
      expectClose(s.dc0![0], g.dc0, 'dc0');
    }
  });

  it('is, with one layer, the single GRU: the same L, gate gradients and ∂L/∂a0', () => {
    const variant = { reset: 'after-matmul', blend: 'gate-keeps-old' } as const;
    const p = initGru(dims, variant, 0.5, seeded(4));
    const ref = gruForward(p, inputs, targets);
    const g = gruBackward(p, ref);
    const params = oneLayer({ kind: 'gru', variant }, p);
    const s = stackedBackward(params, stackedForward(params, inputs, targets, [{ a: ref.steps[0].aPrev }]));
    for (const [name, M] of Object.entries(s.layers[0])) expectClose(M, g.dParams[name], name);
    expectClose(s.dby, g.dParams.dby, 'dby');
    expectClose(s.da0[0], g.da0, 'da0');
    expect(s.dc0).toBeUndefined();
  });

  it('rejects mismatched inputs and targets, a missing initial state and an empty sequence with one line', () => {
    const p = oneLayer({ kind: 'lstm', variant: 'split' }, initLstm(dims, { variant: 'split', random: seeded(5) }));
    const state = { a: p.by.map(() => 0) as Matrix, c: p.by.map(() => 0) as Matrix };
    expect(() => stackedForward(p, [1], [0, 1], [state])).toThrow('inputs and targets must have the same length, got 1 and 2');
    expect(() => stackedForward(p, [1], [0], [])).toThrow('initial states must number 1, got 0');
    expect(() => stackedForward(p, [], [], [state])).toThrow('inputs must hold at least one step');
  });
});

describe('stackedForward — the shapes it accepts', () => {
  /** A two-layer stack of nA = 3 units over 2 inputs, 2 outputs, every entry 0.1. */
  const stack = (cell: StackedCell) => {
    const fill = ([r, c]: [number, number]) => zeros(r, c).map(() => 0.1) as Matrix;
    const layers = [gateShapes(cell, 3, 2), gateShapes(cell, 3, 3)].map((g) => Object.fromEntries(Object.entries(g).map(([n, rc]) => [n, fill(rc)])));
    return { cell, layers, Wya: fill([2, 3]), by: fill([2, 1]) };
  };
  const states = (cell: StackedCell, a = zeros(3, 1)) => [0, 1].map(() => ({ a, ...(cell.kind === 'lstm' ? { c: zeros(3, 1) } : {}) }));
  const cells: StackedCell[] = [{ kind: 'lstm', variant: 'split' }, { kind: 'lstm', variant: 'course' }, { kind: 'gru', variant: { reset: 'after-matmul', blend: 'gate-keeps-old' } }];

  it('runs a stack whose every shape is right, and refuses an nA×2 or (n+1)×1 initial state, which mathjs would otherwise broadcast or reject deep inside', () => {
    for (const cell of cells) {
      expect(Number.isFinite(realPart(stackedForward(stack(cell), [0, 1], [1, 0], states(cell)).loss))).toBe(true);
      for (const a of [zeros(3, 2), zeros(4, 1)]) expect(() => stackedForward(stack(cell), [0, 1], [1, 0], states(cell, a))).toThrow(RangeError);
    }
  });

  it('refuses a gate parameter of the upper layer with a row too many, or a missing c⟨0⟩ for the LSTM', () => {
    for (const cell of cells) {
      const p = stack(cell);
      const [name, M] = Object.entries(p.layers[1])[0];
      const bad = { ...p, layers: [p.layers[0], { ...p.layers[1], [name]: zeros(shape(M)[0] + 1, shape(M)[1]) }] };
      expect(() => stackedForward(bad, [0, 1], [1, 0], states(cell))).toThrow(RangeError);
    }
    expect(() => stackedForward(stack(cells[0]), [0, 1], [1, 0], [0, 1].map(() => ({ a: zeros(3, 1) })))).toThrow(RangeError);
  });
});
