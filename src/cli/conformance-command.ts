/**
 * `rnn-oracle evaluate | check | vectors | case | conform`: checking other implementations. This file
 * only declares the commands; their work is in conformance-run.ts, imported when one runs.
 */
import { fileURLToPath } from 'node:url';
import { Option, type Command } from 'commander';
import type { Io } from './io.js';
import { integerIn, numberAbove, oneOf } from './options.js';

export const DEFAULT_VECTORS = fileURLToPath(new URL('../../fixtures/conformance/vectors.json', import.meta.url));
/** The gated and stacked cells' suite (rnn-oracle/vectors@2). */
export const DEFAULT_CELLS = fileURLToPath(new URL('../../fixtures/conformance/cells.json', import.meta.url));

export interface CheckFlags {
  precision: 'float64' | 'float32';
  rtol?: number;
  atol?: number;
  json?: boolean;
  /** JSON or a file, parsed when the command runs. */
  capabilities?: string;
}

export interface ConformFlags {
  command: string;
  vectors: string;
  precision?: 'float64' | 'float32';
  timeout: number;
  stream?: boolean;
  /** JSON or a file, parsed when the command runs. */
  capabilities?: string;
  keep?: string;
  cells?: boolean;
}

const work = () => import('./conformance-run.js');

export function addConformanceCommands(program: Command, io: Io, setExit: (code: number) => void): void {
  program
    .command('evaluate')
    .description('print the oracle’s result (rnn-oracle/result@1 or @2) for a case (rnn-oracle/case@1 or @2); - reads stdin')
    .argument('<case.json>')
    .action(async (path: string) => setExit((await work()).evaluateCommand(path, io)));
  program
    .command('check')
    .description('compare another implementation’s result for a case with the oracle’s')
    .argument('<case.json>')
    .argument('<theirs.json>')
    .option('--precision <P>', 'float64 or float32: sets the default tolerances', oneOf(['float64', 'float32'] as const), 'float64')
    .option('--rtol <R>', 'one relative tolerance for every quantity (default: each quantity’s, from the case’s conditioning; with --atol only: 1e-9 / 1e-3)', numberAbove(-1e-300))
    .option('--atol <A>', 'one absolute tolerance for every quantity (default: each quantity’s, from the case’s conditioning; with --rtol only: 1e-12 / 1e-5)', numberAbove(-1e-300))
    .option('--json', 'print the report as JSON')
    .option('--capabilities <JSON-or-FILE>', 'what their implementation can express (as for conform)')
    .action(async (casePath: string, theirsPath: string, o: CheckFlags) => setExit((await work()).checkCommand(casePath, theirsPath, o, io)));
  program
    .command('vectors')
    .description('write the conformance suite (vectors.json) and the JSON Schemas of the formats')
    .requiredOption('--out <DIR>', 'directory to write into (created if missing)')
    .action(async (o: { out: string }) => setExit((await work()).vectorsCommand(o.out, io)));
  program
    .command('case')
    .description('print one test’s case from the suite (vectors.json, then cells.json), e.g. to run `check` on it')
    .argument('<TCID>', 'the test’s tcId', integerIn(0, Number.MAX_SAFE_INTEGER))
    .addOption(new Option('--vectors <PATH>', 'the suite').default(DEFAULT_VECTORS, 'the copy shipped in fixtures/conformance/'))
    .action(async (tcId: number, o: { vectors: string }) => setExit((await work()).caseCommand(tcId, o.vectors, io)));
  program
    .command('conform')
    .description('run the suite against another program: one process per case (case JSON on stdin, result JSON on stdout), or one process speaking JSON lines (--stream)')
    .requiredOption('--command <CMD>', 'the program to run, through the shell')
    .addOption(new Option('--vectors <PATH>', 'the suite').default(DEFAULT_VECTORS, 'the copy shipped in fixtures/conformance/'))
    .option('--precision <P>', 'float64 or float32 tolerances (default: their capabilities’, else float64)', oneOf(['float64', 'float32'] as const))
    .option('--timeout <MS>', 'per case', integerIn(1, 3_600_000), 30_000)
    .option('--stream', 'one process for the whole suite: a hello line, then one case line in, one result line out')
    .option('--capabilities <JSON-or-FILE>', 'what the program can express (inputs, outputs, update, lossReduction, precision); wins over its hello')
    .option('--keep <DIR>', 'write tcN.case.json, tcN.result.json and tcN.stderr.txt for every test into DIR')
    .option('--cells', 'run the LSTM, GRU and stacked-RNN suite (fixtures/conformance/cells.json, case@2) instead of --vectors')
    .action(async (o: ConformFlags) => setExit(await (await work()).conformCommand(o, io)));
}
