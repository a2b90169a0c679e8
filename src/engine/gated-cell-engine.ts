/**
 * One shape for every cell's fast engine (vanilla rnn.ts, stacked deep.ts, lstm.ts, gru.ts), made for per-name
 * training (src/train/train.ts and `train --cell rnn|lstm|gru`): forward over one example from a
 * carried state, BPTT, the template's clip and SGD step, the state reached, and the parameters by
 * the reference's names for model files.
 *
 * The carried state is a⟨T⟩ for the vanilla cell and the GRU, [a⟨T⟩; c⟨T⟩] (2nA) for the LSTM,
 * whose cell state is carried from one name to the next as the hidden state is, and every layer's
 * a[l]⟨T⟩ one after another (L·nA) for stacked layers.
 */
import type { GruVariant } from '../reference/gru/types.js';
import { GRU_VARIANTS } from '../reference/gru/types.js';
import type { LstmVariant } from '../reference/lstm/types.js';
import { deepFromNamed, deepInit, deepToNamed } from './deep-params.js';
import { deepBackward, deepForward, DeepWorkspace } from './deep.js';
import { gruFromNamed, gruInit, gruToNamed } from './gru-params.js';
import { gruBackward, gruForward, GruWorkspace } from './gru.js';
import { lstmFromNamed, lstmInit, lstmToNamed, type NamedParams } from './lstm-params.js';
import { lstmBackward, lstmForward, LstmWorkspace } from './lstm.js';
import { templateInit, type FastParams } from './model.js';
import { backward, clipAndStep, forward, Workspace } from './rnn.js';

export type CellKind = 'rnn' | 'lstm' | 'gru';
export const CELL_KINDS: readonly CellKind[] = ['rnn', 'lstm', 'gru'];

type Inputs = readonly (number | null)[];

/** What per-name training needs from an engine, the same for every cell. */
export interface CellEngine {
  readonly cell: CellKind;
  readonly nA: number;
  readonly V: number;
  /** The carried state's length: nA, or 2nA for the LSTM ([a; c]). */
  readonly stateLength: number;
  /** The forward pass over one example from `state`; returns L = Σₜ −log ŷ⟨t⟩[Y⟨t⟩]. */
  forward(X: Inputs, Y: readonly number[], state: Float64Array): number;
  /** BPTT after `forward` on the same X, Y: every parameter's gradient (and the initial state's). */
  backward(X: Inputs, Y: readonly number[]): void;
  /** The template's update: clip each gradient to [−c, c], then θ ← θ + (−lr)·g; on a NaN gradient nothing moves and its name is returned. */
  clipAndStep(c: number, lr: number): string | undefined;
  /** The state after the last `forward` over T steps (a copy): the next example's initial state. */
  finalState(T: number): Float64Array;
  /** ŷ⟨t + 1⟩ of the last `forward` (a view, valid until the next call). */
  probabilities(t: number): Float64Array;
  /** The parameters by the reference's names, flat row-major copies (`Wax`…, `Wf`…, `Wih`…, `Wrx`…). */
  namedParams(): NamedParams;
  /** Loads parameters by the reference's names; a one-line error names a missing or mis-sized one. */
  loadNamed(named: Readonly<NamedParams>): void;
}

export interface CellOptions {
  /** LSTM convention (default 'course'). */
  readonly lstmVariant?: LstmVariant;
  /** GRU convention (default PyTorch's: reset after the product, the gate keeps the old state). */
  readonly gruVariant?: GruVariant;
  /** The LSTM forget gate's initial bias (default 0). */
  readonly forgetBias?: number;
  /** numpy's seed before the initialisation (default 1, the template's). */
  readonly seed?: number;
  /** Stacked layers of nA units each (default 1); more than one only for the vanilla cell (deep.ts). */
  readonly layers?: number;
}

const VANILLA_NAMES = ['Wax', 'Waa', 'Wya', 'ba', 'by'] as const;

/** The vanilla engine (rnn.ts) in the common shape, initialised as the template. */
function vanillaEngine(nA: number, V: number, seed: number): CellEngine {
  const ws = new Workspace(nA, V);
  ws.load(templateInit(nA, V, seed));
  return {
    cell: 'rnn', nA, V, stateLength: nA,
    forward: (X, Y, state) => forward(ws.params, X, Y, state, ws),
    backward: (X, Y) => void backward(X, Y, ws),
    clipAndStep: (c, lr) => clipAndStep(ws, c, lr),
    finalState: (T) => ws.a.slice(T * nA, (T + 1) * nA),
    probabilities: (t) => ws.yHat.subarray(t * V, (t + 1) * V),
    namedParams: () => Object.fromEntries(VANILLA_NAMES.map((n) => [n, ws.params[n].slice()])),
    loadNamed: (named) => {
      for (const n of VANILLA_NAMES) if (named[n]?.length !== ws.params[n].length) throw new RangeError(`${n} must have ${ws.params[n].length} entries, got ${named[n]?.length ?? 'none'}`);
      ws.load({ nA, V, ...Object.fromEntries(VANILLA_NAMES.map((n) => [n, named[n]])) } as unknown as FastParams);
    },
  };
}

