/**
 * `rnn-oracle harness python`: prints the conformance harness a user saves next to their own code
 * (harness/python/rnn_oracle_harness.py, shipped with the package); their adapter imports it and
 * speaks the conformance protocol, per process or streaming (docs/conformance.md).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { CliError, type Io } from './io.js';

/** The harness of each language, relative to this file (src/cli/ or dist/cli/: both two levels down). */
const HARNESSES: Readonly<Record<string, string>> = {
  python: '../../harness/python/rnn_oracle_harness.py',
};

/** The harness for `language`, as the text to save; a one-line CliError for a language we have none for. */
export function harnessSource(language: string): string {
  const path = Object.hasOwn(HARNESSES, language) ? HARNESSES[language] : undefined;
  if (path === undefined) throw new CliError(`harness: no harness for '${language}' (available: ${Object.keys(HARNESSES).join(', ')})`);
  return readFileSync(fileURLToPath(new URL(path, import.meta.url)), 'utf8');
}

/** Adds the `harness` command to the program; `setExit` receives its exit code. */
export function addHarnessCommand(program: Command, io: Io, setExit: (code: number) => void): void {
  program
    .command('harness')
    .description('print the conformance harness for your language, to save next to your code: rnn-oracle harness python > rnn_oracle_harness.py')
    .argument('<language>', `one of: ${Object.keys(HARNESSES).join(', ')}`)
    .action((language: string) => {
      io.out(harnessSource(language));
      setExit(0);
    });
}
