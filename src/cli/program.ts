/** The `rnn-oracle` command line: parsing, dispatch, and one-line errors (exit 2, no stack). */
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { UserInputError } from '../errors.js';
import { addGradcheckCommand } from './gradcheck-command.js';
import { addTrainCommands } from './train-command.js';
import { addConformanceCommands } from './conformance-command.js';
import { addHarnessCommand } from './harness-command.js';
import { addGradientFlowCommand } from './gradient-flow-command.js';
import { oneLine, type Io } from './io.js';

/** Exit code of an internal error (a bug): sysexits' EX_SOFTWARE. */
export const INTERNAL_ERROR = 70;

/** The prefix of every error a user causes, ours and commander's alike. */
export const ERROR_PREFIX = 'rnn-oracle: ';

/** The package's version, read from package.json (two levels up from both src/cli and dist/cli). */
export const VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/** Commander writes "error: …"; we write every user error as "rnn-oracle: …". */
function outputError(text: string, write: (text: string) => void): void {
  write(ERROR_PREFIX + text.replace(/^error: /, ''));
}

/** Runs the CLI on `argv` (without node and script) and returns the exit code. */
export async function run(argv: readonly string[], io: Io): Promise<number> {
  let exitCode = 0;
  const program = new Command('rnn-oracle')
    .description('A reference for the vanilla character-level RNN: BPTT, gradient checks, training as the course template, conformance checks of other implementations.')
    .version(VERSION, '-V, --version', 'print the version')
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err, outputError });
  addGradcheckCommand(program, io, (code) => (exitCode = code));
  addTrainCommands(program, io, (code) => (exitCode = code));
  addConformanceCommands(program, io, (code) => (exitCode = code));
  addHarnessCommand(program, io, (code) => (exitCode = code));
  addGradientFlowCommand(program, io, (code) => (exitCode = code));
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    if (error instanceof UserInputError) {
      io.err(`${ERROR_PREFIX}${oneLine(error.message)}\n`);
      return 2;
    }
    // Anything else is our bug, not the user's input: one line that says so, the stack on request.
    if (process.env.RNN_ORACLE_DEBUG) throw error;
    io.err(`${ERROR_PREFIX}internal error, a bug in rnn-oracle rather than in your input: ${oneLine(String((error as Error)?.message ?? error))} (RNN_ORACLE_DEBUG=1 shows the stack)\n`);
    return INTERNAL_ERROR;
  }
}
