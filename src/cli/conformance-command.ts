/** `rnn-oracle evaluate | check | vectors | conform`: checking other implementations. */
import { join } from 'node:path';
import { encodeNumber } from '../data/json-numbers.js';
import { Option, type Command } from 'commander';
import { ConformanceInputError, parseCase } from '../conformance/case.js';
import { capabilitiesArgument, type Capabilities } from '../conformance/capabilities.js';
import { compareResult, FLOAT32_TOLERANCE, FLOAT64_TOLERANCE, quantitiesOf, type CheckReport } from '../conformance/compare.js';
import { toResultJson } from '../conformance/evaluate.js';
import { evaluateExact } from '../conformance/exact.js';
import { BARE_NON_FINITE_NOTE, parseLenientJson } from '../conformance/lenient-json.js';
import { issueLine, jsonSchemas, resultSchema, unknownKeys } from '../conformance/schema.js';
import { findTest } from '../conformance/suite.js';
import { generateVectors } from '../conformance/vectors.js';
import { addConformCommand, DEFAULT_VECTORS, ensureDirectory, readSuite, readText, writeInto } from './conform-command.js';
import type { Io } from './io.js';
import { integerIn, numberAbove, oneOf } from './options.js';

/** A result file, bare NaN/Infinity accepted; notes (bare tokens, unknown keys) to print with the report. */
function readResult(path: string) {
  let raw: unknown;
  const notes: string[] = [];
  try {
    const parsed = parseLenientJson(readText(path));
    raw = parsed.value;
    if (parsed.bareNonFinite) notes.push(BARE_NON_FINITE_NOTE);
  } catch (error) {
    if (error instanceof ConformanceInputError) throw error;
    throw new ConformanceInputError(`${path}: not JSON (${(error as Error).message})`);
  }
  const parsed = resultSchema.safeParse(raw);
  if (!parsed.success) throw new ConformanceInputError(`${path}: ${issueLine(parsed.error.issues[0])}`);
  notes.push(...unknownKeys(parsed.data).map((p) => `warning: ${p} is not part of rnn-oracle/result@1 (ignored)`));
  return { result: parsed.data, notes };
}

const num = (v: number | undefined) => (v === undefined ? '' : (v < 0 ? '' : ' ') + v.toExponential(6));

/**
 * The check report as a table, then the diagnosis. Each quantity shows the tolerance it was judged
 * with (|theirs − oracle| ≤ atol + rtol·|oracle|) and the condition estimate of the case's
 * conditioning study (spread of correct evaluations ÷ (ε·max |value|)).
 */
export function formatCheckReport(r: CheckReport): string {
  const header = ['quantity', 'result', 'max abs err', 'max rel err', 'tolerance (atol + rtol·|x|)', 'condition', 'worst index', 'oracle', 'theirs'];
  const rows = r.quantities.map((q) => [
    q.name,
    q.status,
    q.maxAbsError === undefined ? '' : q.maxAbsError.toExponential(2),
    q.maxRelError === undefined ? '' : q.maxRelError.toExponential(2),
    q.tolerance ? `${q.tolerance.atol.toExponential(1)} + ${q.tolerance.rtol.toExponential(1)}·|x|` : '',
    q.condition === undefined ? '' : q.condition.toExponential(1),
    q.worst ? `[${q.worst.index.join(', ')}]` : '',
    num(q.worst?.oracle),
    num(q.worst?.theirs) + (q.note ? `  ${q.note}` : ''),
  ]);
  const widths = header.map((h, k) => Math.max(h.length, ...rows.map((row) => row[k].length)));
  const line = (cells: string[]) => cells.map((c, k) => c.padEnd(widths[k])).join('  ').trimEnd();
  const table = [line(header), ...rows.map(line)].join('\n');
  const ill = r.quantities.filter((q) => q.status === 'ILL-CONDITIONED').map((q) => q.name);
  const skipped = r.quantities.some((q) => q.status === 'SKIPPED');
  const agreeLine = r.nothingChecked
    ? 'nothing to check: every quantity was skipped'
    : ill.length > 0 ? 'every quantity checked agrees or is ILL-CONDITIONED' : skipped ? 'every quantity checked agrees' : 'all quantities agree';
  const verdict = r.agree ? agreeLine : `diagnosis:\n${r.diagnosis.map((d) => `  - ${d}`).join('\n')}`;
  const notJudged = ill.length === 0 ? '' : `\nnot judged: ${ill.join(', ')} — correct evaluations of this case spread by more than 1% there (ILL-CONDITIONED)`;
  return `${table}\n${verdict}${notJudged}\n`;
}

