/** `rnn-oracle evaluate | check | vectors | conform`: checking other implementations. */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { ConformanceInputError, parseCase } from '../conformance/case.js';
import { compareResult, FLOAT32_TOLERANCE, FLOAT64_TOLERANCE, quantitiesOf, type CheckReport } from '../conformance/compare.js';
import { commandImplementation, conform, formatConformReport } from '../conformance/conform.js';
import { toResultJson } from '../conformance/evaluate.js';
import { evaluateExact } from '../conformance/exact.js';
import { issueLine, jsonSchemas, resultSchema } from '../conformance/schema.js';
import { generateVectors, type VectorSuite } from '../conformance/vectors.js';
import type { Io } from './io.js';
import { integerIn, numberAbove, oneOf } from './options.js';

const DEFAULT_VECTORS = fileURLToPath(new URL('../../fixtures/conformance/vectors.json', import.meta.url));

function readText(path: string): string {
  try {
    return readFileSync(path === '-' ? 0 : path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ConformanceInputError(`${path}: ${code === 'ENOENT' ? 'no such file' : `cannot read (${code})`}`);
  }
}

function readResult(path: string) {
  let raw: unknown;
  try {
    raw = JSON.parse(readText(path));
  } catch (error) {
    if (error instanceof ConformanceInputError) throw error;
    throw new ConformanceInputError(`${path}: not JSON (${(error as Error).message})`);
  }
  const parsed = resultSchema.safeParse(raw);
  if (!parsed.success) throw new ConformanceInputError(`${path}: ${issueLine(parsed.error.issues[0])}`);
  return parsed.data;
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
  const verdict = r.agree
    ? ill.length === 0 ? 'all quantities agree' : 'every quantity agrees or is ILL-CONDITIONED'
    : `diagnosis:\n${r.diagnosis.map((d) => `  - ${d}`).join('\n')}`;
  const notJudged = ill.length === 0 ? '' : `\nnot judged: ${ill.join(', ')} — correct evaluations of this case spread by more than 1% there (ILL-CONDITIONED)`;
  return `${table}\n${verdict}${notJudged}\n`;
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
    .action((casePath: string, theirsPath: string, o: { precision: 'float64' | 'float32'; rtol?: number; atol?: number; json?: boolean }) => {
      const c = parseCase(readText(casePath), casePath);
      const theirs = quantitiesOf(readResult(theirsPath));
      const base = o.precision === 'float32' ? FLOAT32_TOLERANCE : FLOAT64_TOLERANCE;
      const fixed = o.rtol !== undefined || o.atol !== undefined;
      const report = compareResult(c, theirs, fixed ? { rtol: o.rtol ?? base.rtol, atol: o.atol ?? base.atol, precision: o.precision } : o.precision);
      io.out(o.json ? `${JSON.stringify(report, null, 1)}\n` : formatCheckReport(report));
      setExit(report.agree ? 0 : 1);
    });
  program
    .command('vectors')
    .description('write the conformance suite (vectors.json) and the JSON Schemas of the formats')
    .requiredOption('--out <DIR>', 'directory to write into (created if missing)')
    .action((o: { out: string }) => {
      mkdirSync(o.out, { recursive: true });
      const suite = generateVectors();
      writeFileSync(join(o.out, 'vectors.json'), `${JSON.stringify(suite, null, 1)}\n`);
      for (const [name, schema] of Object.entries(jsonSchemas())) writeFileSync(join(o.out, name), `${JSON.stringify(schema, null, 1)}\n`);
      io.out(`wrote ${suite.numberOfTests} tests in ${suite.testGroups.length} groups to ${join(o.out, 'vectors.json')}, and case.schema.json, result.schema.json\n`);
      setExit(0);
    });
  program
    .command('conform')
    .description('run the suite against another program: case JSON on its stdin, result JSON on its stdout, one process per case')
    .requiredOption('--command <CMD>', 'the program to run, through the shell')
    .option('--vectors <PATH>', 'the suite (default: the copy shipped in fixtures/conformance/)', DEFAULT_VECTORS)
    .option('--precision <P>', 'float64 or float32 tolerances', oneOf(['float64', 'float32'] as const), 'float64')
    .option('--timeout <MS>', 'per case', integerIn(1, 3_600_000), 30_000)
    .action(async (o: { command: string; vectors: string; precision: 'float64' | 'float32'; timeout: number }) => {
      let suite: VectorSuite;
      try {
        suite = JSON.parse(readText(o.vectors)) as VectorSuite;
      } catch (error) {
        if (error instanceof ConformanceInputError) throw error;
        throw new ConformanceInputError(`${o.vectors}: not JSON (${(error as Error).message})`);
      }
      const report = await conform(suite, commandImplementation(o.command, o.timeout), o.precision);
      io.out(formatConformReport(report));
      setExit(report.failed === 0 ? 0 : 1);
    });
}
