/** The cells' conformance kit (src/conformance/cells/, vectors2.ts): expected values checked against the mathjs reference, the suite, the formats. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isCellCase, parseAnyCase, readTheirResult, toCellResultJson } from '../../src/conformance/any-case.js';
import { cellExpected, type CellQuantities } from '../../src/conformance/cells/evaluate.js';
import { cellTable } from '../../src/conformance/cells/expected.js';
import type { CellCase } from '../../src/conformance/cells/model.js';
import { compareValues } from '../../src/conformance/compare.js';
import { conform } from '../../src/conformance/conform.js';
import type { VectorSuite } from '../../src/conformance/vectors.js';
import { generateCellVectors, type CellVectorSuite } from '../../src/conformance/vectors2.js';
import { deepBackward, deepForward } from '../../src/reference/deep/bptt.js';
import { gruBackward, gruForward } from '../../src/reference/gru/bptt.js';
import type { GruParams } from '../../src/reference/gru/types.js';
import { column, entries, fromRows, realPart, type Matrix } from '../../src/reference/linalg.js';
import { lstmBackward, lstmForward } from '../../src/reference/lstm/bptt.js';
import type { LstmParams } from '../../src/reference/lstm/types.js';
import { lazy } from '../helpers/lazy.js';

const suite = lazy(() => generateCellVectors());
const committed = JSON.parse(readFileSync(new URL('../../fixtures/conformance/cells.json', import.meta.url), 'utf8')) as CellVectorSuite;
const tests = lazy(() => suite().testGroups.flatMap((g) => g.tests));
const rows = (M: Matrix): number[][] => {
  const [r, c] = [M.size()[0], M.size()[1] ?? 1];
  const v = entries(M).map(realPart);
  return Array.from({ length: r }, (_, i) => v.slice(i * c, (i + 1) * c));
};

/** The case run through the mathjs reference (src/reference/lstm, gru, deep) in float64, as a table. */
function viaReference(c: CellCase): Map<string, number[][]> {
  const m = c.model;
  const P = Object.fromEntries(Object.entries(m.params).map(([k, v]) => [k, fromRows(v)]));
  const S = Object.fromEntries(Object.entries(m.states).map(([k, v]) => [k, fromRows(v)]));
  let loss: number;
  let grads: Record<string, Matrix>;
  let a: Matrix[];
  if (m.cell === 'lstm') {
    const params = { variant: m.variant, ...P } as unknown as LstmParams;
    const f = lstmForward(params, c.inputs, c.targets, S.a0, S.c0);
    const g = lstmBackward(params, f);
    [loss, a, grads] = [realPart(f.loss), f.steps.map((s) => s.a), { ...g.dParams, da0: g.da0, dc0: g.dc0 }];
  } else if (m.cell === 'gru') {
    const params = { variant: m.variant, ...P } as unknown as GruParams;
    const f = gruForward(params, c.inputs, c.targets, S.a0);
    const g = gruBackward(params, f);
    [loss, a, grads] = [realPart(f.loss), f.steps.map((s) => s.a), { ...g.dParams, da0: g.da0 }];
  } else {
    const ls = Array.from({ length: m.layers }, (_, k) => k + 1);
    const params = { layers: ls.map((l) => ({ Wax: P[`Wax[${l}]`], Waa: P[`Waa[${l}]`], ba: P[`ba[${l}]`] })), Wya: P.Wya, by: P.by };
    const f = deepForward(params, c.inputs, c.targets, ls.map((l) => S[`a0[${l}]`]));
    const g = deepBackward(params, f);
    grads = { dWya: g.dWya, dby: g.dby };
    g.layers.forEach((d, k) => Object.assign(grads, { [`dWax[${k + 1}]`]: d.dWax, [`dWaa[${k + 1}]`]: d.dWaa, [`dba[${k + 1}]`]: d.dba, [`da0[${k + 1}]`]: g.da0[k] }));
    [loss, a] = [realPart(f.loss), f.steps.map((s) => s.states[m.layers])];
  }
  const t = new Map<string, number[][]>([['loss', [[loss]]], ['a', a.map((v) => entries(v).map(realPart))]]);
  for (const [k, v] of Object.entries(grads)) t.set(k, rows(v));
  return t;
}