/** The check report as JSON, ±Infinity and NaN written as the strings the formats use. */
export function checkReportJson(r: CheckReport, notes: readonly string[]): string {
  return `${JSON.stringify({ ...r, notes }, (_k, v: unknown) => (typeof v === 'number' ? encodeNumber(v) : v), 1)}\n`;
}

export function addConformanceCommands(program: Command, io: Io, setExit: (code: number) => void): void {
  program
    .command('evaluate')
    .description('print the oracle’s result (rnn-oracle/result@1) for a case (rnn-oracle/case@1); - reads stdin')
    .argument('<case.json>')
    .action((path: string) => {
      io.out(`${JSON.stringify(toResultJson(evaluateExact(parseCase(readText(path), path))))}\n`);
      setExit(0);
    });
  program
    .command('check')
    .description('compare another implementation’s result for a case with the oracle’s')
    .argument('<case.json>')
    .argument('<theirs.json>')
    .option('--precision <P>', 'float64 or float32: sets the default tolerances', oneOf(['float64', 'float32'] as const), 'float64')
    .option('--rtol <R>', 'one relative tolerance for every quantity (default: each quantity’s, from the case’s conditioning; with --atol only: 1e-9 / 1e-3)', numberAbove(-1e-300))
    .option('--atol <A>', 'one absolute tolerance for every quantity (default: each quantity’s, from the case’s conditioning; with --rtol only: 1e-12 / 1e-5)', numberAbove(-1e-300))
    .option('--json', 'print the report as JSON')
    .option('--capabilities <JSON-or-FILE>', 'what their implementation can express (as for conform)', capabilitiesArgument)
    .action((casePath: string, theirsPath: string, o: { precision: 'float64' | 'float32'; rtol?: number; atol?: number; json?: boolean; capabilities?: Capabilities }) => {
      const c = parseCase(readText(casePath), casePath);
      const { result, notes } = readResult(theirsPath);
      const base = o.precision === 'float32' ? FLOAT32_TOLERANCE : FLOAT64_TOLERANCE;
      const fixed = o.rtol !== undefined || o.atol !== undefined;
      const tolerance = fixed ? { rtol: o.rtol ?? base.rtol, atol: o.atol ?? base.atol, precision: o.precision } : o.precision;
      const report = compareResult(c, quantitiesOf(result), tolerance, o.capabilities);
      io.out(o.json ? checkReportJson(report, notes) : formatCheckReport(report) + notes.map((n) => `${n}\n`).join(''));
      setExit(report.agree ? 0 : 1);
    });
  program
    .command('vectors')
    .description('write the conformance suite (vectors.json) and the JSON Schemas of the formats')
    .requiredOption('--out <DIR>', 'directory to write into (created if missing)')
    .action((o: { out: string }) => {
      ensureDirectory(o.out, '--out');
      const suite = generateVectors();
      writeInto(o.out, 'vectors.json', `${JSON.stringify(suite, null, 1)}\n`, '--out');
      for (const [name, schema] of Object.entries(jsonSchemas())) writeInto(o.out, name, `${JSON.stringify(schema, null, 1)}\n`, '--out');
      io.out(`wrote ${suite.numberOfTests} tests in ${suite.testGroups.length} groups to ${join(o.out, 'vectors.json')}, and case.schema.json, result.schema.json\n`);
      setExit(0);
    });
  program
    .command('case')
    .description('print one test’s case (rnn-oracle/case@1) from the suite, e.g. to run `check` on it')
    .argument('<TCID>', 'the test’s tcId', integerIn(0, Number.MAX_SAFE_INTEGER))
    .addOption(new Option('--vectors <PATH>', 'the suite').default(DEFAULT_VECTORS, 'the copy shipped in fixtures/conformance/'))
    .action((tcId: number, o: { vectors: string }) => {
      io.out(`${JSON.stringify(findTest(readSuite(o.vectors), tcId, o.vectors).case, null, 1)}\n`);
      setExit(0);
    });
  addConformCommand(program, io, setExit);
}
