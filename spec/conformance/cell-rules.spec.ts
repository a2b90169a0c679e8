/**
 * The cells' diagnosis (src/conformance/cells/diagnose.ts) from the statuses alone: which rule is
 * named for which quantities, and which equations of docs/lstm.md, docs/gru.md and docs/deep.md a
 * disagreeing gradient is said to depend on. The expected lists are read off those documents'
 * tables ((L20) gate sums, (L21)/(L22) the recurrence of the course/split layouts, (G18) the gates'
 * sums, (D6)–(D9) the stacked RNN), not off the code.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseAnyCase } from '../../src/conformance/any-case.js';
import { diagnoseCell, equationList, type CellMistakeTable } from '../../src/conformance/cells/diagnose.js';
import type { CellCase } from '../../src/conformance/cells/model.js';
import type { QuantityReport } from '../../src/conformance/compare.js';
import type { CellVectorSuite } from '../../src/conformance/vectors2.js';
import { lazy } from '../helpers/lazy.js';

const tests = lazy(() => (JSON.parse(readFileSync(new URL('../../fixtures/conformance/cells.json', import.meta.url), 'utf8')) as CellVectorSuite).testGroups.flatMap((g) => g.tests));
/** The first suite case of a cell, variant and depth, with more than one step. */
const caseOf = (cell: string, variant: string, layers = 1): CellCase => {
  const t = tests().find((x) => x.case.cell === cell && JSON.stringify(x.case.variant ?? '').includes(variant) && (x.case.layers ?? 1) === layers && x.case.inputs.length > 1);
  if (!t) throw new Error(`no ${cell} ${variant} ${layers}-layer case`);
  return parseAnyCase(t.case) as CellCase;
};
const lstm = (v: 'course' | 'split') => caseOf('lstm', v);
const gru = (reset: 'after' | 'before') => caseOf('gru', reset);
/** A stacked RNN (a one-layer one is a case@1 and has its own diagnosis). */
const rnn = (layers: number) => caseOf('rnn', '', layers);

/** The diagnosis of a result whose quantities have these statuses (and, optionally, one catalogue entry that matches). */
function diagnoseStatuses(c: CellCase, statuses: Record<string, string>, mistakes: readonly CellMistakeTable[] = [], theirs = new Map<string, number[][]>()) {
  const qs = Object.entries(statuses).map(([name, status]) => ({ name, status }) as QuantityReport);
  return diagnoseCell(qs, c, { oracle: new Map(), theirs, tol: () => ({ rtol: 0, atol: 0 }), mistakes });
}
const ids = (d: ReturnType<typeof diagnoseStatuses>) => d.findings.map((f) => f.id);
/** The equations named for one disagreeing gradient, with the output layer agreeing. */
const backwardText = (c: CellCase, name: string) => {
  const d = diagnoseStatuses(c, { dWya: 'OK', dby: 'OK', [name]: 'MISMATCH' });
  expect(d.findings.map((f) => [f.id, f.kind, f.quantities])).toEqual([['cell-backward', 'rule', [name]]]);
  return d.diagnosis[0];
};

describe('equationList — the equations a cell diagnosis names', () => {
  it('writes runs of three or more as ranges, pairs and singles one by one, sorted and without repeats', () => {
    expect(equationList('L', [20, 13, 15, 16, 19, 20])).toBe('(L13), (L15), (L16), (L19), (L20)');
    expect(equationList('G', [14, 15, 16, 17, 18])).toBe('(G14)–(G18)');
    expect(equationList('D', [1, 2])).toBe('(D1), (D2)');
    expect(equationList('D', [3, 1, 2])).toBe('(D1)–(D3)');
    expect(equationList('L', [5])).toBe('(L5)');
    expect(equationList('L', [])).toBe('');
  });
});

