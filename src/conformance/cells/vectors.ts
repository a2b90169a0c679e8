/**
 * The conformance suite for the gated and stacked cells (rnn-oracle/vectors@2,
 * fixtures/conformance/cells.json): one group per cell and variant — LSTM course and split, the
 * GRU's four conventions, stacked vanilla RNNs of 2 and 3 layers, and the one-layer rnn written as
 * case@2. Each test has its case@2, the expected result@2 (40-digit BigNumbers rounded to float64,
 * cells/evaluate.ts) and per-quantity float64 and float32 tolerances from the conditioning study
 * (cells/expected.ts). Deterministic: weights ~ N(0, 0.5²) from numpy-compatible seed 2026.
 */
import { GRU_VARIANTS } from '../../reference/gru/types.js';
import { NumpyRandom } from '../../random/numpy.js';
import { CASE_FORMAT_2, type CaseJson2, type CellKind } from '../schema2.js';
import { parameterShapes, paramPath, type CellVariant } from './model.js';

export const CELL_FLAGS = {
  T1: 'a single time step (T = 1): no recurrence',
  ZeroFirstInput: 'x⟨1⟩ is the zero vector (input null), as the course template starts a name',
  DenseInputs: 'some inputs are dense vectors rather than one-hot indices',
  CarriedState: 'non-zero initial states (a0, and c0 for the LSTM; one a0 per layer when stacked)',
  ForgetBias: 'the forget gate’s bias starts at +1 (Gers et al. 2000), so Γf is near 0.73',
  Saturated: 'weights large enough that most gates and states are close to their limits',
  ClippingActive: 'clip small enough that some gradients are clipped',
  OneSgdStep: 'the case has lr: the result includes the parameters after one SGD step',
  LongT: 'a longer sequence (T = 20)',
} as const;
export type CellFlag = keyof typeof CELL_FLAGS;

export interface CellSpec {
  readonly comment: string;
  readonly flags: CellFlag[];
  readonly T: number;
  readonly scale?: number;
  readonly clip?: number;
  readonly lr?: number;
}

export interface CellGroupSpec {
  readonly cell: CellKind;
  readonly layers: number;
  readonly variant?: CellVariant;
  /** [nX, nA[1], …, nA[L]]. */
  readonly sizes: readonly number[];
  readonly nY: number;
  readonly specs: readonly CellSpec[];
}

/** One case@2 drawn from `rng`: every matrix of the cell in its shapes' order, row by row. */
export function makeCellCase(rng: NumpyRandom, g: CellGroupSpec, s: CellSpec): CaseJson2 {
  const normal = (r: number, c: number, k: number) => rng.randn(r, c).map((row) => row.map((v) => v * 0.5 * k));
  const [nX, nA] = g.sizes;
  const flat: Record<string, number[][] | number[]> = {};
  const oneLayer = g.cell === 'rnn' && g.layers === 1; // written with case@1's names: Wax, not Wax[1]
  for (const [name, [r, c]] of Object.entries(parameterShapes(g.cell, g.variant, g.sizes, g.nY))) {
    const M = normal(r, c, name === 'Wya' || name === 'by' ? 1 : (s.scale ?? 1));
    flat[oneLayer ? name.replace('[1]', '') : name] = c === 1 ? M.map((row) => row[0]) : M;
  }
  if (s.flags.includes('ForgetBias')) {
    const fb = (g.variant === 'split' ? (flat.bih as number[]).slice(nA, 2 * nA) : (flat.bf as number[])).map((v) => v + 1);
    if (g.variant === 'split') (flat.bih as number[]).splice(nA, nA, ...fb);
    else flat.bf = fb;
  }
  const params: CaseJson2['params'] = {};
  for (const [name, M] of Object.entries(flat)) {
    const path = paramPath(name, '').split('.').filter(Boolean);
    if (path.length === 1) params[name] = M;
    else {
      const k = Number(/\[(\d+)\]/.exec(path[0])![1]);
      const layers = (params.layers ??= []) as Record<string, number[][] | number[]>[];
      (layers[k] ??= {})[path[1]] = M;
    }
  }
  const carried = s.flags.includes('CarriedState');
  const state = (n: number) => normal(n, 1, 1).map((r) => Math.tanh(r[0]));
  const a0 = carried ? (g.layers > 1 ? g.sizes.slice(1).map(state) : state(nA)) : undefined;
  const c0 = carried && g.cell === 'lstm' ? normal(nA, 1, 2).map((r) => r[0]) : undefined;
  const dense = s.flags.includes('DenseInputs');
  const inputs = Array.from({ length: s.T }, (_, t) =>
    t === 0 && s.flags.includes('ZeroFirstInput') ? null : dense && t % 2 === 1 ? normal(1, nX, 1)[0] : rng.interval(nX - 1),
  );
  const targets = Array.from({ length: s.T }, () => rng.interval(g.nY - 1));
  return {
    format: CASE_FORMAT_2,
    comment: s.comment,
    flags: s.flags,
    cell: g.cell,
    ...(g.layers > 1 ? { layers: g.layers } : {}),
    ...(g.variant !== undefined ? { variant: g.variant } : {}),
    params,
    ...(a0 ? { a0 } : {}),
    ...(c0 ? { c0 } : {}),
    inputs,
    targets,
    ...(s.clip !== undefined ? { clip: s.clip } : {}),
    ...(s.lr !== undefined ? { lr: s.lr } : {}),
  };
}

const gated: CellSpec[] = [
  { comment: 'one step from the zero input', flags: ['T1', 'ZeroFirstInput'], T: 1 },
  { comment: 'a short name with carried states', flags: ['ZeroFirstInput', 'CarriedState'], T: 6 },
  { comment: 'clipping and one SGD step', flags: ['CarriedState', 'ClippingActive', 'OneSgdStep', 'DenseInputs'], T: 5, clip: 0.1, lr: 0.5 },
];

export const CELL_GROUPS: readonly CellGroupSpec[] = [
  {
    cell: 'lstm', layers: 1, variant: 'course', sizes: [4, 3], nY: 4,
    specs: [...gated, { comment: 'forget bias +1, a longer sequence', flags: ['ForgetBias', 'LongT', 'ZeroFirstInput'], T: 20 }, { comment: 'saturated gates', flags: ['Saturated', 'CarriedState'], T: 8, scale: 6 }],
  },
  { cell: 'lstm', layers: 1, variant: 'split', sizes: [4, 3], nY: 5, specs: [...gated, { comment: 'forget bias +1', flags: ['ForgetBias', 'ZeroFirstInput'], T: 8 }] },
  ...GRU_VARIANTS.map((variant): CellGroupSpec => ({ cell: 'gru', layers: 1, variant, sizes: [4, 3], nY: 4, specs: gated })),
  {
    cell: 'rnn', layers: 2, sizes: [4, 3, 5], nY: 4,
    specs: [
      { comment: 'two layers, a short name', flags: ['ZeroFirstInput'], T: 6 },
      { comment: 'two layers, carried states, clipping and one SGD step', flags: ['CarriedState', 'ClippingActive', 'OneSgdStep', 'DenseInputs'], T: 5, clip: 0.1, lr: 0.5 },
    ],
  },
  { cell: 'rnn', layers: 3, sizes: [3, 4, 4, 4], nY: 3, specs: [{ comment: 'three layers with carried states', flags: ['CarriedState', 'ZeroFirstInput'], T: 7 }] },
  { cell: 'rnn', layers: 1, sizes: [4, 3], nY: 4, specs: [{ comment: 'the vanilla cell written as case@2', flags: ['CarriedState', 'ZeroFirstInput'], T: 5 }] },
];
