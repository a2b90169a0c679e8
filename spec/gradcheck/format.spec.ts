import { describe, expect, it } from 'vitest';
import type { DirectionalReport, DirectionResult } from '../../src/gradcheck/directional.js';
import type { Verdict } from '../../src/gradcheck/elementwise.js';
import { formatCheckReport, formatDirectionalReport, methodLabel, type ElementwiseReport } from '../../src/gradcheck/format.js';
import { COMPLEX_STEP, FIRST_STEP, SAFETY } from '../../src/gradcheck/tolerances.js';

/**
 * The report tables read back: each row cut at the columns where the header's cells start, so a
 * misaligned column or a missing header cell reads back wrong. Values are compared as numbers.
 */
function readTable(lines: readonly string[], columns: number, count: number): { header: string[]; rows: string[][] } {
  const at = lines.findIndex((l) => l.split(/ {2,}/).length === columns && !/\d/.test(l));
  const starts = [...lines[at].matchAll(/(?:^| {2,})(?=\S)/g)].map((m) => m.index + m[0].length);
  const cut = (l: string) => starts.map((s, k) => l.slice(s, starts[k + 1]).trimEnd());
  return { header: cut(lines[at]), rows: lines.slice(at + 1, at + 1 + count).map(cut) };
}

/** A verdict with the given values; its error, tolerance and margin follow from them. */
function verdict(analytic: number, numeric: number, o: { tolerance?: number; cond?: number; conclusive?: boolean } = {}): Verdict {
  const error = Math.abs(analytic - numeric);
  const tolerance = o.tolerance ?? 1e-6;
  return { analytic, numeric, error, tolerance, estimate: tolerance / 20, floor: tolerance / 30, cond: o.cond ?? 10, pass: error <= tolerance, conclusive: o.conclusive ?? true };
}

const slot = (name: string, v: Verdict, worstIndex: [number, number], failures = v.pass ? 0 : 1) => ({ ...v, slot: name, worstIndex, failures });
const elementwise = (slots: ElementwiseReport['slots'], o: Partial<ElementwiseReport> = {}): ElementwiseReport => ({
  method: 'complex',
  path: 'engine',
  conclusive: slots.every((s) => s.conclusive),
  slots,
  ...o,
});
const directional = (directions: DirectionResult[], o: Partial<DirectionalReport> = {}): DirectionalReport => ({
  method: 'central',
  path: 'reference',
  pass: directions.every((d) => d.pass),
  conclusive: directions.every((d) => d.conclusive),
  maxRelativeError: 0,
  directions,
  ...o,
});
const direction = (v: Verdict): DirectionResult => ({ ...v, relativeError: 0 });

/** Numbers as the table writes them: 13 significant digits, or 2 in the margin, 1 for cond. */
const digits13 = (v: number) => Number(v.toExponential(12));
const digits2 = (v: number) => Number(v.toExponential(1));
const digits1 = (v: number) => Number(v.toExponential(0));
const lastLine = (text: string) => text.split('\n').at(-1) ?? '';
const list = (s: string) => s.split(', ');

/** Three slots whose cells are all wider than their headers: one fails on 3 entries, one on 1. */
const mixed = elementwise([
  slot('Wax[12]', verdict(-1.234567890123456e-5, -1.234567890123456e-5), [10, 11]),
  slot('Waa', verdict(2.5e3, 2.6e3, { cond: 1e4 }), [0, 1], 3),
  slot('by', verdict(0, 0), [2, 0]),
  slot('a0', verdict(7.75, 7.5), [1, 0], 1),
]);

