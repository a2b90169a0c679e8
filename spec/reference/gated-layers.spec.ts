/**
 * What one gated layer's backward pass returns (layerBackward, (D12)) and what the stack collects
 * from its layers (stackedBackward): ∂L/∂c⟨0⟩ only where there is a cell state (the LSTM), one
 * ∂L/∂x⟨t⟩ per step sent down, and one gradient set per layer.
 */
import { describe, expect, it } from 'vitest';
import { stackedBackward, stackedForward, type StackedParams } from '../../src/reference/deep/gated.js';
import { gateShapes, layerBackward, layerForward, type GateParams, type StackedCell } from '../../src/reference/deep/gated-layers.js';
import { GRU_VARIANTS, initGru } from '../../src/reference/gru/types.js';
import { column, entries, realPart, shape, zeros, type Matrix } from '../../src/reference/linalg.js';
import { initLstm } from '../../src/reference/lstm/types.js';

const sizes = { nA: 2, nX: 3 };
const dims = { ...sizes, nY: 2 };
const constantDraw = () => 0.25;
const CELLS: StackedCell[] = [
  { kind: 'lstm', variant: 'course' },
  { kind: 'lstm', variant: 'split' },
  { kind: 'gru', variant: GRU_VARIANTS[0] },
  { kind: 'gru', variant: GRU_VARIANTS[3] },
];

/** A layer's gate parameters: the single cell's, without its variant and output layer. */
function gatesOf(cell: StackedCell, nX = dims.nX): GateParams {
  const d = { ...dims, nX };
  const p = cell.kind === 'lstm' ? initLstm(d, { variant: cell.variant, scale: 0.5, random: constantDraw }) : initGru(d, cell.variant, 0.5, constantDraw);
  const { variant: _variant, Wya: _Wya, by: _by, ...gates } = p as unknown as Record<string, Matrix>;
  return gates;
}

describe('one gated layer’s backward pass and the stack’s per-layer results', () => {
  it('returns ∂L/∂c⟨0⟩ for an LSTM layer only, and one ∂L/∂x⟨t⟩ per step for every cell', () => {
    for (const cell of CELLS) {
      const named = gatesOf(cell);
      const state = cell.kind === 'lstm' ? { a: zeros(2, 1), c: zeros(2, 1) } : { a: zeros(2, 1) };
      const steps = layerForward(cell, named, [column([1, 0, 0]), column([0, 0, 1])], state);
      const g = layerBackward(cell, named, steps, [column([1, -1]), column([0.5, 2])], sizes);
      if (cell.kind === 'lstm') expect(shape(g.dc0!), cell.kind).toEqual([2, 1]);
      else expect(g, 'GRU').not.toHaveProperty('dc0');
      expect(g.dx.map((d) => shape(d))).toEqual([
        [3, 1],
        [3, 1],
      ]);
    }
  });

  it('over no steps sends nothing down and returns zero gradients of the gate shapes', () => {
    for (const cell of CELLS) {
      const g = layerBackward(cell, gatesOf(cell), [], [], sizes);
      expect(g.dx).toEqual([]);
      const expectedShapes = Object.fromEntries(Object.entries(gateShapes(cell, 2, 3)).map(([name, s]) => [`d${name}`, s]));
      expect(Object.fromEntries(Object.entries(g.dParams).map(([name, M]) => [name, shape(M)]))).toEqual(expectedShapes);
      const all = [...Object.values(g.dParams), g.da0, ...(g.dc0 ? [g.dc0] : [])].flatMap(entries).map(realPart);
      expect(new Set(all)).toEqual(new Set([0]));
    }
  });

  it('collects one gradient set, one ∂L/∂a⟨0⟩ and (LSTM only) one ∂L/∂c⟨0⟩ per layer: two for two layers, none for a stack without layers', () => {
    for (const cell of CELLS) {
      const params: StackedParams = { cell, layers: [gatesOf(cell), gatesOf(cell, 2)], Wya: zeros(2, 2), by: zeros(2, 1) };
      const state = cell.kind === 'lstm' ? { a: zeros(2, 1), c: zeros(2, 1) } : { a: zeros(2, 1) };
      const g = stackedBackward(params, stackedForward(params, [0, 2], [1, 0], [state, state]));
      expect([g.layers.length, g.da0.length, g.dc0?.length]).toEqual([2, 2, cell.kind === 'lstm' ? 2 : undefined]);
    }
    const empty: StackedParams = { cell: { kind: 'lstm', variant: 'split' }, layers: [], Wya: zeros(2, 3), by: zeros(2, 1) };
    const g = stackedBackward(empty, { caches: [], yHat: [], targets: [], loss: 0 });
    expect([g.layers, g.da0, g.dc0]).toEqual([[], [], []]);
  });
});