describe('the equations a disagreeing cell gradient depends on (cells/diagnose.ts equationsOf)', () => {
  it('an LSTM gate’s weights and bias: the chain (L13), (L15), (L19), the gate’s own line and its sum (L20)', () => {
    const c = lstm('course');
    expect(backwardText(c, 'dWf')).toContain('(L13), (L15), (L16), (L19), (L20)');
    expect(backwardText(c, 'dbf')).toContain('(L13), (L15), (L16), (L19), (L20)');
    expect(backwardText(c, 'dWi')).toContain('(L13), (L15), (L17), (L19), (L20)');
    expect(backwardText(c, 'dbi')).toContain('(L13), (L15), (L17), (L19), (L20)');
    expect(backwardText(c, 'dWc')).toContain('(L13), (L15), (L18)–(L20)');
    expect(backwardText(c, 'dbc')).toContain('(L13), (L15), (L18)–(L20)');
    expect(backwardText(c, 'dWo')).toContain('(L13)–(L15), (L19), (L20)');
    expect(backwardText(c, 'dbo')).toContain('(L13)–(L15), (L19), (L20)');
    expect(backwardText(c, 'dc0')).toMatch(/— \(L13\), \(L15\), \(L19\)$/);
  });

  it('∂L/∂a⟨0⟩ of an LSTM goes through (L21) in the course layout and (L22) in the split one', () => {
    expect(backwardText(lstm('course'), 'da0')).toMatch(/— \(L13\)–\(L19\), \(L21\)$/);
    expect(backwardText(lstm('split'), 'da0')).toMatch(/— \(L13\)–\(L19\), \(L22\)$/);
  });

  it('the split layout’s stacked weights and two biases all go through (L22)', () => {
    const c = lstm('split');
    for (const name of ['dWih', 'dWhh', 'dbih', 'dbhh']) expect(backwardText(c, name)).toMatch(/— \(L13\)–\(L19\), \(L22\)$/);
  });

  it('a GRU’s candidate line is (G16) with the reset after the product and (G15) before it', () => {
    expect(backwardText(gru('after'), 'dWax')).toMatch(/— \(G10\), \(G11\), \(G14\), \(G16\)$/);
    expect(backwardText(gru('before'), 'dWax')).toMatch(/— \(G10\), \(G11\), \(G14\), \(G15\)$/);
    expect(backwardText(gru('after'), 'dba')).toMatch(/— \(G10\), \(G11\), \(G14\), \(G16\)$/);
    expect(backwardText(gru('before'), 'dWaa')).toMatch(/— \(G10\), \(G11\), \(G14\), \(G15\)$/);
    expect(backwardText(gru('after'), 'dbhn')).toMatch(/— \(G10\), \(G11\), \(G14\), \(G16\)$/);
  });

  it('a GRU’s reset and update gates end in their sums (G17), (G18); ∂L/∂a⟨0⟩ in (G19)', () => {
    const after = gru('after');
    for (const name of ['dWrx', 'dWra', 'dbr']) expect(backwardText(after, name)).toMatch(/— \(G10\), \(G11\), \(G14\), \(G16\)–\(G18\)$/);
    for (const name of ['dWux', 'dWua', 'dbu']) expect(backwardText(after, name)).toMatch(/— \(G10\), \(G12\), \(G18\)$/);
    expect(backwardText(after, 'da0')).toMatch(/— \(G10\)–\(G14\), \(G16\), \(G17\), \(G19\)$/);
    expect(backwardText(gru('before'), 'da0')).toMatch(/— \(G10\)–\(G15\), \(G17\), \(G19\)$/);
  });

  it('a stacked RNN’s weights depend on (D6)–(D9) and its ∂L/∂a⟨0⟩ on (D6), (D7), (D9), in every layer', () => {
    const two = rnn(2);
    expect(backwardText(two, 'dWax[1]')).toMatch(/— \(D6\)–\(D9\)$/);
    expect(backwardText(two, 'da0[1]')).toMatch(/— \(D6\), \(D7\), \(D9\)$/);
    expect(backwardText(two, 'dWaa[2]')).toMatch(/— \(D6\)–\(D9\)$/);
    expect(backwardText(two, 'da0[2]')).toMatch(/— \(D6\), \(D7\), \(D9\)$/);
  });
});