describe('formatCheckReport — the elementwise table the CLI prints', () => {
  it('lines up every column under its header and reads back each slot’s verdict, worst entry and values', () => {
    const text = formatCheckReport(mixed);
    const { header, rows } = readTable(text.split('\n'), 6, 4);
    expect(header.every((h) => h.length > 0)).toBe(true);
    expect(rows.map((r) => r[0])).toEqual(['Wax[12]', 'Waa', 'by', 'a0']);
    expect(rows.map((r) => r[1])).toEqual(['OK', 'NOT OK', 'OK', 'NOT OK']);
    expect(rows.map((r) => r[2])).toEqual(['[10, 11]', '[0, 1]', '[2, 0]', '[1, 0]']);
    mixed.slots.forEach((s, k) => {
      expect(Number(rows[k][3])).toBe(digits13(s.analytic));
      expect(Number(rows[k][4])).toBe(digits13(s.numeric));
      const [error, relation, tolerance, , cond] = rows[k][5].split(/\s+/);
      expect([Number(error), relation === '≤', Number(tolerance), Number(cond)]).toEqual([digits2(s.error), s.pass, digits2(s.tolerance), digits1(s.cond)]);
    });
    expect(text.split('\n').filter((l) => l !== l.trimEnd())).toEqual([]);
  });

  it('keeps a sign column, so the digits of negative, zero and positive values line up', () => {
    const { rows } = readTable(formatCheckReport(mixed).split('\n'), 6, 4);
    for (const r of rows) for (const cell of [r[3], r[4]]) expect(cell.search(/\d/), cell).toBe(1);
  });

  it('ends by naming the failing slots, each with its worst entry and its number of failing entries', () => {
    const lines = formatCheckReport(mixed).split('\n');
    expect(list(lastLine(lines.join('\n')).replace(/^FAILED: /, ''))).toEqual(['Waa', 'a0']);
    expect(lines).toHaveLength(2 + 1 + 4 + 2 + 1); // header, table, a detail per failing slot, the verdict
    const details = lines.filter((l) => /^\S+ \[\d+, \d+\]: /.test(l));
    expect(details.map((l) => l.slice(0, l.indexOf(':')))).toEqual(['Waa [0, 1]', 'a0 [1, 0]']);
    const counts = details.map((l) => /(\d+) (entry fails|entries fail)$/.exec(l));
    expect(counts.map((m) => [Number(m?.[1]), m?.[2]])).toEqual([
      [3, 'entries fail'],
      [1, 'entry fails'],
    ]);
  });

  it('ends with the number of slots when every one passes conclusively, and with no failure detail', () => {
    const passing = elementwise(mixed.slots.filter((s) => s.pass));
    const lines = formatCheckReport(passing).split('\n');
    expect(lastLine(lines.join('\n'))).not.toMatch(/FAILED/);
    expect(Number(/^all (\d+) pass$/.exec(lastLine(lines.join('\n')))?.[1])).toBe(2);
    expect(lines.filter((l) => /^\S+ \[\d+, \d+\]: /.test(l))).toEqual([]);
  });

  it('gives no verdict when a passing slot could not have failed, naming those slots and the largest cond of all', () => {
    const report = elementwise([
      slot('Wax', verdict(1, 1, { cond: 1e17, conclusive: false }), [0, 0]),
      slot('Waa', verdict(1, 1, { cond: 1e3 }), [0, 0]),
      slot('Wya', verdict(2, 2, { cond: 1e19 }), [0, 0]),
      slot('by', verdict(3, 3, { cond: 1e16, conclusive: false }), [0, 0]),
    ]);
    const end = /^NO VERDICT for (.*): .*cond up to ([^)]*)\)/.exec(lastLine(formatCheckReport(report)));
    expect(list(end?.[1] ?? '')).toEqual(['Wax', 'by']);
    expect(Number(end?.[2])).toBe(1e19);
    const { rows } = readTable(formatCheckReport(report).split('\n'), 6, 4);
    expect(rows.map((r) => r[1])).toEqual(['NO VERDICT', 'OK', 'OK', 'NO VERDICT']);
  });

  it('says in its header which method made the numbers, with its steps, which evaluator ran it, and how the tolerance is made', () => {
    const header = (method: 'complex' | 'central', path: 'engine' | 'reference') => formatCheckReport(elementwise(mixed.slots, { method, path })).split('\n').slice(0, 2);
    const [complexLine, complexTolerance] = header('complex', 'engine');
    const [centralLine, centralTolerance] = header('central', 'reference');
    expect(complexLine).toContain(methodLabel('complex'));
    expect(centralLine).toContain(methodLabel('central'));
    expect(complexLine).toMatch(/engine/);
    expect(centralLine).toMatch(/mathjs/);
    expect(header('complex', 'reference')[0]).not.toMatch(/engine/);
    expect(complexTolerance).toMatch(new RegExp(`^tolerance = ${SAFETY} × \\(complex step.* \\+ float64 floor`));
    expect(centralTolerance).toMatch(new RegExp(`^tolerance = ${SAFETY} × \\(Richardson.* \\+ float64 floor`));
  });
});

