/**
 * Fuzzing every file the CLI reads — cases, results, model files, vector suites, datasets — with
 * raw bytes, truncated JSON and structure-aware mutations of valid documents. Whatever the input:
 * no exception escapes (a stack trace for the user), a refusal is exit 2 with exactly one line on
 * stderr, and input that is not a document at all is never accepted (exit 0).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { FUZZ_RUNS, garbage, mutated } from '../helpers/fuzz.js';
import { runCli, type CliResult } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'rnn-oracle-fuzz-'));
let counter = 0;
function file(content: string | Uint8Array): string {
  const path = join(dir, `f${++counter}.json`);
  writeFileSync(path, content);
  return path;
}

const suite = JSON.parse(readFileSync(new URL('../../fixtures/conformance/vectors.json', import.meta.url), 'utf8'));
const validCase = suite.testGroups[0].tests[8].case; // clip and lr: every part of the format
const validResult = suite.testGroups[0].tests[8].expected;
const smallSuite = { ...suite, numberOfTests: 1, testGroups: [{ ...suite.testGroups[0], tests: [suite.testGroups[0].tests[1]] }] };
let validModel = '';

/** What every run must satisfy: no throw; exit 2 ⇒ one line on stderr; `accepted` lists allowed codes. */
async function expectWellBehaved(argv: string[], accepted: readonly number[]): Promise<CliResult> {
  const r = await runCli(argv);
  expect(accepted).toContain(r.code);
  if (r.code === 2) expect(r.stderr).toMatch(/^rnn-oracle: [^\n]+\n$/);
  return r;
}

beforeAll(async () => {
  const out = join(dir, 'model.json');
  await runCli(['train', '--hidden', '3', '--iterations', '2', '--every', '1000', '--samples', '0', '--out', out]);
  validModel = readFileSync(out, 'utf8');
});

describe('fuzzing the parsers: one line and exit 2 for bad input, never a stack trace', () => {
  it('evaluate refuses garbage case files and handles mutated cases', async () => {
    await fc.assert(fc.asyncProperty(garbage(JSON.stringify(validCase)), async (b) => void (await expectWellBehaved(['evaluate', file(b)], [2]))), { numRuns: FUZZ_RUNS });
    await fc.assert(fc.asyncProperty(mutated(validCase), async (c) => void (await expectWellBehaved(['evaluate', file(JSON.stringify(c))], [0, 2]))), { numRuns: FUZZ_RUNS });
  });

  it('check refuses garbage result files and handles mutated results', async () => {
    const casePath = file(JSON.stringify(validCase));
    await fc.assert(fc.asyncProperty(garbage(JSON.stringify(validResult)), async (b) => void (await expectWellBehaved(['check', casePath, file(b)], [2]))), { numRuns: FUZZ_RUNS });
    await fc.assert(fc.asyncProperty(mutated(validResult), async (r) => void (await expectWellBehaved(['check', casePath, file(JSON.stringify(r))], [0, 1, 2]))), { numRuns: FUZZ_RUNS });
  });

  it('sample refuses garbage model files and handles mutated models', async () => {
    await fc.assert(fc.asyncProperty(garbage(validModel), async (b) => void (await expectWellBehaved(['sample', '--model', file(b), '--count', '1'], [2]))), { numRuns: FUZZ_RUNS });
    await fc.assert(
      fc.asyncProperty(mutated(JSON.parse(validModel)), async (m) => void (await expectWellBehaved(['sample', '--model', file(JSON.stringify(m)), '--count', '1'], [0, 2]))),
      { numRuns: FUZZ_RUNS },
    );
  });

  it('conform refuses garbage vector files and handles mutated suites', async () => {
    const run = (path: string) => ['conform', '--vectors', path, '--command', 'exit 3', '--timeout', '2000'];
    await fc.assert(fc.asyncProperty(garbage(JSON.stringify(smallSuite)), async (b) => void (await expectWellBehaved(run(file(b)), [2]))), { numRuns: FUZZ_RUNS / 2 });
    await fc.assert(fc.asyncProperty(mutated(smallSuite), async (s) => void (await expectWellBehaved(run(file(JSON.stringify(s))), [1, 2]))), { numRuns: FUZZ_RUNS / 2 });
  });

  it('train handles arbitrary bytes as a dataset: it trains on text or refuses in one line', async () => {
    const bytes = fc.oneof(fc.uint8Array({ maxLength: 120 }), fc.string({ maxLength: 80 }).map((s) => new TextEncoder().encode(s)));
    await fc.assert(
      fc.asyncProperty(bytes, async (b) => void (await expectWellBehaved(['train', '--dataset', file(b), '--hidden', '2', '--iterations', '2', '--every', '1000', '--samples', '0'], [0, 2]))),
      { numRuns: FUZZ_RUNS / 2 },
    );
  });
});

describe('inputs the fuzzer found, kept as regression examples', () => {
  it('refuses a suite with no tests (a run that checks nothing must not exit 0)', async () => {
    const r = await expectWellBehaved(['conform', '--vectors', file(JSON.stringify({ ...smallSuite, testGroups: [] })), '--command', 'exit 3'], [2]);
    expect(r.stderr).toMatch(/no tests/);
  });

  it('refuses a suite whose tests share a tcId', async () => {
    const t = smallSuite.testGroups[0].tests[0];
    const twice = { ...smallSuite, testGroups: [{ ...smallSuite.testGroups[0], tests: [t, t] }] };
    await expectWellBehaved(['conform', '--vectors', file(JSON.stringify(twice)), '--command', 'exit 3'], [2]);
  });

  it('refuses a suite whose stored tolerances are not numbers', async () => {
    const t = smallSuite.testGroups[0].tests[0];
    const bad = { ...smallSuite, testGroups: [{ ...smallSuite.testGroups[0], tests: [{ ...t, tolerances: { float64: 'NaN', float32: {} } }] }] };
    await expectWellBehaved(['conform', '--vectors', file(JSON.stringify(bad)), '--command', 'exit 3'], [2]);
  });

  it('prints a parser’s excerpt of a binary file on one line', async () => {
    await expectWellBehaved(['evaluate', file(new Uint8Array([10, 0]))], [2]);
  });
});
