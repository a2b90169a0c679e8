/** The engine's buffers and helpers: growth, loading, copies, numpy's summation order, NaN guards. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { copyParams, templateInit, zeroParams } from '../../src/engine/model.js';
import { backward, clipAndStep, forward, numpySum, Workspace } from '../../src/engine/rnn.js';

/** A float written by Python's float.hex(), e.g. "0x1.8p+1" = 3. */
function fromHex(s: string): number {
  const m = /^(-?)0x([01])\.([0-9a-f]*)p([+-]\d+)$/.exec(s);
  if (!m) throw new Error(`not a float.hex: ${s}`);
  const mantissa = parseInt(m[2] + m[3], 16) / 16 ** m[3].length;
  return (m[1] ? -1 : 1) * mantissa * 2 ** Number(m[4]);
}

const X = [null, 3, 1, 4, 1, 5, 2, 6, 5, 3, 5, 0];
const Y = [3, 1, 4, 1, 5, 2, 6, 5, 3, 5, 0, 0];

describe('Workspace — the engine’s reused buffers', () => {
  it('keeps its own parameters when a sequence longer than its capacity makes it grow during forward(ws.params, …)', () => {
    const p = templateInit(5, 7);
    for (let k = 0; k < p.Waa.length; k++) p.Waa[k] *= 50; // make Waa matter
    const big = new Workspace(5, 7, 64);
    const lossBig = forward(p, X, Y, new Float64Array(5), big);
    const small = new Workspace(5, 7, 2);
    small.load(p);
    const lossSmall = forward(small.params, X, Y, new Float64Array(5), small);
    expect(small.capacity).toBeGreaterThanOrEqual(X.length);
    expect(lossSmall).toBe(lossBig);
    expect([...small.params.Waa]).toEqual([...p.Waa]);
    expect([...backward(X, Y, small).dWaa]).toEqual([...backward(X, Y, big).dWaa]);
  });

  it('refuses to load parameters whose arrays do not have the sizes nA and V imply', () => {
    const ws = new Workspace(3, 4);
    const p = zeroParams(3, 4);
    expect(() => ws.load({ ...p, Waa: new Float64Array(8) })).toThrow(/Waa/);
    expect(() => ws.load({ ...p, by: new Float64Array(5) })).toThrow(/by/);
    expect(() => ws.load(zeroParams(3, 5))).toThrow(RangeError);
  });
});

describe('copyParams', () => {
  it('returns copies that share no memory with the workspace they came from', () => {
    const ws = new Workspace(3, 4);
    ws.load(templateInit(3, 4));
    const copy = copyParams(ws.params);
    const before = [...copy.Wax];
    ws.params.Wax.fill(9);
    ws.params.by.fill(9);
    expect([...copy.Wax]).toEqual(before);
    expect([...copy.by]).toEqual([0, 0, 0, 0]);
    expect(copy.Wax.buffer).not.toBe(ws.params.Wax.buffer);
  });
});

describe('numpySum — softmax’s denominator in numpy’s order', () => {
  const sums = JSON.parse(readFileSync(new URL('../../fixtures/random/numpy-sums.json', import.meta.url), 'utf8'));
  const values = Float64Array.from(sums.values.map(fromHex));

  it('equals numpy’s e_x.sum(axis=0) bit for bit for every length from 1 to 40 and past numpy’s block of 128 (fixtures/generate/numpy_sums.py)', () => {
    for (const [n, hex] of Object.entries<string>(sums.sums)) expect(numpySum(values, 0, Number(n)), `n = ${n}`).toBe(fromHex(hex));
  });

  it('sums from an offset the same values the same way', () => {
    const shifted = new Float64Array(values.length + 3);
    shifted.set(values, 3);
    for (const n of [4, 9, 25, 129, 200]) expect(numpySum(shifted, 3, n)).toBe(numpySum(values, 0, n));
  });
});

describe('clipAndStep — the template’s clip and SGD step', () => {
  it('names a gradient that holds NaN and leaves every parameter as it was', () => {
    const ws = new Workspace(3, 4);
    ws.load(templateInit(3, 4));
    forward(ws.params, [null, 1, 2], [1, 2, 0], new Float64Array(3), ws);
    backward([null, 1, 2], [1, 2, 0], ws);
    ws.grads.dWya[5] = NaN;
    const before = copyParams(ws.params);
    expect(clipAndStep(ws, 5, 0.01)).toBe('dWya');
    expect(copyParams(ws.params)).toEqual(before);
  });
});
