/** Where a command writes: injected so the CLI runs in-process under test. */
import { UserInputError } from '../errors.js';

export interface Io {
  /** Standard output: the command's result. */
  out(text: string): void;
  /** Standard error: progress and error messages. */
  err(text: string): void;
  /** Whether standard error is a terminal (progress is shown only there). */
  readonly errIsTTY: boolean;
}

/** The process's own streams. */
export const processIo: Io = {
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
  errIsTTY: Boolean(process.stderr.isTTY),
};

/** A user-facing failure: printed as one line, exit code 2, no stack trace. */
export class CliError extends UserInputError {}

/**
 * A message as one line: control characters (a newline inside a JSON parser's excerpt of the
 * input, a NUL from a binary file) written as escapes, so that an error is always one line.
 */
export function oneLine(message: string): string {
  return message.replace(/[\u0000-\u001f\u007f]/g, (c) => ({ '\n': '\\n', '\r': '\\r', '\t': '\\t' })[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
