/** Reading and writing the files the conformance commands name, with one-line errors (exit 2). */
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CliError } from './io.js';

/** A file's text (`-` is stdin), or one line saying why not. */
export function readText(path: string): string {
  try {
    return readFileSync(path === '-' ? 0 : path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(`${path}: ${code === 'ENOENT' ? 'no such file' : `cannot read (${code})`}`);
  }
}

/** Makes sure `dir` is a directory we can use (created if missing); `option` names it in errors. */
export function ensureDirectory(dir: string, option: string): void {
  let isDirectory: boolean | undefined;
  try {
    isDirectory = statSync(dir).isDirectory();
  } catch {
    // does not exist yet
  }
  if (isDirectory === false) throw new CliError(`${option} ${dir}: exists and is not a directory`);
  if (isDirectory) return;
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    throw new CliError(`${option} ${dir}: cannot create the directory (${(error as NodeJS.ErrnoException).code})`);
  }
}

/** Writes a file into a directory given by `option`, or one line saying why it cannot. */
export function writeInto(dir: string, name: string, text: string, option: string): void {
  try {
    writeFileSync(join(dir, name), text);
  } catch (error) {
    throw new CliError(`${option} ${dir}: cannot write ${name} (${(error as NodeJS.ErrnoException).code})`);
  }
}
