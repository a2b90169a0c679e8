/**
 * Writing model files safely. Before training, `checkOutput` makes sure the path can be written
 * (its directory exists and accepts a file) and will not replace something that is not a model.
 * `writeAtomically` writes a temporary file in the same directory, flushes it to disk and renames
 * it over the target, so the target is always either the old file or the whole new one; the
 * temporary file is removed on every path out (`removeTemporaryFiles` covers exits and signals).
 */
import { closeSync, existsSync, fsyncSync, openSync, readdirSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { ModelFileError } from './model-check.js';
import { isModelFile } from './model-file.js';

/** Where a run is saved when it is interrupted without --out (in the working directory). */
export const DEFAULT_CHECKPOINT = 'rnn-oracle-checkpoint.json';

const pending = new Set<string>();

/** The temporary file used while writing `path`: beside it, named after it and this process. */
export function temporaryPath(path: string): string {
  return `${path}.tmp-${process.pid}`;
}

const errorCode = (error: unknown) => (error as NodeJS.ErrnoException).code ?? (error as Error).message;

/**
 * Checks that `out` can receive a model, before any training: not a directory (nor ending in a
 * path separator), in an existing writable directory, and not an existing file that is not an
 * rnn-oracle model unless `force`. Returns whether a file is there now. Errors name the option.
 */
export function checkOutput(out: string, force: boolean, option = '--out'): { exists: boolean } {
  if (/[\\/]$/.test(out) || (existsSync(out) && statSync(out).isDirectory())) {
    throw new ModelFileError(`${option} ${out}: is a directory; give a file path such as ${join(out, 'model.json')}`);
  }
  const dir = dirname(resolve(out));
  if (!existsSync(dir)) throw new ModelFileError(`${option} ${out}: directory ${dir} does not exist`);
  if (!statSync(dir).isDirectory()) throw new ModelFileError(`${option} ${out}: ${dir} is not a directory`);
  const probe = temporaryPath(out);
  try {
    closeSync(openSync(probe, 'w'));
    rmSync(probe, { force: true });
  } catch (error) {
    throw new ModelFileError(`${option} ${out}: cannot write in ${dir} (${errorCode(error)})`);
  }
  removeStaleTemporaries(out);
  const exists = existsSync(out);
  if (exists && !statSync(out).isFile()) throw new ModelFileError(`${option} ${out}: is not a regular file; refusing to replace it`);
  if (exists && !force && !isModelFile(out)) {
    throw new ModelFileError(`${option} ${out}: exists and is not an rnn-oracle model; refusing to replace it (--force replaces it)`);
  }
  return { exists };
}

/** Removes `${out}.tmp-PID` files left by processes that no longer run (killed with SIGKILL while writing). */
function removeStaleTemporaries(out: string): void {
  const prefix = `${basename(out)}.tmp-`;
  const dir = dirname(resolve(out));
  for (const name of readdirSync(dir)) {
    const pid = name.startsWith(prefix) ? Number(name.slice(prefix.length)) : NaN;
    if (Number.isSafeInteger(pid) && pid > 0 && !isRunning(pid)) rmSync(join(dir, name), { force: true });
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return errorCode(error) !== 'ESRCH';
  }
}

/** Writes `text` to `path` through a flushed temporary file and a rename; the temporary never outlives the call. */
export function writeAtomically(path: string, text: string): void {
  const tmp = temporaryPath(path);
  pending.add(tmp);
  try {
    const fd = openSync(tmp, 'w');
    try {
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
  } finally {
    rmSync(tmp, { force: true });
    pending.delete(tmp);
  }
}

/** Removes temporary files of writes still in progress (for exit and signal handlers). */
export function removeTemporaryFiles(): void {
  for (const tmp of pending) rmSync(tmp, { force: true });
  pending.clear();
}

/** A path in `dir` for an unplanned save that replaces nothing: rnn-oracle-checkpoint.json, then -1, -2, … */
export function freeCheckpointPath(dir = '.'): string {
  for (let k = 0; ; k++) {
    const path = join(dir, k === 0 ? DEFAULT_CHECKPOINT : DEFAULT_CHECKPOINT.replace('.json', `-${k}.json`));
    if (!existsSync(path)) return path;
  }
}

/** Where a diverged run is written when it must not replace the file at `out`: beside it. */
export function divergedPath(out: string): string {
  return out.endsWith('.json') ? `${out.slice(0, -'.json'.length)}.diverged.json` : `${out}.diverged.json`;
}
