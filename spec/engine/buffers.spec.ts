/**
 * The engine's memory and its guards at their edges: a workspace whose buffers end just past a
 * WebAssembly page, growth, parameters that declare another shape, NaN at the first and last entry
 * of each gradient, copies, the template's initial weights, and numpy's sum of negative zeros.
 */
import { describe, expect, it } from 'vitest';
import { copyParams, templateInit } from '../../src/engine/model.js';
import { backward, clipAndStep, forward, numpySum, Workspace } from '../../src/engine/rnn.js';

const PAGE_DOUBLES = 65536 / 8;

/** Every buffer of a workspace, in the order of the documented layout. */
const buffersOf = (ws: Workspace): Float64Array[] => [
  ...(['Wax', 'Waa', 'Wya', 'ba', 'by'] as const).map((n) => ws.params[n]),
  ...(['dWax', 'dWaa', 'dWya', 'dba', 'dby', 'da0'] as const).map((n) => ws.grads[n]),
  ws.a, ws.yHat, ws.dz, ws.da, ws.tmp,
];

describe('Workspace memory', () => {
  it('holds every buffer, none overlapping another, when the layout ends one double past a page', () => {
    // Found by `2·(2nA·V + nA² + nA + V) + nA + (T+1)·nA + T·V + T·nA + nA + max(nA, V) ≡ 1 (mod 8192)`:
    // the layout's size in doubles, from its documentation (parameters, gradients and da0, a⟨0⟩…a⟨T⟩, ŷ, ∂L/∂z, da, scratch).
    for (const [nA, V, T] of [[3, 24, 260], [11, 9, 241], [15, 29, 99]]) {
      const ws = new Workspace(nA, V, T);
      const buffers = buffersOf(ws);
      expect(buffers.reduce((s, b) => s + b.length, 0) % PAGE_DOUBLES).toBe(1);
      buffers.forEach((b, k) => b.fill(k + 1));
      buffers.forEach((b, k) => expect(b.every((v) => v === k + 1)).toBe(true));
      ws.load(templateInit(nA, V));
      const X = Array.from({ length: T }, (_, t) => t % V);
      expect(Number.isFinite(forward(ws.params, X, X, new Float64Array(nA), ws))).toBe(true);
      backward(X, X, ws);
      expect(ws.capacity).toBe(T);
    }
  });

  it('at least doubles its capacity when a longer sequence comes, so growing a step at a time reallocates rarely', () => {
    const ws = new Workspace(2, 3, 4);
    ws.load(templateInit(2, 3));
    forward(ws.params, [0, 1, 2, 0, 1], [1, 2, 0, 1, 2], new Float64Array(2), ws);
    expect(ws.capacity).toBeGreaterThanOrEqual(8);
  });

  it('refuses parameters that declare another nA or V, even when their arrays have this workspace’s lengths', () => {
    const ws = new Workspace(3, 4);
    const p = templateInit(3, 4);
    expect(() => ws.load({ ...p, nA: 4 })).toThrow(RangeError);
    expect(() => ws.load({ ...p, V: 3 })).toThrow(RangeError);
    expect(ws.params.Wax.every((v) => v === 0)).toBe(true);
  });
});

describe('clipAndStep’s NaN guard', () => {
  it('names the gradient whose first or last entry is NaN, and moves no parameter', () => {
    const ws = new Workspace(3, 4);
    ws.load(templateInit(3, 4));
    const X = [null, 1, 2], Y = [1, 2, 0];
    for (const name of ['dWax', 'dWaa', 'dWya', 'dba', 'dby'] as const) {
      for (const k of [0, ws.grads[name].length - 1]) {
        forward(ws.params, X, Y, new Float64Array(3), ws);
        backward(X, Y, ws);
        ws.grads[name][k] = NaN;
        const before = copyParams(ws.params);
        expect(clipAndStep(ws, 5, 0.01), `${name}[${k}]`).toBe(name);
        expect(copyParams(ws.params)).toEqual(before);
      }
    }
  });
});

describe('copyParams and templateInit', () => {
  it('copyParams shares no array with the parameters it copies', () => {
    const p = templateInit(3, 4);
    p.ba.fill(0.5);
    p.by.fill(-0.5);
    const names = ['Wax', 'Waa', 'Wya', 'ba', 'by'] as const;
    const copy = copyParams(p);
    const before = names.map((n) => Array.from(p[n]));
    for (const n of names) p[n].fill(7);
    expect(names.map((n) => Array.from(copy[n]))).toEqual(before);
  });

  it('templateInit draws Wax, Waa, Wya in that order as numpy’s seed(1); randn(…)·0.01 does, biases 0', () => {
    // python3 -c "import numpy as np; np.random.seed(1); print([(np.random.randn(*s)*0.01).ravel().tolist() for s in [(2,3),(2,2),(3,2)]])"
    const numpy = [
      [0.01624345363663242, -0.006117564136500754, -0.005281717522634557, -0.010729686221561705, 0.008654076293246785, -0.02301538696880283],
      [0.0174481176421648, -0.007612069008951028, 0.0031903909605709856, -0.0024937037547741008],
      [0.01462107937044974, -0.02060140709497654, -0.003224172040135075, -0.0038405435466841564, 0.011337694423354375, -0.010998912673140309],
    ];
    const p = templateInit(2, 3);
    expect([Array.from(p.Wax), Array.from(p.Waa), Array.from(p.Wya)]).toEqual(numpy);
    expect([...p.ba, ...p.by]).toEqual([0, 0, 0, 0, 0]);
  });
});

describe('numpySum of negative zeros', () => {
  it('is +0, as numpy’s sum starting from its identity +0 gives, for fewer and more than 8 values', () => {
    // python3 -c "import numpy as np; print([np.sum(np.full(n, -0.0)) for n in (1, 2, 9, 200)])" prints four 0.0 (positive).
    for (const n of [1, 2, 9, 200]) expect(Object.is(numpySum(new Float64Array(n).fill(-0), 0, n), 0), `n = ${n}`).toBe(true);
  });
});
