/**
 * What per-name training reads from the common cell engine (src/engine/gated-cell-engine.ts) and
 * the gated workspaces' shared memory (gated-memory.ts), pinned where a mutation run found no spec
 * looking: the cell each engine reports, the seed and forget bias reaching the initialisation, the
 * carried state, copies of the named parameters, a missing parameter refused, a NaN gradient named
 * from entry 0 on and at every block boundary, and σ computed as the reference computes it.
 */
import { describe, expect, it } from 'vitest';
import { carve, sigmoid } from '../../src/engine/gated-memory.js';
import { CELL_KINDS, createCellEngine, type CellKind } from '../../src/engine/gated-cell-engine.js';
import { DeepWorkspace } from '../../src/engine/deep.js';
import { lstmInit } from '../../src/engine/lstm-params.js';
import { LstmWorkspace } from '../../src/engine/lstm.js';
import { sigmoidScalar } from '../../src/reference/lstm/vectors.js';

/** Plain arrays of the values, independent of the views they came from. */
const snapshot = (named: Record<string, Float64Array>) => Object.fromEntries(Object.entries(named).map(([k, v]) => [k, Array.from(v)]));
/** `n` copies of a name. */
const times = (name: string, n: number) => new Array<string>(n).fill(name);
/** Every engine the factory builds: the three cells, and stacked vanilla layers. */
const ENGINES: readonly [CellKind, number][] = [['rnn', 1], ['rnn', 2], ['lstm', 1], ['gru', 1]];

describe('the common cell engine', () => {
  it('is built for the three cells, and each engine reports the cell it was asked for', () => {
    expect([...CELL_KINDS].sort()).toStrictEqual(['gru', 'lstm', 'rnn']);
    for (const [cell, layers] of ENGINES) expect(createCellEngine(cell, 2, 3, { layers }).cell).toBe(cell);
  });

  it('draws different initial parameters for a different seed, and the default seed is 1', () => {
    for (const [cell, layers] of ENGINES) {
      const one = snapshot(createCellEngine(cell, 2, 3, { layers, seed: 1 }).namedParams());
      expect(snapshot(createCellEngine(cell, 2, 3, { layers }).namedParams())).toStrictEqual(one);
      expect(snapshot(createCellEngine(cell, 2, 3, { layers, seed: 2 }).namedParams())).not.toStrictEqual(one);
    }
  });

  it('starts the LSTM’s forget gate bias at the forgetBias asked for', () => {
    expect(Array.from(createCellEngine('lstm', 2, 3, { forgetBias: 1 }).namedParams().bf)).toStrictEqual([1, 1]);
    const split = createCellEngine('lstm', 2, 3, { forgetBias: 1, lstmVariant: 'split' }).namedParams().bih;
    expect(Array.from(split)).toStrictEqual([0, 0, 1, 1, 0, 0, 0, 0]); // gate rows i, f, g, o: f is rows nA…2nA−1
  });

  it('gives named parameters that are copies: overwriting them leaves the engine’s unchanged', () => {
    for (const [cell, layers] of ENGINES) {
      const engine = createCellEngine(cell, 2, 3, { layers });
      const before = snapshot(engine.namedParams());
      for (const v of Object.values(engine.namedParams())) v.fill(7);
      expect(snapshot(engine.namedParams())).toStrictEqual(before);
    }
  });

  it('carries a state of stateLength entries: running the two halves from the carried state ends in the whole sequence’s state, bit for bit', () => {
    const X = [null, 0, 2, 1, 1, 0];
    const Y = [0, 2, 1, 1, 0, 2];
    for (const [cell, layers] of ENGINES) {
      const engine = createCellEngine(cell, 2, 3, { layers, seed: 5 });
      const start = new Float64Array(engine.stateLength);
      engine.forward(X, Y, start);
      const end = engine.finalState(X.length);
      expect(end.length).toBe(engine.stateLength);
      engine.forward(X.slice(0, 3), Y.slice(0, 3), start);
      const middle = engine.finalState(3);
      expect(middle.length).toBe(engine.stateLength);
      engine.forward(X.slice(3), Y.slice(3), middle);
      // The same operations in the same order on the same numbers: equal to the last bit.
      expect(Array.from(engine.finalState(3))).toStrictEqual(Array.from(end));
    }
  });

  it('refuses a vanilla model without one of its parameters with a RangeError', () => {
    const engine = createCellEngine('rnn', 2, 3);
    const { Waa: _dropped, ...rest } = engine.namedParams();
    expect(() => engine.loadNamed(rest)).toThrow(RangeError);
  });
});

describe('a NaN gradient is named after the parameter holding it', () => {
  it('finds a NaN in the very first gradient entry (the LSTM’s Wi, Wih)', () => {
    for (const [variant, name] of [['course', 'dWi'], ['split', 'dWih']] as const) {
      const ws = new LstmWorkspace(variant, 2, 3);
      ws.load(lstmInit(variant, 2, 3));
      const before = Array.from(ws.buffers.params);
      ws.buffers.grads[0] = NaN;
      expect(ws.clipAndStep(5, 0.1)).toBe(name);
      expect(Array.from(ws.buffers.params)).toStrictEqual(before);
    }
  });

  it('names every entry of a stacked model’s gradient block as its layout lists them (sizes [3, 2, 2])', () => {
    const expected = [
      ...times('dWax[1]', 6), ...times('dWaa[1]', 4), ...times('dba[1]', 2),
      ...times('dWax[2]', 4), ...times('dWaa[2]', 4), ...times('dba[2]', 2),
      ...times('dWya', 6), ...times('dby', 3),
    ];
    const ws = new DeepWorkspace([3, 2, 2]);
    expect(ws.buffers.grads.length).toBe(expected.length);
    const names = expected.map((_, k) => {
      ws.buffers.grads.fill(0);
      ws.buffers.grads[k] = NaN;
      return ws.clipAndStep(5, 0.1);
    });
    expect(names).toStrictEqual(expected);
  });
});

describe('the gated workspaces’ memory', () => {
  it('refuses views that do not fill their block exactly', () => {
    expect(() => carve(new Float64Array(5), { a: 2, b: 2 })).toThrow(RangeError);
    expect(Object.keys(carve(new Float64Array(4), { a: 2, b: 2 }))).toStrictEqual(['a', 'b']);
  });

  it('computes σ bit for bit as the reference’s sigmoidScalar, overflow-free at ±800', () => {
    const zs = [-800, 800, ...Array.from({ length: 217 }, (_, k) => (k - 108) * 0.37)];
    expect(zs.map(sigmoid)).toStrictEqual(zs.map((z) => sigmoidScalar(z) as number));
    expect([sigmoid(-800), sigmoid(800)]).toStrictEqual([0, 1]);
  });
});
