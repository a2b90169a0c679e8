/** The commands on case@2 and the cells' suite: case, evaluate, check (capabilities, fixed tolerances, wrong formats), conform --cells. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAnyCase, readTheirResult, toCellResultJson } from '../../src/conformance/any-case.js';
import { cellFloat64 } from '../../src/conformance/cells/evaluate.js';
import type { CellCase } from '../../src/conformance/cells/model.js';
import { conform } from '../../src/conformance/conform.js';
import type { CellVectorSuite } from '../../src/conformance/vectors2.js';
import { runCli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'rnn-oracle-cells-cli-'));
const write = (name: string, body: unknown) => {
  const path = join(dir, name);
  writeFileSync(path, typeof body === 'string' ? body : JSON.stringify(body));
  return path;
};
const committed = JSON.parse(readFileSync(new URL('../../fixtures/conformance/cells.json', import.meta.url), 'utf8')) as CellVectorSuite;
const tests = committed.testGroups.flatMap((g) => g.tests);
const vanilla2 = tests.find((t) => t.case.cell === 'rnn' && t.case.layers === undefined)!;
const gru = tests.find((t) => t.case.cell === 'gru' && t.case.lr !== undefined)!;

describe('case, evaluate and check on case@2', () => {
  it('case finds a cells test by its tcId in the shipped cells.json, and evaluate prints a result@2 that check agrees with', async () => {
    const shown = await runCli(['case', String(gru.tcId)]);
    expect(JSON.parse(shown.stdout)).toEqual(gru.case);
    const casePath = write('gru.json', shown.stdout);
    const evaluated = await runCli(['evaluate', casePath]);
    expect(JSON.parse(evaluated.stdout)).toEqual(gru.expected);
    const checked = await runCli(['check', casePath, write('gru-theirs.json', evaluated.stdout)]);
    expect([checked.code, checked.stdout.trim().split('\n').at(-1)]).toEqual([0, 'all quantities agree']);
    const fixed = await runCli(['check', '--rtol', '1e-9', casePath, write('gru-theirs.json', evaluated.stdout)]);
    expect(fixed.stdout).toContain('1.0e-12 + 1.0e-9·|x|');
    expect((await runCli(['case', '99999'])).stderr).toMatch(/no test with tcId 99999 \(there are 1001, /);
  });

  it('the one-layer rnn written as case@2 gets a result@2, and check takes a result@1 for it too', async () => {
    const casePath = write('vanilla2.json', vanilla2.case);
    const evaluated = await runCli(['evaluate', casePath]);
    expect(JSON.parse(evaluated.stdout)).toMatchObject({ format: 'rnn-oracle/result@2', cell: 'rnn' });
    const asV1 = { ...JSON.parse(evaluated.stdout), format: 'rnn-oracle/result@1', cell: undefined };
    expect((await runCli(['check', casePath, write('v1.json', asV1)])).code).toBe(0);
    expect((await runCli(['check', casePath, write('v2.json', evaluated.stdout)])).code).toBe(0);
    const broken = await runCli(['check', casePath, write('bad.json', { format: 'rnn-oracle/result@2', loss: [1] })]);
    expect([broken.code, broken.stderr]).toEqual([2, expect.stringMatching(/bad\.json: \$\.loss: .*\n$/)]);
  });

  it('check refuses a result@1 for a gated case and a wrong case@2, in one line each, exit 2', async () => {
    const casePath = write('gru2.json', gru.case);
    const wrongFormat = await runCli(['check', casePath, write('r1.json', { format: 'rnn-oracle/result@1', loss: 1 })]);
    expect([wrongFormat.code, wrongFormat.stderr]).toEqual([2, expect.stringMatching(/r1\.json: \$\.format: .*\(a case@2 needs a result@2\)\n$/)]);
    const badCase = await runCli(['evaluate', write('bad-case.json', { ...gru.case, variant: 'split' })]);
    expect([badCase.code, badCase.stderr.trim().split('\n')]).toEqual([2, [expect.stringMatching(/bad-case\.json: \$\.variant: the gru cell needs \{"reset": …, "blend": …\}$/)]]);
  });

  it('follows declared capabilities: a mean over time is expected as declared, and without da0 the states’ gradients are SKIPPED', () => {
    const c = parseAnyCase(gru.case) as CellCase;
    const mean = readTheirResult(toCellResultJson(c, cellFloat64(c, { meanOverTime: true })), c, gru.expected);
    if ('invalid' in mean) throw new Error(mean.invalid);
    expect(mean.compare('float64', { lossReduction: 'mean' }).agree).toBe(true);
    const report = mean.compare('float64');
    expect(report.diagnosis.join('\n')).toMatch(/averaged over time instead of summed/);
    const noStates = mean.compare(gru.tolerances.float64, { lossReduction: 'mean', outputs: ['loss', 'gradients', 'clipped', 'updated'] });
    expect(noStates.quantities.filter((q) => q.status === 'SKIPPED').map((q) => q.name)).toEqual(['a', 'yHat', 'da0', 'clipped da0']);
  });

  it('reports a result without the required gradients as MISSING, naming what is required', () => {
    const c = parseAnyCase(gru.case) as CellCase;
    const read = readTheirResult({ format: 'rnn-oracle/result@2', loss: gru.expected.loss }, c, gru.expected);
    if ('invalid' in read) throw new Error(read.invalid);
    const report = read.compare(gru.tolerances.float64);
    expect(report.agree).toBe(false);
    expect(report.diagnosis[0]).toMatch(/^missing from their result: dWrx, .* \(the parameter gradients are required\)$/);
  });
});

describe('conform --cells and the cells capabilities', () => {
  it('skips the cells and variants an implementation does not declare, with the reason', async () => {
    const byId = new Map(tests.map((t) => [t.case.id, t.expected]));
    const report = await conform(committed, (c) => byId.get(c.id), { capabilities: { cells: ['lstm', 'gru'], variants: ['split', { reset: 'after-matmul', blend: 'gate-keeps-old' }] } });
    const reasons = new Set(report.rows.map((r) => r.skipReason).filter(Boolean));
    expect(reasons).toEqual(new Set(['variant lstm (course)', 'rnn cells', 'variant gru (reset after-matmul, blend gate-takes-new)', 'variant gru (reset before-matmul, blend gate-keeps-old)', 'variant gru (reset before-matmul, blend gate-takes-new)']));
    expect(report.passed).toBe(tests.filter((t) => t.case.variant === 'split' || JSON.stringify(t.case.variant) === '{"reset":"after-matmul","blend":"gate-keeps-old"}').length);
    expect(report.failed).toBe(0);
  });

  it('conform --cells runs the shipped cells suite', async () => {
    const { stdout, code } = await runCli(['conform', '--cells', '--capabilities', '{"cells":["rnn"]}', '--command', 'exit 3']);
    expect(code).toBe(1);
    expect(stdout).toMatch(/\n0 pass, 21 skipped \(lstm cells: 9; gru cells: 12\), 4 fail \(float64 tolerances\)\n$/);
  });
});
