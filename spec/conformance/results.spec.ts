import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCase } from '../../src/conformance/case.js';
import { evaluate, toResultJson } from '../../src/conformance/evaluate.js';
import { compareResult, FLOAT64_TOLERANCE, quantitiesOf } from '../../src/conformance/compare.js';
import { parseLenientJson } from '../../src/conformance/lenient-json.js';
import { resultSchema, type ResultJson } from '../../src/conformance/schema.js';
import type { VectorSuite } from '../../src/conformance/vectors.js';
import { runCli } from '../helpers/cli.js';

const suite = JSON.parse(readFileSync(new URL('../../fixtures/conformance/vectors.json', import.meta.url), 'utf8')) as VectorSuite;
const tests = suite.testGroups.flatMap((g) => g.tests);
const short = tests[1];
const clipped = tests.find((t) => t.case.clip !== undefined && t.case.lr === undefined)!;
const dir = mkdtempSync(join(tmpdir(), 'rnn-oracle-results-'));
const write = (name: string, body: unknown) => {
  const path = join(dir, name);
  writeFileSync(path, typeof body === 'string' ? body : JSON.stringify(body));
  return path;
};
type Loose = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const copy = (r: ResultJson): Loose => structuredClone(r) as Loose;
const compare = (caseJson: unknown, r: unknown) => {
  const parsed = resultSchema.parse(r);
  return compareResult(parseCase(caseJson), quantitiesOf(parsed), FLOAT64_TOLERANCE);
};
const statusOf = (report: ReturnType<typeof compare>, name: string) => report.quantities.find((q) => q.name === name)?.status;

describe('results — optional quantities, extra keys, Python’s bare NaN', () => {
  it('reports absent optional quantities (a, yHat, da0, clipped da0) as SKIPPED, never as OK, and still agrees', () => {
    const r = copy(clipped.expected);
    delete r.a;
    delete r.yHat;
    delete r.gradients.a0;
    delete r.clipped.a0;
    const report = compare(clipped.case, r);
    for (const name of ['a', 'yHat', 'da0', 'clipped da0']) expect(statusOf(report, name), name).toBe('SKIPPED');
    expect(report.agree).toBe(true);
  });

  it('does not claim that ŷ⟨t⟩ agree when their result has no ŷ⟨t⟩', async () => {
    const r = copy(short.expected);
    delete r.yHat;
    r.loss = 1;
    const { code, stdout } = await runCli(['check', write('case.json', short.case), write('noyhat.json', r)]);
    expect(code).toBe(1);
    expect(stdout).toMatch(/\nyHat\s+SKIPPED\s+not in their result\n/);
    expect(stdout).not.toMatch(/ŷ⟨t⟩ agree/);
  });

  it('reports required quantities that are absent as MISSING and says so, rather than that they disagree', async () => {
    const r = copy(clipped.expected);
    delete r.clipped;
    const report = compare(clipped.case, r);
    expect(statusOf(report, 'clipped dWax')).toBe('MISSING');
    expect(report.agree).toBe(false);
    expect(report.diagnosis.join('\n')).toMatch(/missing from their result: clipped dWax, .*clip/);
    expect(report.diagnosis.join('\n')).not.toMatch(/do not agree|clipped ones do not/);
  });

  it('warns about keys the format does not define instead of refusing the result', async () => {
    const r = { ...copy(short.expected), timing: { ms: 3 }, gradients: { ...copy(short.expected).gradients, dh: [1] } };
    const { code, stdout } = await runCli(['check', write('case.json', short.case), write('extra.json', r)]);
    expect(code).toBe(0);
    expect(stdout).toContain('warning: $.timing is not part of rnn-oracle/result@1');
    expect(stdout).toContain('warning: $.gradients.dh is not part of rnn-oracle/result@1');
  });

  it('accepts bare NaN, Infinity and -Infinity tokens outside strings, with a note, and leaves strings alone', async () => {
    expect(parseLenientJson('[NaN, -Infinity, Infinity, "NaN x", -1]')).toEqual({ value: ['NaN', '-Infinity', 'Infinity', 'NaN x', -1], bareNonFinite: true });
    expect(parseLenientJson('{"a": "Infinity"}')).toEqual({ value: { a: 'Infinity' }, bareNonFinite: false });
    expect(() => parseLenientJson('[Nope]')).toThrow(SyntaxError);
    const text = JSON.stringify(short.expected).replace(/"loss":[^,]+/, '"loss":NaN');
    const { code, stdout } = await runCli(['check', write('case.json', short.case), write('nan.json', text)]);
    expect(code).toBe(1);
    expect(stdout).toMatch(/\nloss\s+MISMATCH/);
    expect(stdout).toContain('bare NaN/Infinity tokens (not standard JSON)');
  });

  it('names a ragged row and its length instead of printing two equal shapes', () => {
    const r = copy(short.expected);
    r.gradients.Wax[1] = r.gradients.Wax[1].slice(1);
    const note = compare(short.case, r).quantities.find((q) => q.name === 'dWax')!.note!;
    expect(note).toMatch(/row 1 has 3 entries/);
  });

  it('points the worst index of an agreeing quantity at its largest error', () => {
    const r = copy(short.expected);
    const [i, j] = [2, 3];
    r.gradients.Wax[i][j] += 1e-14;
    const q = compare(short.case, r).quantities.find((x) => x.name === 'dWax')!;
    expect(q.status).toBe('OK');
    expect(q.worst!.index).toEqual([i, j]);
  });

  it('check --json writes ±Infinity and NaN as the documented strings, not null', async () => {
    const r = copy(short.expected);
    r.gradients.Wya[0][0] = 'Infinity';
    const { stdout } = await runCli(['check', write('case.json', short.case), write('inf.json', r), '--json']);
    const dWya = JSON.parse(stdout).quantities.find((q: { name: string }) => q.name === 'dWya');
    expect(dWya.maxAbsError).toBe('Infinity');
    expect(dWya.worst.theirs).toBe('Infinity');
  });

  it('check --capabilities compares with the values their capabilities call for (here a mean over time)', async () => {
    const mean = write('mean.json', toResultJson(evaluate(parseCase(short.case), { meanOverTime: true })));
    const args = ['check', write('case.json', short.case), mean];
    expect((await runCli(args)).code).toBe(1);
    expect((await runCli([...args, '--capabilities', '{"lossReduction":"mean"}'])).code).toBe(0);
  });
});
