import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCase } from '../../src/conformance/case.js';
import { conform, formatConformReport } from '../../src/conformance/conform.js';
import { evaluate, toResultJson, type Variant } from '../../src/conformance/evaluate.js';
import type { CaseJson } from '../../src/conformance/schema.js';
import type { VectorSuite } from '../../src/conformance/vectors.js';
import { runCli } from '../helpers/cli.js';

const suite = JSON.parse(readFileSync(new URL('../../fixtures/conformance/vectors.json', import.meta.url), 'utf8')) as VectorSuite;
const n = suite.numberOfTests;
const oracle = (variant: Variant = {}) => (c: CaseJson) => toResultJson(evaluate(parseCase(c), variant));
const without = (keys: string[]) => (c: CaseJson) => {
  const r = oracle()(c) as Record<string, unknown>;
  for (const k of keys) delete r[k];
  return r;
};
const denseIds = suite.testGroups.flatMap((g) => g.tests).filter((t) => t.case.inputs.some(Array.isArray)).map((t) => t.tcId);

describe('capabilities — what an implementation can express', () => {
  it('skips tests whose inputs it does not take, with the reason in the closing line, and never runs them', async () => {
    const seen: string[] = [];
    const report = await conform(suite, (c) => (seen.push(c.id!), oracle()(c)), { capabilities: { inputs: ['null', 'index'] } });
    expect(report.rows.filter((r) => r.outcome === 'SKIPPED').map((r) => r.tcId)).toEqual(denseIds);
    expect(seen).toHaveLength(n - denseIds.length);
    expect(formatConformReport(report).split('\n').at(-2)).toBe(`${n - 2} pass, 2 skipped (dense inputs), 0 fail (float64 tolerances)`);
  });

  it('skips quantities not in its outputs instead of calling them missing', async () => {
    const report = await conform(suite, without(['gradients', 'clipped', 'updated']), { capabilities: { outputs: ['loss', 'a', 'yHat'] } });
    expect(report.failed).toBe(0);
    expect(report.passed).toBe(n);
    expect(report.rows[0].details.join('\n')).toMatch(/skipped: dWax, dWaa, dWya, dba, dby \(not in their outputs \(gradients\)\)/);
    const strict = await conform(suite, without(['gradients']));
    expect(strict.rows.every((r) => r.outcome === 'MISSING')).toBe(true);
  });

  it('skips a test when nothing it produces is checked', async () => {
    const report = await conform(suite, oracle(), { capabilities: { outputs: ['updated'] } });
    const withoutLr = report.rows.filter((r) => !('lr' in suiteCase(r.tcId)));
    expect(withoutLr.length).toBeGreaterThan(0);
    expect(withoutLr.every((r) => r.outcome === 'SKIPPED' && r.skipReason === 'nothing to check')).toBe(true);
    expect(report.passed).toBe(n - withoutLr.length);
  });

  it('lossReduction "mean" expects the loss and gradients divided by T', async () => {
    const mean = oracle({ meanOverTime: true });
    expect((await conform(suite, mean, { capabilities: { lossReduction: 'mean' } })).failed).toBe(0);
    expect((await conform(suite, mean)).passed).toBe(1); // only T = 1 agrees with the sum
  });

  it('update "adagrad" expects one Adagrad step from a fresh memory; update "none" does not ask for updated', async () => {
    const adagrad = oracle({ update: 'adagrad' });
    expect((await conform(suite, adagrad, { capabilities: { update: 'adagrad' } })).failed).toBe(0);
    expect((await conform(suite, adagrad)).failed).toBeGreaterThan(0);
    expect((await conform(suite, without(['updated']), { capabilities: { update: 'none' } })).failed).toBe(0);
  });

  it('precision comes from the options, else the capabilities, and the old positional form still works', async () => {
    const nudged = (c: CaseJson) => ({ ...(oracle()(c) as object), loss: (evaluate(parseCase(c)).loss * (1 + 1e-6)) });
    expect((await conform(suite, nudged, { capabilities: { precision: 'float32' } })).failed).toBe(0);
    expect((await conform(suite, nudged, 'float32')).failed).toBe(0);
    expect((await conform(suite, nudged, { capabilities: { precision: 'float32' }, precision: 'float64' })).failed).toBe(n);
  });

  it('conform --capabilities takes JSON or a file, exit 0 exactly when nothing failed; bad capabilities are one line, exit 2', async () => {
    const ok = await runCli(['conform', '--capabilities', '{"inputs":["null","index"],"outputs":[]}', '--command', 'false']);
    expect(ok.stdout).toMatch(/\n0 pass, 17 skipped \(nothing to check: 15; dense inputs: 2\), 0 fail/);
    expect(ok.code).toBe(0);
    const bad = await runCli(['conform', '--capabilities', '{"inputs":["sparse"]}', '--command', 'true']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^rnn-oracle: --capabilities: \$\.inputs\[0\]: .*\n$/);
    const missing = await runCli(['conform', '--capabilities', 'no-such-file.json', '--command', 'true']);
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
  });
});

function suiteCase(tcId: number): CaseJson {
  return suite.testGroups.flatMap((g) => g.tests).find((t) => t.tcId === tcId)!.case;
}
