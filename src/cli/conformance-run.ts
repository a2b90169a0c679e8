/**
 * The work of `rnn-oracle evaluate | check | vectors | case | conform`, loaded only when one of
 * them runs (it brings in zod and mathjs; `rnn-oracle --help` does not need them).
 */
import { join } from 'node:path';
import { encodeNumber } from '../data/json-numbers.js';
import { ConformanceInputError, parseCase } from '../conformance/case.js';
import { capabilitiesArgument } from '../conformance/capabilities.js';
import { compareResult, FLOAT32_TOLERANCE, FLOAT64_TOLERANCE, quantitiesOf, type CheckReport } from '../conformance/compare.js';
import { commandImplementation, conform, formatConformRow, formatConformSummary, type KeptFiles } from '../conformance/conform.js';
import { toResultJson } from '../conformance/evaluate.js';
import { evaluateExact } from '../conformance/exact.js';
import { BARE_NON_FINITE_NOTE, parseLenientJson } from '../conformance/lenient-json.js';
import { issueLine, jsonSchemas, resultSchema, unknownKeys } from '../conformance/schema.js';
import { streamImplementation } from '../conformance/stream.js';
import { findTest, parseSuite } from '../conformance/suite.js';
import { generateVectors, type VectorSuite } from '../conformance/vectors.js';
import type { CheckFlags, ConformFlags } from './conformance-command.js';
import { ensureDirectory, readText, writeInto } from './files.js';
import type { Io } from './io.js';

/** The suite at `path`, validated. */
export function readSuite(path: string): VectorSuite {
  return parseSuite(readText(path), path);
}

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

/** `evaluate`: the oracle's exact result for a case. */
export function evaluateCommand(path: string, io: Io): number {
  io.out(`${JSON.stringify(toResultJson(evaluateExact(parseCase(readText(path), path))))}\n`);
  return 0;
}

/** `check`: their result for a case against the oracle's; 0 when nothing failed. */
export function checkCommand(casePath: string, theirsPath: string, o: CheckFlags, io: Io): number {
  const c = parseCase(readText(casePath), casePath);
  const { result, notes } = readResult(theirsPath);
  const base = o.precision === 'float32' ? FLOAT32_TOLERANCE : FLOAT64_TOLERANCE;
  const fixed = o.rtol !== undefined || o.atol !== undefined;
  const tolerance = fixed ? { rtol: o.rtol ?? base.rtol, atol: o.atol ?? base.atol, precision: o.precision } : o.precision;
  const report = compareResult(c, quantitiesOf(result), tolerance, o.capabilities === undefined ? undefined : capabilitiesArgument(o.capabilities));
  io.out(o.json ? checkReportJson(report, notes) : formatCheckReport(report) + notes.map((n) => `${n}\n`).join(''));
  return report.agree ? 0 : 1;
}

/** `vectors --out DIR`: the suite and the JSON Schemas. */
export function vectorsCommand(out: string, io: Io): number {
  ensureDirectory(out, '--out');
  const suite = generateVectors();
  writeInto(out, 'vectors.json', `${JSON.stringify(suite, null, 1)}\n`, '--out');
  for (const [name, schema] of Object.entries(jsonSchemas())) writeInto(out, name, `${JSON.stringify(schema, null, 1)}\n`, '--out');
  io.out(`wrote ${suite.numberOfTests} tests in ${suite.testGroups.length} groups to ${join(out, 'vectors.json')}, and case.schema.json, result.schema.json\n`);
  return 0;
}

/** `case TCID`: one test's case from the suite. */
export function caseCommand(tcId: number, vectors: string, io: Io): number {
  io.out(`${JSON.stringify(findTest(readSuite(vectors), tcId, vectors).case, null, 1)}\n`);
  return 0;
}

/** `conform`: the suite against a program, per process or streaming; 0 when no test failed. */
export async function conformCommand(o: ConformFlags, io: Io): Promise<number> {
  const suite = readSuite(o.vectors);
  const capabilities = o.capabilities === undefined ? undefined : capabilitiesArgument(o.capabilities);
  if (o.keep) ensureDirectory(o.keep, '--keep');
  const keep = o.keep && ((tcId: number, files: KeptFiles) => {
    writeInto(o.keep!, `tc${tcId}.case.json`, files.case, '--keep');
    writeInto(o.keep!, `tc${tcId}.result.json`, files.result ?? '', '--keep');
    writeInto(o.keep!, `tc${tcId}.stderr.txt`, files.stderr ?? '', '--keep');
  });
  const impl = o.stream ? streamImplementation(o.command, o.timeout) : commandImplementation(o.command, o.timeout);
  const progress = io.errIsTTY ? (text: string) => io.err(`\r\x1b[K${text}`) : () => {};
  const report = await conform(suite, impl, {
    capabilities,
    precision: o.precision,
    keep: keep || undefined,
    onStart: (tcId, index, total) => progress(`test ${tcId} (${index + 1} of ${total})…`),
    onRow: (row) => {
      progress('');
      io.out(formatConformRow(row));
    },
  });
  io.out(formatConformSummary(report));
  return report.failed === 0 ? 0 : 1;
}