describe('methodLabel — the method with its step', () => {
  it('gives the complex step its h, and central differences their largest step, halved', () => {
    expect(methodLabel('complex')).toContain(`h = ${COMPLEX_STEP}`);
    expect(methodLabel('complex')).not.toContain(String(FIRST_STEP));
    expect(methodLabel('central')).toContain(`halving steps h ≤ ${FIRST_STEP}`);
    expect(methodLabel('central')).not.toContain(String(COMPLEX_STEP));
  });
});

describe('formatDirectionalReport — one row per random direction', () => {
  const dirs = [direction(verdict(0.5, 0.5)), direction(verdict(-3, -2.5)), direction(verdict(4e-8, 4e-8, { cond: 1e17, conclusive: false })), direction(verdict(1, 2, { cond: 1e20 })), direction(verdict(-0.25, -0.25))];

  it('numbers the directions from 1 under aligned headers and reads back ∇L·u both ways', () => {
    const { header, rows } = readTable(formatDirectionalReport(directional(dirs)).split('\n'), 5, 5);
    expect(header.every((h) => h.length > 0)).toBe(true);
    expect(rows.map((r) => r[0])).toEqual(['1', '2', '3', '4', '5']);
    expect(rows.map((r) => r[1])).toEqual(['OK', 'NOT OK', 'NO VERDICT', 'NOT OK', 'OK']);
    dirs.forEach((d, k) => expect([Number(rows[k][2]), Number(rows[k][3])]).toEqual([digits13(d.analytic), digits13(d.numeric)]));
  });

  it('details only the failing directions and ends with how many of how many failed', () => {
    const lines = formatDirectionalReport(directional(dirs)).split('\n');
    expect(lines.filter((l) => /^direction \d+: /.test(l)).map((l) => Number(/\d+/.exec(l)?.[0]))).toEqual([2, 4]);
    expect(/^FAILED: (\d+) of (\d+) directions$/.exec(lastLine(lines.join('\n')))?.slice(1).map(Number)).toEqual([2, 5]);
    // two header lines, the table's header and 5 rows, 2 details, the verdict: nothing else
    expect(lines).toHaveLength(2 + 1 + 5 + 2 + 1);
  });

  it('ends with the count when every direction passes conclusively, and otherwise names how many gave no verdict and the largest cond', () => {
    const good = [dirs[0], dirs[0], dirs[0]];
    expect(Number(/^all (\d+) directions pass$/.exec(lastLine(formatDirectionalReport(directional(good))))?.[1])).toBe(3);
    const unsure = [dirs[0], dirs[2], direction(verdict(2, 2, { cond: 1e18 }))];
    const end = /^NO VERDICT for (\d+) of (\d+) directions: .*cond up to ([^)]*)\)/.exec(lastLine(formatDirectionalReport(directional(unsure))));
    expect(end?.slice(1).map(Number)).toEqual([1, 3, 1e18]);
  });

  it('says in its header which method made the numbers and how the tolerance is made', () => {
    const [first, tolerance] = formatDirectionalReport(directional(dirs, { method: 'complex', path: 'engine' })).split('\n');
    expect(first).toContain(methodLabel('complex'));
    expect(first).toMatch(/directional/);
    expect(tolerance).toMatch(new RegExp(`^tolerance = ${SAFETY} × \\(complex step`));
  });
});
