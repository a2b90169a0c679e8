import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_STEPS, MAX_TESTS, MAX_WIDTH } from '../../src/conformance/limits.js';
import { runCli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'rnn-oracle-limits-'));
const write = (name: string, value: unknown) => {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(value));
  return path;
};
const tiny = { Wax: [[0.1, 0.2]], Waa: [[0.5]], Wya: [[1], [-1]], ba: [0], by: [0, 0] };
const caseOf = (T: number, params: unknown = tiny) => ({ format: 'rnn-oracle/case@1', params, inputs: Array(T).fill(0), targets: Array(T).fill(1) });

describe('limits of the conformance kit — one line and exit 2 instead of hours or gigabytes', () => {
  it(`refuses a case of more than ${MAX_STEPS} steps, naming $.inputs`, async () => {
    const long = await runCli(['evaluate', write('long.json', caseOf(MAX_STEPS + 1))]);
    expect(long.code).toBe(2);
    expect(long.stderr).toMatch(/^rnn-oracle: .*\$\.inputs: 50001 steps is more than this kit handles \(50000\)[^\n]*\n$/);
  });

  it(`refuses a hidden layer wider than ${MAX_WIDTH}, before building anything from it`, async () => {
    const n = MAX_WIDTH + 1;
    const wide = { Wax: Array.from({ length: n }, () => [0]), Waa: Array.from({ length: n }, () => [0]), Wya: [Array(n).fill(0)], ba: Array(n).fill(0), by: [0] };
    const r = await runCli(['evaluate', write('wide.json', caseOf(1, wide))]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\$\.params: nA = 1001 is more than this kit handles \(1000\)/);
  });

  it(`refuses a suite of more than ${MAX_TESTS} tests`, async () => {
    const suite = JSON.parse(readFileSync(new URL('../../fixtures/conformance/vectors.json', import.meta.url), 'utf8'));
    const t = suite.testGroups[0].tests[0];
    const many = { ...suite, testGroups: [{ ...suite.testGroups[0], tests: Array.from({ length: MAX_TESTS + 1 }, (_, k) => ({ tcId: k + 1, comment: t.comment, flags: t.flags, case: t.case })) }] };
    const r = await runCli(['conform', '--vectors', write('many.json', many), '--command', 'exit 3']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/10001 tests is more than this kit handles \(10000\)/);
  });
});