describe('the cells’ rules: which rule for which quantities', () => {
  it('states that disagree are the forward pass, and ŷ or the loss are then not blamed on their own', () => {
    const c = lstm('course');
    const d = diagnoseStatuses(c, { a: 'MISMATCH', yHat: 'MISMATCH', loss: 'MISMATCH' });
    expect(d.findings.map((f) => [f.id, f.kind, f.quantities])).toEqual([['cell-forward', 'rule', ['a']]]);
    expect(d.diagnosis[0]).toContain('(L1)–(L7)');
  });

  it('ŷ wrong with the states right is the output layer; the loss alone is the loss line', () => {
    const yHat = diagnoseStatuses(gru('after'), { a: 'OK', yHat: 'MISMATCH', loss: 'MISMATCH' });
    expect(yHat.findings.map((f) => [f.id, f.quantities])).toEqual([['cell-output-forward', ['yHat']]]);
    expect(yHat.diagnosis[0]).toContain('(G7)');
    const loss = diagnoseStatuses(gru('after'), { a: 'OK', yHat: 'OK', loss: 'MISMATCH' });
    expect(loss.findings.map((f) => [f.id, f.quantities])).toEqual([['cell-loss', ['loss']]]);
    expect(loss.diagnosis[0]).toContain('(G8)');
    expect(ids(diagnoseStatuses(gru('after'), { a: 'OK', yHat: 'OK', loss: 'OK', dWya: 'OK' }))).toEqual([]);
  });

  it('the output-layer rule names only the output gradients that disagree', () => {
    const c = lstm('course');
    expect(diagnoseStatuses(c, { dWya: 'OK', dby: 'MISMATCH', dWf: 'OK' }).findings.map((f) => [f.id, f.quantities])).toEqual([['cell-output-gradients', ['dby']]]);
    expect(diagnoseStatuses(c, { dWya: 'MISMATCH', dby: 'OK' }).findings.map((f) => [f.id, f.quantities])).toEqual([['cell-output-gradients', ['dWya']]]);
    const both = diagnoseStatuses(c, { loss: 'MISMATCH', dWya: 'MISMATCH', dby: 'OK', dWf: 'MISMATCH', 'clipped dWf': 'MISMATCH' });
    expect(both.findings.map((f) => [f.id, f.quantities])).toEqual([
      ['cell-loss', ['loss']],
      ['cell-output-gradients', ['dWya']],
      ['cell-backward', ['dWf']],
    ]);
    expect(both.diagnosis[2]).not.toContain('agree but');
  });

  it('says the output gradients agree only when both were judged OK', () => {
    const c = lstm('course');
    expect(diagnoseStatuses(c, { dWya: 'OK', dby: 'OK', dWf: 'MISMATCH' }).diagnosis[0]).toMatch(/^dWya and dby agree but dWf do not/);
    expect(diagnoseStatuses(c, { dWya: 'OK', dby: 'SKIPPED', dWf: 'MISMATCH' }).diagnosis[0]).not.toContain('agree but');
    expect(diagnoseStatuses(c, { dWya: 'MISMATCH', dby: 'MISMATCH', dWf: 'MISMATCH' }).diagnosis.at(-1)).not.toContain('agree but');
  });

  it('a stacked RNN points at what a lower layer receives from above, (D6), only when the top layer agrees and only lower layers disagree', () => {
    const c = rnn(2);
    const lower = diagnoseStatuses(c, { dWya: 'OK', dby: 'OK', 'dWax[1]': 'MISMATCH', 'dWax[2]': 'OK' });
    expect(lower.findings.map((f) => [f.id, f.quantities])).toEqual([['cell-backward', ['dWax[1]']]]);
    expect(lower.diagnosis[0]).toContain('top layer agrees');
    expect(lower.diagnosis[0]).toMatch(/\(D6\)–\(D9\)$/);
    const top = diagnoseStatuses(c, { dWya: 'OK', dby: 'OK', 'dWax[1]': 'OK', 'dWax[2]': 'MISMATCH', 'dWaa[2]': 'OK' });
    expect(top.diagnosis[0]).not.toContain('top layer agrees');
    const both = diagnoseStatuses(c, { dWya: 'OK', dby: 'OK', 'dWax[1]': 'MISMATCH', 'dWax[2]': 'MISMATCH', 'dWaa[2]': 'OK' });
    expect(both.diagnosis[0]).not.toContain('top layer agrees');
  });

  it('clipping is blamed only when every gradient agrees, and the update only when the clipped ones agree too', () => {
    const c = lstm('course');
    const rules = (s: Record<string, string>) => diagnoseStatuses(c, s).findings.map((f) => [f.id, f.quantities]);
    expect(rules({ dWf: 'OK', 'clipped dWf': 'MISMATCH' })).toEqual([['clipping', ['clipped dWf']]]);
    expect(rules({ loss: 'OK', 'updated Wf': 'MISMATCH', dWf: 'OK' })).toEqual([['update', ['updated Wf']]]);
    expect(rules({ 'clipped dWf': 'MISMATCH', 'updated Wf': 'MISMATCH' })).toEqual([['clipping', ['clipped dWf']]]);
    expect(rules({ dWf: 'MISMATCH', 'clipped dWf': 'MISMATCH', 'updated Wf': 'MISMATCH' }).map(([id]) => id)).toEqual(['cell-backward']);
    expect(rules({ loss: 'MISMATCH', 'clipped dWf': 'MISMATCH' })).toEqual([
      ['cell-loss', ['loss']],
      ['clipping', ['clipped dWf']],
    ]);
    expect(rules({ loss: 'MISMATCH', 'updated Wf': 'MISMATCH' })).toEqual([
      ['cell-loss', ['loss']],
      ['update', ['updated Wf']],
    ]);
  });
});

