/**
 * The work of `rnn-oracle evaluate | check | vectors | case | conform`, loaded only when one of
 * them runs (it brings in zod and mathjs; `rnn-oracle --help` does not need them).
 */
import { join } from 'node:path';
import { encodeNumber } from '../data/json-numbers.js';
import { isCellCase, parseAnyCase, readTheirResult, toAnyResultJson, toCellResultJson } from '../conformance/any-case.js';
import { ConformanceInputError } from '../conformance/case.js';
import { cellExpected } from '../conformance/cells/evaluate.js';
import { capabilitiesArgument } from '../conformance/capabilities.js';
import { FLOAT32_TOLERANCE, FLOAT64_TOLERANCE, type CheckReport } from '../conformance/compare.js';
import { commandImplementation, conform, formatConformRow, formatConformSummary, type KeptFiles } from '../conformance/conform.js';
import { evaluateExact } from '../conformance/exact.js';
import { BARE_NON_FINITE_NOTE, parseLenientJson } from '../conformance/lenient-json.js';
import { jsonSchemas } from '../conformance/schema.js';
import { streamImplementation } from '../conformance/stream.js';
import { findTest, parseSuite } from '../conformance/suite.js';
import { generateVectors, type VectorSuite } from '../conformance/vectors.js';
import { generateCellVectors } from '../conformance/vectors2.js';
import { DEFAULT_CELLS, DEFAULT_VECTORS, type CheckFlags, type ConformFlags } from './conformance-command.js';
import { ensureDirectory, readText, writeInto } from './files.js';
import type { Io } from './io.js';

/** The suite at `path`, validated. */
export function readSuite(path: string): VectorSuite {
  return parseSuite(readText(path), path);
}

/** A result file (either format), bare NaN/Infinity accepted, read against the case; notes (bare tokens, unknown keys) to print with the report. */
function readResult(path: string, c: ReturnType<typeof parseAnyCase>) {
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
  const theirs = readTheirResult(raw, c);
  if ('invalid' in theirs) throw new ConformanceInputError(`${path}: ${theirs.invalid.replace(/^result /, '')}`);
  return { theirs, notes: [...notes, ...theirs.warnings] };
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
  const c = parseAnyCase(readText(path), path);
  const doc = isCellCase(c) ? toCellResultJson(c, cellExpected(c)) : toAnyResultJson(c, evaluateExact(c));
  io.out(`${JSON.stringify(doc)}\n`);
  return 0;
}

/** `check`: their result for a case against the oracle's; 0 when nothing failed. */
export function checkCommand(casePath: string, theirsPath: string, o: CheckFlags, io: Io): number {
  const c = parseAnyCase(readText(casePath), casePath);
  const { theirs, notes } = readResult(theirsPath, c);
  const base = o.precision === 'float32' ? FLOAT32_TOLERANCE : FLOAT64_TOLERANCE;
  const fixed = o.rtol !== undefined || o.atol !== undefined;
  const tolerance = fixed ? { rtol: o.rtol ?? base.rtol, atol: o.atol ?? base.atol, precision: o.precision } : o.precision;
  const report = theirs.compare(tolerance, o.capabilities === undefined ? undefined : capabilitiesArgument(o.capabilities));
  io.out(o.json ? checkReportJson(report, notes) : formatCheckReport(report) + notes.map((n) => `${n}\n`).join(''));
  return report.agree ? 0 : 1;
}

/** `vectors --out DIR`: the suite and the JSON Schemas. */
export function vectorsCommand(out: string, io: Io): number {
  ensureDirectory(out, '--out');
  const suite = generateVectors();
  const cells = generateCellVectors();
  writeInto(out, 'vectors.json', `${JSON.stringify(suite, null, 1)}\n`, '--out');
  writeInto(out, 'cells.json', `${JSON.stringify(cells, null, 1)}\n`, '--out');
  const schemas = Object.entries(jsonSchemas());
  for (const [name, schema] of schemas) writeInto(out, name, `${JSON.stringify(schema, null, 1)}\n`, '--out');
  io.out(`wrote ${suite.numberOfTests} tests in ${suite.testGroups.length} groups to ${join(out, 'vectors.json')}, `);
  io.out(`${cells.numberOfTests} tests in ${cells.testGroups.length} groups to ${join(out, 'cells.json')}, and ${schemas.map(([n]) => n).join(', ')}\n`);
  return 0;
}

/** `case TCID`: one test's case from the suite. */
export function caseCommand(tcId: number, vectors: string, io: Io): number {
  const suite = readSuite(vectors);
  // the shipped suites share the command: a tcId not in vectors.json may be in cells.json (1001 on)
  const inCells = vectors === DEFAULT_VECTORS && !suite.testGroups.some((g) => g.tests.some((t) => t.tcId === tcId));
  const found = inCells ? findTest(readSuite(DEFAULT_CELLS), tcId, `${vectors} or ${DEFAULT_CELLS}`) : findTest(suite, tcId, vectors);
  io.out(`${JSON.stringify(found.case, null, 1)}\n`);
  return 0;
}

/** `conform`: the suite against a program, per process or streaming; 0 when no test failed. */
export async function conformCommand(o: ConformFlags, io: Io): Promise<number> {
  const suite = readSuite(o.cells ? DEFAULT_CELLS : o.vectors);
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
