/** The package surface: `rnn-oracle/conformance` and `rnn-oracle/engine` resolve through package.json `exports` (the built dist/, as a user gets it). */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compareResult, conform, evaluate, generateVectors, parseCase, quantitiesOf, CASE_FORMAT, RESULT_FORMAT, VECTORS_FORMAT, type Capabilities } from 'rnn-oracle/conformance';
import { backward, forward, fromReference, toReference, Workspace } from 'rnn-oracle/engine';
import { forwardSequence } from 'rnn-oracle';

const suite = JSON.parse(readFileSync(new URL('../../fixtures/conformance/vectors.json', import.meta.url), 'utf8'));

describe('the package’s subpath exports, imported by package name', () => {
  it('rnn-oracle/conformance runs the suite with capabilities and has the formats', async () => {
    const capabilities: Capabilities = { inputs: ['null', 'index'] };
    const report = await conform(suite, (c) => suite.testGroups.flatMap((g: { tests: { case: { id: string }; expected: unknown }[] }) => g.tests).find((t: { case: { id: string } }) => t.case.id === c.id).expected, { capabilities });
    expect([report.passed, report.skipped, report.failed]).toEqual([suite.numberOfTests - 2, 2, 0]);
    expect([CASE_FORMAT, RESULT_FORMAT, VECTORS_FORMAT]).toEqual(['rnn-oracle/case@1', 'rnn-oracle/result@1', 'rnn-oracle/vectors@1']);
    for (const f of [compareResult, evaluate, generateVectors, parseCase, quantitiesOf]) expect(typeof f).toBe('function');
  });

  it('rnn-oracle/engine gives the fast forward/backward, its Workspace and the conversions; "." still works', () => {
    for (const f of [backward, forward, fromReference, toReference, Workspace, forwardSequence]) expect(typeof f).toBe('function');
  });
});
