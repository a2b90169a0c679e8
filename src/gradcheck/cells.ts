/**
 * Random, seeded gradient-check problems for the gated and stacked cells (generic.ts checks them):
 * the LSTM (docs/lstm.md, with ∂L/∂a⟨0⟩ and ∂L/∂c⟨0⟩), the GRU (docs/gru.md) and the stacked
 * vanilla and gated RNNs (docs/deep.md). As `randomProblem` (problem.ts): weights ~ N(0, scale²) from numpy's
 * stream, matrix by matrix in the order the cell's shapes list them, row by row; initial states
 * tanh of normals (c⟨0⟩ plain normals); x⟨1⟩ = 0 then one-hot inputs; uniform targets.
 */
import { deepBackward, deepForward, type DeepBackwardOptions } from '../reference/deep/bptt.js';
import { stackedBackward, stackedForward, type StackedBackwardOptions } from '../reference/deep/gated.js';
import { gateShapes, type StackedCell } from '../reference/deep/gated-layers.js';
import { gruBackward, gruForward, type GruBackwardOptions } from '../reference/gru/bptt.js';
import { gruShapes, type GruParams, type GruVariant } from '../reference/gru/types.js';
import type { Input } from '../reference/inputs.js';
import { entry, fromRows, realPart, shape, type Matrix } from '../reference/linalg.js';
import { lstmBackward, lstmForward, type LstmBackwardOptions } from '../reference/lstm/bptt.js';
import { lstmShapes, type LstmParams, type LstmVariant } from '../reference/lstm/types.js';
import { NumpyRandom } from '../random/numpy.js';
import type { CellKind, PlainCellProblem } from './cell-roundings.js';
import type { Named, NamedProblem } from './generic.js';

export interface CellProblemOptions {
  readonly nA: number;
  readonly vocab: number;
  readonly T: number;
  readonly seed: number;
  /** Standard deviation of the weights (default 0.5, as randomProblem). */
  readonly scale?: number;
}

/** Named matrices of the given shapes, drawn in order, and the sequence after them. */
function draw(shapes: Record<string, [number, number]>, states: Record<string, [number, number, 'tanh' | 'plain']>, o: CellProblemOptions) {
  const { vocab, T, seed, scale = 0.5 } = o;
  const rng = new NumpyRandom(seed);
  const at: Record<string, Matrix> = {};
  for (const [name, [r, c]] of Object.entries(shapes)) at[name] = fromRows(rng.randn(r, c).map((row) => row.map((v) => v * scale)));
  for (const [name, [r, c, f]] of Object.entries(states)) {
    at[name] = fromRows(rng.randn(r, c).map((row) => row.map((v) => (f === 'tanh' ? Math.tanh(v * scale) : v * scale))));
  }
  const inputs: Input[] = Array.from({ length: T }, (_, t) => (t === 0 ? null : rng.interval(vocab - 1)));
  const targets = Array.from({ length: T }, () => rng.interval(vocab - 1));
  return { at, inputs, targets };
}

/** A drawn problem as the plain loops read it (cell-roundings.ts): `at` split into parameters and the initial states `states`. */
function plainOf(cell: CellKind, at: Named, states: readonly string[], o: CellProblemOptions & { variant?: LstmVariant | GruVariant; layers?: number }, inputs: readonly Input[], targets: readonly number[]): PlainCellProblem {
  const rows = (M: Matrix) => Array.from({ length: shape(M)[0] }, (_, i) => Array.from({ length: shape(M)[1] }, (_, j) => realPart(entry(M, i, j))));
  const params: Record<string, number[][]> = {};
  const init: Record<string, number[][]> = {};
  for (const [name, M] of Object.entries(at)) (states.includes(name) ? init : params)[name] = rows(M);
  return { cell, net: { layers: o.layers ?? 1, variant: o.variant, params, states: init }, nX: o.vocab, inputs: inputs as (number | null)[], targets };
}

/** (L1)–(L22): L and BPTT as functions of the LSTM's parameters, a0 and c0. */
export function lstmProblem(variant: LstmVariant, o: CellProblemOptions, backward: LstmBackwardOptions = {}): NamedProblem {
  const dims = { nA: o.nA, nX: o.vocab, nY: o.vocab };
  const { at, inputs, targets } = draw(lstmShapes(variant, dims), { a0: [o.nA, 1, 'tanh'], c0: [o.nA, 1, 'plain'] }, o);
  const params = (m: Named) => ({ variant, ...m }) as unknown as LstmParams;
  return {
    at,
    loss: (m) => lstmForward(params(m), inputs, targets, m.a0, m.c0).loss,
    gradients: (m) => {
      const g = lstmBackward(params(m), lstmForward(params(m), inputs, targets, m.a0, m.c0), backward);
      return { ...g.dParams, a0: g.da0, c0: g.dc0 };
    },
    plain: plainOf('lstm', at, ['a0', 'c0'], { ...o, variant }, inputs, targets),
  };
}