describe('the cells’ catalogue findings', () => {
  const entry = (kind: 'mistake' | 'convention', names: string[]): CellMistakeTable => ({ m: { id: `fake-${kind}`, when: 'something' }, kind, table: new Map(names.map((n) => [n, [[1]]])) });
  const theirs = new Map([['dWf', [[1]]], ['dbf', [[1]]]]);

  it('a catalogue entry that explains a quantity is a mistake finding about it, set on its report, and no rule repeats it', () => {
    const d = diagnoseStatuses(lstm('course'), { dWya: 'OK', dby: 'OK', dWf: 'MISMATCH', dWi: 'MISMATCH' }, [entry('mistake', ['dWf'])], theirs);
    expect(d.findings.map((f) => [f.id, f.kind, f.quantities])).toEqual([
      ['fake-mistake', 'mistake', ['dWf']],
      ['cell-backward', 'rule', ['dWi']],
    ]);
    expect(d.quantities.map((q) => [q.name, q.status, q.mistake?.id])).toEqual([
      ['dWya', 'OK', undefined],
      ['dby', 'OK', undefined],
      ['dWf', 'MISMATCH', 'fake-mistake'],
      ['dWi', 'MISMATCH', undefined],
    ]);
  });

  it('a convention is a finding of kind mistake too, for every quantity it explains', () => {
    const d = diagnoseStatuses(lstm('course'), { dWf: 'MISMATCH', dbf: 'MISMATCH' }, [entry('convention', ['dWf', 'dbf'])], theirs);
    expect(d.findings.map((f) => [f.id, f.kind, f.quantities])).toEqual([['fake-convention', 'mistake', ['dWf', 'dbf']]]);
    expect(d.diagnosis[0]).toMatch(/^your dWf and dbf match /);
    expect(diagnoseStatuses(lstm('course'), { dWf: 'MISMATCH' }, [entry('convention', ['dWf'])], theirs).diagnosis[0]).toMatch(/^your dWf matches /);
  });
});