describe('the cells’ expected values (cells/evaluate.ts on 40-digit BigNumbers)', () => {
  it('agree with the mathjs reference, src/reference/{lstm,gru,deep}, within each quantity’s float64 tolerance, for every cell test of the suite', () => {
    let checked = 0;
    for (const t of tests()) {
      const c = parseAnyCase(t.case);
      if (!isCellCase(c)) continue;
      const expected = cellTable(cellExpected(c));
      for (const [name, theirs] of viaReference(c)) {
        const r = compareValues(expected.get(name)!, theirs, t.tolerances.float64.quantities[name]);
        expect(r.ok, `tc${t.tcId} ${name}: ${r.maxAbs}`).toBe(true);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(100);
  });
});

describe('the cells’ suite, rnn-oracle/vectors@2 (fixtures/conformance/cells.json)', () => {
  it('is committed exactly as the generator writes it (regenerate: rnn-oracle vectors --out fixtures/conformance)', () => {
    expect(committed).toEqual(JSON.parse(JSON.stringify(suite())));
  });

  it('has a group per cell and variant — LSTM course and split, the four GRU conventions, 2 and 3 stacked layers — and every test passes when given its own expected result', async () => {
    expect(suite().testGroups.map((g) => g.name)).toEqual(
      expect.arrayContaining(['lstm (course)', 'lstm (split)', 'rnn, 2 layers', 'rnn, 3 layers', ...['after-matmul', 'before-matmul'].flatMap((r) => ['gate-keeps-old', 'gate-takes-new'].map((b) => `gru (reset ${r}, blend ${b})`))]),
    );
    const byId = new Map(tests().map((t) => [t.case.id, t.expected]));
    const report = await conform(committed, (c) => byId.get(c.id));
    expect([report.passed, report.failed]).toEqual([tests().length, 0]);
  });

  it('uses every flag it defines, and tcIds of its own (from 1001, beside vectors.json’s 1–17)', () => {
    expect(new Set(tests().flatMap((t) => t.flags))).toEqual(new Set(Object.keys(committed.flags)));
    expect(new Set(tests().map((t) => t.tcId)).size).toBe(tests().length);
    expect(Math.min(...tests().map((t) => t.tcId))).toBe(1001);
  });

  it('fails a result rounded to float32 under float64 tolerances and passes it under float32 ones, for a gated test', async () => {
    const t = tests().find((x) => x.case.cell === 'gru')!;
    const rounded = JSON.parse(JSON.stringify(t.expected, (_k, v: unknown) => (typeof v === 'number' ? Math.fround(v) : v)));
    const one = { ...committed, testGroups: [{ ...committed.testGroups[0], tests: [t] }] };
    expect((await conform(one, () => rounded, 'float64')).failed).toBe(1);
    expect((await conform(one, () => rounded, 'float32')).failed).toBe(0);
  });
});

describe('the @1 formats alongside @2', () => {
  it('the committed vectors.json (vectors@1, case@1, result@1) still reads and passes with its own expected results', async () => {
    const v1 = JSON.parse(readFileSync(new URL('../../fixtures/conformance/vectors.json', import.meta.url), 'utf8')) as VectorSuite;
    const all = v1.testGroups.flatMap((g) => g.tests);
    for (const t of all) expect(isCellCase(parseAnyCase(t.case))).toBe(false);
    const byId = new Map(all.map((t) => [t.case.id, t.expected]));
    const report = await conform(v1, (c) => byId.get(c.id));
    expect([v1.format, report.passed, report.failed]).toEqual(['rnn-oracle/vectors@1', all.length, 0]);
  });
});

describe('case@2 — cell, layers, variant and the cell’s states', () => {
  const lstm = lazy(() => tests().find((t) => t.case.cell === 'lstm')!.case);
  const deep = lazy(() => tests().find((t) => t.case.layers === 2)!.case);
  const bad = (c: unknown) => {
    try {
      parseAnyCase(c, 'c.json');
    } catch (error) {
      return (error as Error).message;
    }
    return 'accepted';
  };
  it('refuses a wrong case in one line naming the JSON path', () => {
    expect(bad({ ...lstm(), variant: undefined })).toBe('c.json: $.variant: the lstm cell needs "course" or "split"');
    expect(bad({ ...lstm(), layers: 2 })).toMatch(/^c\.json: \$\.layers: stacked layers are defined for the rnn cell only/);
    expect(bad({ ...lstm(), params: { ...lstm().params, Wz: [[1]] } })).toMatch(/^c\.json: \$\.params\.Wz: not a parameter of lstm \(course\) \(it has Wf, Wi, Wc, Wo, bf, bi, bc, bo, Wya, by\)$/);
    expect(bad({ ...lstm(), params: { ...lstm().params, Wo: (lstm().params.Wo as number[][]).slice(1) } })).toBe('c.json: $.params.Wo: must be 3×7, got 2×7');
    expect(bad({ ...lstm(), c0: [1, 2] })).toBe('c.json: $.c0: must be 3×1, got 2×1');
    expect(bad({ ...deep(), a0: [[0, 0, 0]] })).toBe('c.json: $.a0: must hold one vector per layer (2), got 1');
    expect(bad({ ...deep(), params: { ...deep().params, layers: [(deep().params.layers as object[])[0]] } })).toBe('c.json: $.params.layers[1].ba: missing');
    expect(bad({ ...lstm(), cell: 'lstn' })).toMatch(/^c\.json: \$\.cell: /);
    expect(bad({ ...lstm(), inputs: Array(201).fill(0), targets: Array(201).fill(0) })).toMatch(/^c\.json: \$\.inputs: 201 steps is more than this kit handles for a lstm cell \(200\)/);
    expect(bad({ ...lstm(), inputs: [9], targets: [0] })).toBe('c.json: $.inputs[0]: must be an integer index in [0, 4), got 9');
    expect(bad({ ...deep(), variant: 'course' })).toBe('c.json: $.variant: the rnn cell has no variants');
    expect(bad({ ...lstm(), c0: undefined, cell: 'gru' })).toBe('c.json: $.variant: the gru cell needs {"reset": …, "blend": …}');
  });

  it('reads a one-layer rnn case@2 as the case@1 it equals', () => {
    const t = tests().find((x) => x.case.cell === 'rnn' && x.case.layers === undefined)!;
    const c = parseAnyCase(t.case);
    expect(isCellCase(c)).toBe(false);
    const { cell: _c, format: _f, ...rest } = t.case;
    expect(parseAnyCase({ ...rest, format: 'rnn-oracle/case@1' })).toMatchObject({ json: expect.objectContaining({ params: t.case.params }) });
    expect(t.expected).toMatchObject({ format: 'rnn-oracle/result@2', cell: 'rnn' });
  });
});

describe('a result@2 read against its case', () => {
  it('nests stacked layers as the case does and warns about names the cell does not have', () => {
    const t = tests().find((x) => x.case.layers === 2)!;
    const c = parseAnyCase(t.case) as CellCase;
    const doc = { ...(toCellResultJson(c, cellExpected(c) as CellQuantities) as object), extra: 1, gradients: { ...(t.expected.gradients as object), Wq: [[1]] } };
    const read = readTheirResult(doc, c);
    if ('invalid' in read) throw new Error(read.invalid);
    expect(read.warnings).toEqual(['warning: $.extra is not part of rnn-oracle/result@2 for this cell (ignored)', 'warning: $.gradients.Wq is not part of rnn-oracle/result@2 for this cell (ignored)']);
    expect(read.compare(t.tolerances.float64).agree).toBe(true);
    expect(readTheirResult({ ...doc, format: 'rnn-oracle/result@1' }, c)).toMatchObject({ invalid: expect.stringMatching(/a case@2 needs a result@2/) });
  });
});
