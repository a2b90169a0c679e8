/**
 * conform (src/conformance/conform.ts) with TypeScript implementations on a few tests of the
 * committed suite: each outcome, the counts, what is kept and when the callbacks run, and the
 * lines and columns of the printed report.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { commandImplementation, conform, formatConformReport, formatConformRow, formatConformSummary, ImplementationFailure, ProgramOutput, type ConformReport, type ConformRow, type KeptFiles } from '../../src/conformance/conform.js';
import type { CaseJson, ResultJson } from '../../src/conformance/schema.js';
import type { VectorSuite } from '../../src/conformance/vectors.js';
import { lazy } from '../helpers/lazy.js';

const suite = lazy(() => JSON.parse(readFileSync(new URL('../../fixtures/conformance/vectors.json', import.meta.url), 'utf8')) as VectorSuite);
const only = (...ids: number[]): VectorSuite => ({
  ...suite(),
  testGroups: suite().testGroups.map((g) => ({ ...g, tests: g.tests.filter((t) => ids.includes(t.tcId)) })).filter((g) => g.tests.length > 0),
});
const expectedOf = (c: CaseJson): ResultJson => structuredClone(suite().testGroups.flatMap((g) => g.tests).find((t) => t.case.id === c.id)!.expected);
type Loose = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('conform — one row per test, in the suite’s order, and the counts', () => {
  it('passes a test given its expected result, fails one with a wrong gradient, and counts a crash as failed', async () => {
    const impl = (c: CaseJson) => {
      if (c.id === 'tc2') throw new Error('boom');
      const r = expectedOf(c) as Loose;
      if (c.id === 'tc5') r.gradients.Waa[0][0] += 1;
      return r;
    };
    const report = await conform(only(1, 2, 5, 8), impl);
    expect(report.rows.map((r) => [r.tcId, r.outcome])).toEqual([[1, 'PASS'], [2, 'CRASH'], [5, 'MISMATCH'], [8, 'PASS']]);
    expect([report.passed, report.skipped, report.failed]).toEqual([2, 0, 2]);
    expect(report.rows[1].details).toEqual(['boom']);
    expect(report.rows[0].details).toEqual([]);
    expect(report.rows[2].details[0]).toBe('dWaa MISMATCH');
  });

  it('names every failing quantity on the first line, MISMATCH before MISSING in the suite’s order, and calls the test MISMATCH', async () => {
    const report = await conform(only(8), (c: CaseJson) => {
      const r = expectedOf(c) as Loose;
      r.gradients.Wya[1][2] = 5;
      delete r.clipped;
      return r;
    });
    const [row] = report.rows;
    expect(row.outcome).toBe('MISMATCH');
    expect(row.details[0]).toBe('dWya MISMATCH, clipped dWax MISSING, clipped dWaa MISSING, clipped dWya MISSING, clipped dba MISSING, clipped dby MISSING');
  });

  it('calls a test with required quantities missing and nothing wrong MISSING, and says which are skipped', async () => {
    const report = await conform(only(8), (c: CaseJson) => {
      const r = expectedOf(c) as Loose;
      delete r.clipped.Wax;
      delete r.a;
      delete r.yHat;
      return r;
    });
    const [row] = report.rows;
    expect([row.outcome, row.details[0], report.failed]).toEqual(['MISSING', 'clipped dWax MISSING', 1]);
    expect(row.details.filter((d) => d.startsWith('skipped: '))).toEqual(['skipped: a, yHat (not in their result)']);
  });

  it('gives TIMEOUT or CRASH from the failure an adapter throws, INVALID for a result that is not one, CRASH for output that is not JSON', async () => {
    const impl = (c: CaseJson) => {
      if (c.id === 'tc1') throw new ImplementationFailure('TIMEOUT', 'too slow');
      if (c.id === 'tc2') return { format: 'nope' };
      if (c.id === 'tc5') return new ProgramOutput('{"loss":', '');
      throw new ImplementationFailure('CRASH', 'exit code 3');
    };
    const report = await conform(only(1, 2, 5, 8), impl);
    expect(report.rows.map((r) => r.outcome)).toEqual(['TIMEOUT', 'INVALID', 'CRASH', 'CRASH']);
    expect(report.rows[0].details).toEqual(['too slow']);
    expect(report.rows[1].details[0]).toMatch(/\$\.format/);
    expect(report.rows[2].details[0]).toMatch(/^stdout is not JSON/);
    expect([report.passed, report.failed]).toEqual([0, 4]);
  });

  it('reads a program’s output with bare NaN tokens, noting them, and keeps what each test sent and received', async () => {
    const kept: [number, KeptFiles][] = [];
    const impl = (c: CaseJson) => {
      const r = expectedOf(c) as Loose;
      if (c.id === 'tc2') throw new ImplementationFailure('CRASH', 'died', { stdout: 'half', stderr: 'why' });
      if (c.id === 'tc5') return r;
      r.gradients.Waa[0][0] = 'NaN';
      return new ProgramOutput(JSON.stringify(r).replace('"NaN"', 'NaN'), 'err');
    };
    const report = await conform(only(1, 2, 5), impl, { keep: (tcId, files) => kept.push([tcId, files]) });
    expect(report.rows.map((r) => r.outcome)).toEqual(['MISMATCH', 'CRASH', 'PASS']);
    expect(report.rows[0].details.some((d) => d.includes('bare NaN'))).toBe(true);
    expect(report.rows[2].details.some((d) => d.includes('bare NaN'))).toBe(false);
    expect(kept.map(([id, f]) => [id, JSON.parse(f.case).id, f.stderr])).toEqual([[1, 'tc1', 'err'], [2, 'tc2', 'why'], [5, 'tc5', undefined]]);
    expect(kept[0][1].result).toContain('NaN,');
    expect(kept[1][1].result).toBe('half');
    expect(JSON.parse(kept[2][1].result!).loss).toEqual(expectedOf({ id: 'tc5' } as unknown as CaseJson).loss);
  });

  it('tells the progress callback each test’s tcId, index and the total before it runs, and the row callback after, and stops the implementation', async () => {
    const events: string[] = [];
    const impl = Object.assign((c: CaseJson) => (events.push(`run ${c.id}`), expectedOf(c)), {
      start: async () => (events.push('start'), undefined),
      stop: async () => void events.push('stop'),
    });
    await conform(only(1, 2), impl, { onStart: (id, i, n) => events.push(`start ${id} ${i}/${n}`), onRow: (r) => events.push(`row ${r.tcId} ${r.outcome}`) });
    expect(events).toEqual(['start', 'start 1 0/2', 'run tc1', 'row 1 PASS', 'start 2 1/2', 'run tc2', 'row 2 PASS', 'stop']);
  });

  it('stops the implementation even when a callback throws', async () => {
    let stopped = false;
    const impl = Object.assign((c: CaseJson) => expectedOf(c), { stop: async () => void (stopped = true) });
    await expect(conform(only(1), impl, { onRow: () => { throw new RangeError('x'); } })).rejects.toThrow(RangeError);
    expect(stopped).toBe(true);
  });

  it('skips a test whose inputs the implementation does not take, without running it, and counts it as skipped', async () => {
    let ran = 0;
    const report = await conform(only(1, 4), (c: CaseJson) => (ran++, expectedOf(c)), { capabilities: { inputs: ['null', 'index'] } });
    expect(report.rows.map((r) => [r.tcId, r.outcome, r.skipReason])).toEqual([[1, 'PASS', undefined], [4, 'SKIPPED', 'dense inputs']]);
    expect([ran, report.passed, report.skipped, report.failed]).toEqual([1, 1, 1, 0]);
    expect(report.rows[1].details).toEqual([expect.stringContaining('dense inputs')]);
  });

  it('skips a test as nothing to check when all it declares it produces (a) is absent from its result', async () => {
    const report = await conform(only(1), (c: CaseJson) => {
      const { a: _a, ...rest } = expectedOf(c);
      return rest;
    }, { capabilities: { outputs: ['a'] } });
    expect(report.rows.map((r) => [r.outcome, r.skipReason])).toEqual([['SKIPPED', 'nothing to check']]);
    // one line per reason: a is not in their result; the others are not in their outputs, each naming its output (loss, yHat, gradients, da0)
    expect(report.rows[0].details.map((d) => /^skipped: (\S+)/.exec(d)?.[1])).toEqual(['loss', 'a', 'yHat', 'dWax,', 'da0']);
  });
});

describe('conform — tolerances, cases and programs', () => {
  it('judges with a test’s stored tolerances when it has them, and derives them from the case when it has none', async () => {
    const off = (c: CaseJson) => {
      const r = expectedOf(c) as Loose;
      r.loss += 1e-3;
      return r;
    };
    const loose = only(2);
    const t = loose.testGroups[0].tests[0] as Loose;
    const wide = { rtol: 0, atol: 1 };
    t.tolerances = { float64: { precision: 'float64', quantities: Object.fromEntries(Object.keys(t.tolerances.float64.quantities).map((n) => [n, wide])) }, float32: t.tolerances.float32 };
    expect((await conform(loose, off)).rows[0].outcome).toBe('PASS');
    delete t.tolerances;
    expect((await conform(loose, off)).rows[0].outcome).toBe('MISMATCH');
    expect((await conform(loose, (c: CaseJson) => expectedOf(c))).rows[0].outcome).toBe('PASS');
  });

  it('refuses a suite whose case is wrong, naming the test and the JSON path', async () => {
    const bad = only(2);
    (bad.testGroups[0].tests[0] as Loose).case = { ...bad.testGroups[0].tests[0].case, targets: [] };
    await expect(conform(bad, (c: CaseJson) => expectedOf(c))).rejects.toThrow(/^test 2: case: \$\.targets/);
  });

  it('notes bare NaN tokens only in output that has them', async () => {
    const report = await conform(only(1), (c: CaseJson) => new ProgramOutput(JSON.stringify(expectedOf(c)), ''));
    expect([report.rows[0].outcome, report.rows[0].details]).toEqual(['PASS', []]);
  });

  it('keeps a failed command’s stdout and stderr and gives its exit code with the last line of stderr, or alone', async () => {
    const kept: KeptFiles[] = [];
    const keep = (_id: number, f: KeptFiles) => kept.push(f);
    const loud = await conform(only(1), commandImplementation('cat > /dev/null; echo out; echo first >&2; echo last >&2; exit 3'), { keep });
    expect([loud.rows[0].outcome, loud.rows[0].details]).toEqual(['CRASH', ['exit code 3: last']]);
    expect([kept[0].result, kept[0].stderr]).toEqual(['out\n', 'first\nlast\n']);
    const quiet = await conform(only(1), commandImplementation('cat > /dev/null; exit 4'));
    expect(quiet.rows[0].details).toEqual(['exit code 4']);
  });
});

describe('the printed report', () => {
  const row = (tcId: number, outcome: ConformRow['outcome'], details: string[] = [], skipReason?: string): ConformRow => ({ tcId, flags: ['A', 'B'], comment: 'c', outcome, details, skipReason });
  const report = (rows: ConformRow[], passed: number, skipped: number, failed: number): ConformReport => ({ precision: 'float32', capabilities: {}, rows, passed, skipped, failed });

  it('puts the tcId right-aligned in 3 columns, the outcome in 8, then the comment and flags, and indents each detail', () => {
    expect(formatConformRow(row(7, 'PASS', ['one', 'two']))).toBe('  7  PASS      c [A, B]\n       one\n       two\n');
    expect(formatConformRow(row(1001, 'MISMATCH'))).toBe('1001  MISMATCH  c [A, B]\n');
  });

  it('is each row’s block, then the closing line', () => {
    const r = report([row(1, 'PASS'), row(2, 'CRASH', ['why'])], 1, 0, 1);
    expect(formatConformReport(r)).toBe(formatConformRow(r.rows[0]) + formatConformRow(r.rows[1]) + formatConformSummary(r));
  });

  it('counts pass, skipped and fail in the closing line, with the skip reason, or each reason with its count', () => {
    expect(formatConformSummary(report([row(1, 'PASS')], 1, 0, 0))).toBe('1 pass, 0 skipped, 0 fail (float32 tolerances)\n');
    expect(formatConformSummary(report([row(1, 'SKIPPED', [], 'x'), row(2, 'SKIPPED', [], 'x')], 0, 2, 3))).toBe('0 pass, 2 skipped (x), 3 fail (float32 tolerances)\n');
    expect(formatConformSummary(report([row(1, 'SKIPPED', [], 'x'), row(2, 'SKIPPED', [], 'y'), row(3, 'SKIPPED', [], 'x')], 0, 3, 0))).toBe('0 pass, 3 skipped (x: 2; y: 1), 0 fail (float32 tolerances)\n');
  });
});
