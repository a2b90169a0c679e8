/** `rnn-oracle conform`: the suite against another program, per process or streaming. */
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Option, type Command } from 'commander';
import { ConformanceInputError } from '../conformance/case.js';
import { capabilitiesArgument, type Capabilities } from '../conformance/capabilities.js';
import { commandImplementation, conform, formatConformRow, formatConformSummary, type KeptFiles } from '../conformance/conform.js';
import { streamImplementation } from '../conformance/stream.js';
import { parseSuite } from '../conformance/suite.js';
import type { VectorSuite } from '../conformance/vectors.js';
import type { Io } from './io.js';
import { integerIn, oneOf } from './options.js';

export const DEFAULT_VECTORS = fileURLToPath(new URL('../../fixtures/conformance/vectors.json', import.meta.url));

/** A file's text (`-` is stdin), or one line saying why not. */
export function readText(path: string): string {
  try {
    return readFileSync(path === '-' ? 0 : path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ConformanceInputError(`${path}: ${code === 'ENOENT' ? 'no such file' : `cannot read (${code})`}`);
  }
}

/** The suite at `path`, validated. */
export function readSuite(path: string): VectorSuite {
  return parseSuite(readText(path), path);
}

/** Makes sure `dir` is a directory we can use (created if missing); `option` names it in errors. */
export function ensureDirectory(dir: string, option: string): void {
  let isDirectory: boolean | undefined;
  try {
    isDirectory = statSync(dir).isDirectory();
  } catch {
    // does not exist yet
  }
  if (isDirectory === false) throw new ConformanceInputError(`${option} ${dir}: exists and is not a directory`);
  if (isDirectory) return;
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    throw new ConformanceInputError(`${option} ${dir}: cannot create the directory (${(error as NodeJS.ErrnoException).code})`);
  }
}

/** Writes a file into a directory given by `option`, or one line saying why it cannot. */
export function writeInto(dir: string, name: string, text: string, option: string): void {
  try {
    writeFileSync(join(dir, name), text);
  } catch (error) {
    throw new ConformanceInputError(`${option} ${dir}: cannot write ${name} (${(error as NodeJS.ErrnoException).code})`);
  }
}

interface ConformFlags {
  command: string;
  vectors: string;
  precision?: 'float64' | 'float32';
  timeout: number;
  stream?: boolean;
  capabilities?: Capabilities;
  keep?: string;
}

export function addConformCommand(program: Command, io: Io, setExit: (code: number) => void): void {
  program
    .command('conform')
    .description('run the suite against another program: one process per case (case JSON on stdin, result JSON on stdout), or one process speaking JSON lines (--stream)')
    .requiredOption('--command <CMD>', 'the program to run, through the shell')
    .addOption(new Option('--vectors <PATH>', 'the suite').default(DEFAULT_VECTORS, 'the copy shipped in fixtures/conformance/'))
    .option('--precision <P>', 'float64 or float32 tolerances (default: their capabilities’, else float64)', oneOf(['float64', 'float32'] as const))
    .option('--timeout <MS>', 'per case', integerIn(1, 3_600_000), 30_000)
    .option('--stream', 'one process for the whole suite: a hello line, then one case line in, one result line out')
    .option('--capabilities <JSON-or-FILE>', 'what the program can express (inputs, outputs, update, lossReduction, precision); wins over its hello', capabilitiesArgument)
    .option('--keep <DIR>', 'write tcN.case.json, tcN.result.json and tcN.stderr.txt for every test into DIR')
    .action(async (o: ConformFlags) => {
      const suite = readSuite(o.vectors);
      if (o.keep) ensureDirectory(o.keep, '--keep');
      const keep = o.keep && ((tcId: number, files: KeptFiles) => {
        writeInto(o.keep!, `tc${tcId}.case.json`, files.case, '--keep');
        writeInto(o.keep!, `tc${tcId}.result.json`, files.result ?? '', '--keep');
        writeInto(o.keep!, `tc${tcId}.stderr.txt`, files.stderr ?? '', '--keep');
      });
      const impl = o.stream ? streamImplementation(o.command, o.timeout) : commandImplementation(o.command, o.timeout);
      const progress = io.errIsTTY ? (text: string) => io.err(`\r\x1b[K${text}`) : () => {};
      const report = await conform(suite, impl, {
        capabilities: o.capabilities,
        precision: o.precision,
        keep: keep || undefined,
        onStart: (tcId, index, total) => progress(`test ${tcId} (${index + 1} of ${total})…`),
        onRow: (row) => {
          progress('');
          io.out(formatConformRow(row));
        },
      });
      io.out(formatConformSummary(report));
      setExit(report.failed === 0 ? 0 : 1);
    });
}
