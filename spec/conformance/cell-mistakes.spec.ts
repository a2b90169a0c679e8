/** The cells' mistake catalogue (src/conformance/cells/mistakes.ts): each mistake built, then recognised by check's diagnosis, which names our (L…), (G…), (D…) equations. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseAnyCase, readTheirResult, toCellResultJson } from '../../src/conformance/any-case.js';
import { cellFloat64 } from '../../src/conformance/cells/evaluate.js';
import { CELL_MISTAKES } from '../../src/conformance/cells/mistakes.js';
import type { CellCase } from '../../src/conformance/cells/model.js';
import type { CellVectorSuite } from '../../src/conformance/vectors2.js';

const suite = JSON.parse(readFileSync(new URL('../../fixtures/conformance/cells.json', import.meta.url), 'utf8')) as CellVectorSuite;
const tests = suite.testGroups.flatMap((g) => g.tests);

/** Their result: the case computed with the mistake, as a result@2 document, checked against the oracle. */
function checkMistake(m: (typeof CELL_MISTAKES)[number], t: (typeof tests)[number]) {
  const c = parseAnyCase(t.case) as CellCase;
  const read = readTheirResult(toCellResultJson(c, cellFloat64(c, m.how(c))), c);
  if ('invalid' in read) throw new Error(read.invalid);
  return { c, report: read.compare(t.tolerances.float64) };
}

describe('the cells’ mistake catalogue, each built and recognised', () => {
  /** The first test where the mistake applies, with T > 1 (and lr when it is about the update); found inside the test, not while collecting. */
  const firstApplying = (m: (typeof CELL_MISTAKES)[number]) =>
    tests.find((x) => x.case.inputs.length > 1 && m.applies(parseAnyCase(x.case) as CellCase) && (!m.id.includes('update') && !m.id.includes('adagrad') ? true : x.case.lr !== undefined));

  it.each(CELL_MISTAKES.map((m) => [m.id, m] as const))('%s: check fails the result and its diagnosis names it, with our equation numbers', (_id, m) => {
    const t = firstApplying(m)!;
    expect(t, 'a suite test where it applies').toBeDefined();
    const { c, report } = checkMistake(m, t);
    expect(report.agree).toBe(false);
    const line = report.diagnosis.find((d) => d.includes(m.when(c)));
    expect(line, report.diagnosis.join('\n')).toBeDefined();
    if (m.kind === 'convention') expect(line).toMatch(/a convention, not a mistake/);
    else expect(line).toMatch(/^your .* (is|are) what you get when /);
    if (!['mean-over-time', 'mean-loss-summed-gradients', 'update-sign', 'adagrad-instead-of-sgd'].includes(m.id)) expect(line).toMatch(/\((L|G|D)\d+\)/);
  });

  it('names the GRU’s other conventions as conventions, saying which one the case asked for', () => {
    const t = tests.find((x) => x.case.cell === 'gru' && x.case.inputs.length > 1 && (x.case.variant as { reset: string }).reset === 'before-matmul')!;
    const m = CELL_MISTAKES.find((x) => x.id === 'gru-convention reset after-matmul, blend gate-keeps-old')!;
    const { report } = checkMistake(m, t);
    expect(report.diagnosis.join('\n')).toMatch(/match the reset after-matmul, blend gate-keeps-old convention — \(G4\) reset after the recurrent product.*; the case asks for reset before-matmul/);
  });

  it('points at (D6) when only the lower layers of a stacked RNN disagree and nothing in the catalogue explains it', () => {
    const t = tests.find((x) => x.case.layers === 2 && x.case.inputs.length > 1)!;
    const c = parseAnyCase(t.case) as CellCase;
    const q = cellFloat64(c);
    q.gradients['Wax[1]'] = q.gradients['Wax[1]'].map((r) => r.map((v) => v * 1.5));
    const read = readTheirResult(toCellResultJson(c, q), c);
    if ('invalid' in read) throw new Error(read.invalid);
    expect(read.compare(t.tolerances.float64).diagnosis.join('\n')).toMatch(/dWax\[1\] do not: the top layer agrees, so what a lower layer receives from the one above is the suspect — \(D6\)/);
  });

  it.each([
    ['lstm', 'course', 'Wf', /dWya and dby agree but dWf do not: the backward pass through the cell — \(L13\), \(L15\), \(L16\), \(L19\), \(L20\)/],
    ['lstm', 'split', 'Whh', /dWhh do not: the backward pass through the cell — \(L13\)–\(L19\), \(L22\)/],
    ['gru', 'after', 'Wux', /dWux do not: the backward pass through the cell — \(G10\), \(G12\), \(G18\)/],
    ['gru', 'before', 'Waa', /dWaa do not: the backward pass through the cell — \(G10\), \(G11\), \(G14\), \(G15\)/],
  ])('names the equations a disagreeing %s (%s) gradient depends on when nothing in the catalogue explains it: d%s', (cell, variant, name, text) => {
    const t = tests.find((x) => x.case.cell === cell && x.case.inputs.length > 1 && JSON.stringify(x.case.variant).includes(variant))!;
    const c = parseAnyCase(t.case) as CellCase;
    const q = cellFloat64(c);
    q.gradients[name] = q.gradients[name].map((r) => r.map((v) => v * 1.5 + 0.01));
    const read = readTheirResult(toCellResultJson(c, q), c);
    if ('invalid' in read) throw new Error(read.invalid);
    expect(read.compare(t.tolerances.float64).diagnosis.join('\n')).toMatch(text);
  });

  it('names the forward pass and the output layer when those disagree', () => {
    const t = tests.find((x) => x.case.cell === 'lstm' && x.case.inputs.length > 1)!;
    const c = parseAnyCase(t.case) as CellCase;
    const q = cellFloat64(c);
    q.a = q.a.map((r) => r.map((v) => v + 0.1));
    q.gradients.by = q.gradients.by.map((r) => r.map((v) => v + 0.1));
    const read = readTheirResult(toCellResultJson(c, q), c);
    if ('invalid' in read) throw new Error(read.invalid);
    const d = read.compare(t.tolerances.float64).diagnosis.join('\n');
    expect(d).toMatch(/the states a⟨t⟩ disagree: the cell’s forward pass, \(L1\)–\(L7\)/);
    expect(d).toMatch(/the output-layer gradients disagree: .*\(L11\), \(L12\)/);
  });
});
