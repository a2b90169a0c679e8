/**
 * judgeQuantities and declared (src/conformance/compare.ts) on hand-made tables: which status each
 * quantity gets, in what order, what a report carries, and when the catalogue is consulted.
 */
import { describe, expect, it } from 'vitest';
import type { Capabilities } from '../../src/conformance/capabilities.js';
import { declared, judgeQuantities, type Judging, type MistakeTable } from '../../src/conformance/compare.js';

const table = (entries: Record<string, number[][]>) => new Map(Object.entries(entries));

/** A judging with atol 0.5 everywhere, `a` optional, and a catalogue that counts its calls. */
function judging(oracle: Record<string, number[][]>, theirs: Record<string, number[][]>, mistakes: MistakeTable[] = [], capabilities: Capabilities = {}) {
  const calls = { catalogue: 0 };
  const j: Judging = {
    oracle: table(oracle),
    theirs: table(theirs),
    toleranceOf: (name) => ({ rtol: 0, atol: 0.5, condition: name.length }),
    optional: (name) => name === 'a',
    catalogue: () => {
      calls.catalogue++;
      return mistakes;
    },
    capabilities,
  };
  return { j, calls };
}

const mistake = (id: string, entries: Record<string, number[][]>): MistakeTable => ({ m: { id, when: `${id} happens` }, table: table(entries) });

describe('judgeQuantities — one report per quantity of the oracle, in its order', () => {
  it('gives OK with the errors, worst element, tolerance and condition, and never consults the catalogue when all agree', () => {
    const { j, calls } = judging({ loss: [[2]], dWaa: [[1, 2]] }, { dWaa: [[1, 2.25]], loss: [[2]] });
    const qs = judgeQuantities(j);
    expect(qs.map((q) => q.name)).toEqual(['loss', 'dWaa']);
    expect(qs[1]).toEqual({
      name: 'dWaa',
      status: 'OK',
      maxAbsError: 0.25,
      maxRelError: 0.125,
      worst: { index: [0, 1], oracle: 2, theirs: 2.25 },
      tolerance: { rtol: 0, atol: 0.5 },
      condition: 4,
    });
    expect(calls.catalogue).toBe(0);
  });

  it('gives an absent optional quantity SKIPPED and an absent required one MISSING, both "not in their result"', () => {
    const { j } = judging({ a: [[1]], dWax: [[1]] }, {});
    expect(judgeQuantities(j).map((q) => [q.name, q.status, q.note])).toEqual([
      ['a', 'SKIPPED', 'not in their result'],
      ['dWax', 'MISSING', 'not in their result'],
    ]);
  });

  it('skips what their capabilities leave out, with the reason, even when theirs has it wrong', () => {
    const { j, calls } = judging({ loss: [[1]], 'updated Wax': [[1]] }, { loss: [[1]], 'updated Wax': [[9]] }, [], { update: 'none' });
    const qs = judgeQuantities(j);
    expect(qs.map((q) => q.status)).toEqual(['OK', 'SKIPPED']);
    expect(qs[1].note).toMatch(/none/);
    expect(calls.catalogue).toBe(0);
  });

  it('gives MISMATCH with the errors and worst element, and no mistake when no catalogue entry matches theirs', () => {
    const { j } = judging({ dby: [[1], [2]] }, { dby: [[1], [4]] }, [mistake('other', { dby: [[1], [3]] })]);
    const [q] = judgeQuantities(j);
    expect(q).toMatchObject({ name: 'dby', status: 'MISMATCH', maxAbsError: 2, maxRelError: 1, worst: { index: [1, 0], oracle: 2, theirs: 4 }, tolerance: { rtol: 0, atol: 0.5 }, condition: 3 });
    expect(q.mistake).toBeUndefined();
  });

  it('names the first catalogue mistake whose numbers theirs match within the tolerance, for that quantity only', () => {
    const catalogue = [mistake('lacks-dby', { dWya: [[7]] }), mistake('far', { dby: [[9]] }), mistake('near', { dby: [[4.25]] }), mistake('also-near', { dby: [[4]] })];
    const { j, calls } = judging({ dby: [[1]], dWya: [[1]] }, { dby: [[4]], dWya: [[1]] }, catalogue);
    const qs = judgeQuantities(j);
    expect(qs[0]).toMatchObject({ status: 'MISMATCH', mistake: { id: 'near', when: 'near happens' } });
    expect(qs[1]).toMatchObject({ status: 'OK' });
    expect(qs[1].mistake).toBeUndefined();
    expect(calls.catalogue).toBe(1);
  });

  it('gives a shape mismatch its note and no errors', () => {
    const { j } = judging({ dWax: [[1, 2]] }, { dWax: [[1], [2]] });
    const [q] = judgeQuantities(j);
    expect([q.status, q.maxAbsError, q.worst, q.note]).toEqual(['MISMATCH', undefined, undefined, expect.stringMatching(/transposed/)]);
  });
});

describe('declared — catalogued mistakes that a declared capability makes correct', () => {
  it('Adagrad declared makes only adagrad-instead-of-sgd correct; a mean loss only the two mean mistakes; nothing else by default', () => {
    const ids = ['adagrad-instead-of-sgd', 'mean-over-time', 'mean-loss-summed-gradients', 'update-sign'];
    const allowed = (caps: Capabilities) => ids.filter((id) => declared(id, caps));
    expect(allowed({})).toEqual([]);
    expect(allowed({ update: 'sgd', lossReduction: 'sum' })).toEqual([]);
    expect(allowed({ update: 'adagrad' })).toEqual(['adagrad-instead-of-sgd']);
    expect(allowed({ lossReduction: 'mean' })).toEqual(['mean-over-time', 'mean-loss-summed-gradients']);
    expect(allowed({ update: 'none', lossReduction: 'mean' })).toEqual(['mean-over-time', 'mean-loss-summed-gradients']);
  });
});