/** L stacked vanilla layers of nA units (deep.ts) in the common shape; the state is [a[1]; …; a[L]]. */
function deepEngine(nA: number, V: number, L: number, seed: number): CellEngine {
  const sizes = [V, ...new Array<number>(L).fill(nA)];
  const ws = new DeepWorkspace(sizes);
  ws.load(deepInit(sizes, { seed }));
  return {
    cell: 'rnn', nA, V, stateLength: L * nA,
    forward: (X, Y, state) => deepForward(X, Y, Array.from({ length: L }, (_, l) => state.subarray(l * nA, (l + 1) * nA)), ws),
    backward: (X, Y) => void deepBackward(X, Y, ws),
    clipAndStep: (c, lr) => ws.clipAndStep(c, lr),
    finalState: (T) => {
      const s = new Float64Array(L * nA);
      for (let l = 1; l <= L; l++) s.set(ws.states(l).subarray(T * nA, (T + 1) * nA), (l - 1) * nA);
      return s;
    },
    probabilities: (t) => ws.yHat.subarray(t * V, (t + 1) * V),
    namedParams: () => deepToNamed(sizes, ws.buffers.params),
    loadNamed: (named) => ws.load(deepFromNamed(sizes, named)),
  };
}

/** The LSTM engine (lstm.ts) in the common shape; the state is [a; c]. */
function lstmEngine(nA: number, V: number, variant: LstmVariant, options: CellOptions): CellEngine {
  const ws = new LstmWorkspace(variant, nA, V);
  ws.load(lstmInit(variant, nA, V, { seed: options.seed, forgetBias: options.forgetBias }));
  return {
    cell: 'lstm', nA, V, stateLength: 2 * nA,
    forward: (X, Y, state) => lstmForward(ws.params, X, Y, state.subarray(0, nA), state.subarray(nA, 2 * nA), ws),
    backward: (X, Y) => void lstmBackward(X, Y, ws),
    clipAndStep: (c, lr) => ws.clipAndStep(c, lr),
    finalState: (T) => {
      const s = new Float64Array(2 * nA);
      s.set(ws.a.subarray(T * nA, (T + 1) * nA));
      s.set(ws.c.subarray(T * nA, (T + 1) * nA), nA);
      return s;
    },
    probabilities: (t) => ws.yHat.subarray(t * V, (t + 1) * V),
    namedParams: () => lstmToNamed(ws.params),
    loadNamed: (named) => ws.load(lstmFromNamed(variant, nA, V, named)),
  };
}

/** The GRU engine (gru.ts) in the common shape. */
function gruEngine(nA: number, V: number, variant: GruVariant, seed: number): CellEngine {
  const ws = new GruWorkspace(variant, nA, V);
  ws.load(gruInit(variant, nA, V, { seed }));
  return {
    cell: 'gru', nA, V, stateLength: nA,
    forward: (X, Y, state) => gruForward(ws.params, X, Y, state, ws),
    backward: (X, Y) => void gruBackward(X, Y, ws),
    clipAndStep: (c, lr) => ws.clipAndStep(c, lr),
    finalState: (T) => ws.a.slice(T * nA, (T + 1) * nA),
    probabilities: (t) => ws.yHat.subarray(t * V, (t + 1) * V),
    namedParams: () => gruToNamed(ws.params),
    loadNamed: (named) => ws.load(gruFromNamed(variant, nA, V, named)),
  };
}

/** A fast engine for the cell, nA hidden units and a vocabulary of V, initialised with numpy's seed (randn·0.01, biases 0). */
export function createCellEngine(cell: CellKind, nA: number, V: number, options: CellOptions = {}): CellEngine {
  const seed = options.seed ?? 1;
  const layers = options.layers ?? 1;
  if (!Number.isInteger(layers) || layers < 1) throw new RangeError(`layers must be a whole number ≥ 1, got ${layers}`);
  if (layers > 1 && cell !== 'rnn') throw new RangeError(`layers > 1 is for the vanilla cell only (src/reference/deep/ stacks vanilla layers), got ${layers} for ${cell}`);
  if (layers > 1) return deepEngine(nA, V, layers, seed);
  if (cell === 'lstm') return lstmEngine(nA, V, options.lstmVariant ?? 'course', options);
  if (cell === 'gru') return gruEngine(nA, V, options.gruVariant ?? GRU_VARIANTS[0], seed);
  return vanillaEngine(nA, V, seed);
}
