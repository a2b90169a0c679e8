/** The fast engine checked the way users check their own code: through the conformance suite. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCase } from '../../src/conformance/case.js';
import { conform } from '../../src/conformance/conform.js';
import { toResultJson, type Quantities } from '../../src/conformance/evaluate.js';
import type { CaseJson } from '../../src/conformance/schema.js';
import type { VectorSuite } from '../../src/conformance/vectors.js';
import { fromReference } from '../../src/engine/convert.js';
import { backward, clipAndStep, forward, Workspace } from '../../src/engine/rnn.js';
import { entries, realPart } from '../../src/reference/linalg.js';

const suite = JSON.parse(readFileSync(new URL('../../fixtures/conformance/vectors.json', import.meta.url), 'utf8')) as VectorSuite;

const rows = (v: Float64Array, r: number, c: number) => Array.from({ length: r }, (_, i) => Array.from(v.subarray(i * c, (i + 1) * c)));
const column = (v: Float64Array) => Array.from(v, (x) => [x]);

/** The engine as an Implementation: one-hot or null inputs and nX = nY only. */
function engine(c: CaseJson): unknown {
  const { problem, clip, lr } = parseCase(c);
  const p = fromReference(problem.params);
  const { nA, V } = p;
  const ws = new Workspace(nA, V);
  const X = problem.inputs as (number | null)[];
  const loss = forward(p, X, problem.targets, Float64Array.from(entries(problem.a0).map(realPart)), ws);
  const a = X.map((_, t) => Array.from(ws.a.subarray((t + 1) * nA, (t + 2) * nA)));
  const yHat = X.map((_, t) => Array.from(ws.yHat.subarray(t * V, (t + 1) * V)));
  const g = backward(X, problem.targets, ws);
  const slots = () => ({ Wax: rows(g.dWax, nA, V), Waa: rows(g.dWaa, nA, nA), Wya: rows(g.dWya, V, nA), ba: column(g.dba), by: column(g.dby), a0: column(g.da0) });
  const q: Quantities = { loss, a, yHat, gradients: slots() };
  if (clip !== undefined || lr !== undefined) {
    const c5 = clip ?? Infinity;
    clipAndStep(ws, c5, lr ?? 0);
    g.da0.forEach((v, k) => (g.da0[k] = Math.min(Math.max(v, -c5), c5)));
    if (clip !== undefined) q.clipped = slots();
    const w = ws.params;
    if (lr !== undefined) q.updated = { Wax: rows(w.Wax, nA, V), Waa: rows(w.Waa, nA, nA), Wya: rows(w.Wya, V, nA), ba: column(w.ba), by: column(w.by) };
  }
  return toResultJson(q);
}

describe('the fast engine through the conformance suite', () => {
  const runnable = (keep: (flags: readonly string[]) => boolean): VectorSuite => ({
    ...suite,
    testGroups: suite.testGroups
      .filter((g) => g.shapes.nX === g.shapes.nY)
      .map((g) => ({ ...g, tests: g.tests.filter((t) => !t.flags.includes('DenseInputs') && keep(t.flags)) })),
  });

  it('passes every test it can run (one-hot inputs, nX = nY) at float64 tolerances', async () => {
    const report = await conform(runnable((flags) => !flags.includes('LargeLogits')), engine);
    expect(report.rows.filter((r) => r.outcome !== 'PASS')).toEqual([]);
    expect(report.passed).toBeGreaterThanOrEqual(10);
  });

  it('differs, by design, only in the loss for logits beyond ±709: it computes −log ŷ as the template does, which overflows', async () => {
    const report = await conform(runnable((flags) => flags.includes('LargeLogits')), engine);
    expect(report.rows).toHaveLength(1);
    expect(report.rows[0].outcome).toBe('MISMATCH');
    expect(report.rows[0].details[0]).toBe('loss MISMATCH');
  });
});