/** (G1)–(G19): L and BPTT as functions of the GRU's parameters and a0. */
export function gruProblem(variant: GruVariant, o: CellProblemOptions, backward: GruBackwardOptions = {}): NamedProblem {
  const dims = { nA: o.nA, nX: o.vocab, nY: o.vocab };
  const { at, inputs, targets } = draw(gruShapes(variant, dims), { a0: [o.nA, 1, 'tanh'] }, o);
  const params = (m: Named) => ({ variant, ...m }) as unknown as GruParams;
  return {
    at,
    loss: (m) => gruForward(params(m), inputs, targets, m.a0).loss,
    gradients: (m) => {
      const g = gruBackward(params(m), gruForward(params(m), inputs, targets, m.a0), backward);
      return { ...g.dParams, a0: g.da0 };
    },
    plain: plainOf('gru', at, ['a0'], { ...o, variant }, inputs, targets),
  };
}

/** (D1)–(D9): L and BPTT as functions of every layer's Wax[l], Waa[l], ba[l] (l = 1…L), Wya, by and a0[l]. */
export function deepProblem(layers: number, o: CellProblemOptions, backward: DeepBackwardOptions = {}): NamedProblem {
  const sizes = [o.vocab, ...Array.from({ length: layers }, () => o.nA)];
  const shapes: Record<string, [number, number]> = {};
  const states: Record<string, [number, number, 'tanh']> = {};
  for (let l = 1; l <= layers; l++) Object.assign(shapes, { [`Wax[${l}]`]: [o.nA, sizes[l - 1]], [`Waa[${l}]`]: [o.nA, o.nA], [`ba[${l}]`]: [o.nA, 1] });
  Object.assign(shapes, { Wya: [o.vocab, o.nA], by: [o.vocab, 1] });
  for (let l = 1; l <= layers; l++) states[`a0[${l}]`] = [o.nA, 1, 'tanh'];
  const { at, inputs, targets } = draw(shapes, states, o);
  const ls = Array.from({ length: layers }, (_, k) => k + 1);
  const model = (m: Named) => ({
    params: { layers: ls.map((l) => ({ Wax: m[`Wax[${l}]`], Waa: m[`Waa[${l}]`], ba: m[`ba[${l}]`] })), Wya: m.Wya, by: m.by },
    a0: ls.map((l) => m[`a0[${l}]`]),
  });
  return {
    at,
    loss: (m) => deepForward(model(m).params, inputs, targets, model(m).a0).loss,
    gradients: (m) => {
      const { params, a0 } = model(m);
      const g = deepBackward(params, deepForward(params, inputs, targets, a0), backward);
      const out: Record<string, Matrix> = { Wya: g.dWya, by: g.dby };
      g.layers.forEach((d, k) => Object.assign(out, { [`Wax[${k + 1}]`]: d.dWax, [`Waa[${k + 1}]`]: d.dWaa, [`ba[${k + 1}]`]: d.dba, [`a0[${k + 1}]`]: g.da0[k] }));
      return out;
    },
    plain: plainOf('rnn', at, Object.keys(states), { ...o, layers }, inputs, targets),
  };
}

/**
 * (D1)–(D5), (D10)–(D12): L and BPTT of L stacked gated layers as functions of every layer's gate
 * parameters (named `Wf[1]`, `Wih[2]`, …), Wya, by, a0[l] and (LSTM) c0[l]. No `plain`: the
 * step-rounding floor of src/numerics/cells/ does not cover stacked gated cells, so the floor is
 * the ulp spread only.
 */
export function stackedProblem(cell: StackedCell, layers: number, o: CellProblemOptions, backward: StackedBackwardOptions = {}): NamedProblem {
  const ls = Array.from({ length: layers }, (_, k) => k + 1);
  const gates = ls.map((l) => gateShapes(cell, o.nA, l === 1 ? o.vocab : o.nA));
  const shapes: Record<string, [number, number]> = {};
  gates.forEach((g, k) => Object.entries(g).forEach(([name, rc]) => (shapes[`${name}[${k + 1}]`] = rc)));
  Object.assign(shapes, { Wya: [o.vocab, o.nA], by: [o.vocab, 1] });
  const states: Record<string, [number, number, 'tanh' | 'plain']> = {};
  for (const l of ls) states[`a0[${l}]`] = [o.nA, 1, 'tanh'];
  if (cell.kind === 'lstm') for (const l of ls) states[`c0[${l}]`] = [o.nA, 1, 'plain'];
  const { at, inputs, targets } = draw(shapes, states, o);
  const model = (m: Named) => ({
    params: { cell, layers: gates.map((g, k) => Object.fromEntries(Object.keys(g).map((name) => [name, m[`${name}[${k + 1}]`]]))), Wya: m.Wya, by: m.by },
    initial: ls.map((l) => ({ a: m[`a0[${l}]`], c: m[`c0[${l}]`] })),
  });
  return {
    at,
    loss: (m) => stackedForward(model(m).params, inputs, targets, model(m).initial).loss,
    gradients: (m) => {
      const { params, initial } = model(m);
      const g = stackedBackward(params, stackedForward(params, inputs, targets, initial), backward);
      const out: Record<string, Matrix> = { Wya: g.dWya, by: g.dby };
      g.layers.forEach((d, k) => {
        for (const [name, M] of Object.entries(d)) out[`${name.slice(1)}[${k + 1}]`] = M;
        out[`a0[${k + 1}]`] = g.da0[k];
        if (g.dc0) out[`c0[${k + 1}]`] = g.dc0[k];
      });
      return out;
    },
  };
}
