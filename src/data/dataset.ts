/**
 * Training data as the course template reads it — `open(path).read().lower()` in Python's text mode
 * with a UTF-8 locale: "\r\n" and "\r" read as "\n"; a UTF-8 byte-order mark is *kept*, as the
 * character U+FEFF (Python's "utf-8" codec keeps it; only "utf-8-sig" drops it), so it is in the
 * vocabulary and starts the first line, and we say so in a note. The vocabulary is
 * `sorted(set(text))` plus newline, by code point; the examples are the lines' `strip()`, non-empty.
 * See src/data/python-text.ts for where Python and JavaScript differ.
 */
import { UserInputError } from '../errors.js';
import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { pythonStrip, sortedByCodePoint, universalNewlines } from './python-text.js';

/** The datasets shipped in fixtures/datasets/. */
export const BUILTIN_DATASETS = ['elements', 'movies'] as const;

/** A vocabulary larger than this is refused: a character model over it is not sensible here. */
export const MAX_VOCABULARY = 200;

/**
 * The longest example, in characters. An iteration's cost grows with the example's length, faster
 * than linearly past a few thousand characters (the workspace leaves the cache): `node
 * bench/limits.mjs` printed 6 ms at 100 characters, 45 ms at 1,000, 0.9 s at 10,000 and 23 s at
 * 100,000 (nA = 100, on the shared, loaded 2-core machine). 1,000 is 20× the template's
 * 50-character sampling cap and 27× the longest built-in name, and keeps an iteration near 50 ms.
 */
export const MAX_LINE_LENGTH = 1000;

/** The largest dataset file, in bytes (16 MiB, 645,277 short lines: loaded in 3.5 s by bench/limits.mjs): far beyond a names list. */
export const MAX_DATASET_BYTES = 16 * 1024 * 1024;

export interface Dataset {
  /** Where it came from: a built-in name or the path as given. */
  readonly source: string;
  /** The characters, sorted by code point; index = position. vocabulary[0] is '\n'. */
  readonly vocabulary: readonly string[];
  readonly charToIndex: ReadonlyMap<string, number>;
  readonly examples: readonly string[];
  /** The text as the template reads it (newlines translated, BOM kept), before lower-casing; it is hashed. */
  readonly text: string;
  /** Things the user should know about how the file was read (e.g. a kept byte-order mark). */
  readonly notes?: readonly string[];
}

/** The path of a built-in dataset, or `spec` itself. */
export function datasetPath(spec: string): string {
  return (BUILTIN_DATASETS as readonly string[]).includes(spec)
    ? fileURLToPath(new URL(`../../fixtures/datasets/${spec}.txt`, import.meta.url))
    : spec;
}

function readBytes(path: string): Buffer {
  try {
    const stat = statSync(path);
    const size = stat.size;
    if (!stat.isFile() && !stat.isDirectory()) throw new DatasetError(`${path}: not a regular file`);
    if (size > MAX_DATASET_BYTES) throw new DatasetError(`${path}: ${size} bytes is larger than the ${MAX_DATASET_BYTES}-byte limit for a dataset`);
    return readFileSync(path);
  } catch (error) {
    if (error instanceof DatasetError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new DatasetError(`${path}: cannot read dataset (${code === 'ENOENT' ? 'no such file' : code})`);
  }
}

/** Reads and checks a dataset; errors are one line naming the file and the problem. */
export function loadDataset(spec: string): Dataset {
  const path = datasetPath(spec);
  return { ...datasetFromBytes(readBytes(path), path), source: spec };
}

/** The dataset of a file's bytes, decoded as the template decodes them; `source` names it in errors. */
export function datasetFromBytes(bytes: Uint8Array, source: string): Dataset {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes); // ignoreBOM: keep it, as Python does
  } catch {
    throw new DatasetError(`${source}: not UTF-8 (first invalid byte at offset ${firstInvalidUtf8(bytes)})`);
  }
  return datasetFromText(universalNewlines(text), source);
}

/** The dataset of a text (newlines already translated), with the same checks; `source` names it in errors. */
export function datasetFromText(text: string, source: string): Dataset {
  if (text.length === 0) throw new DatasetError(`${source}: the file is empty`);
  const lower = text.toLowerCase();
  const lines = lower.split('\n');
  const examples: string[] = [];
  lines.forEach((line, i) => {
    const example = pythonStrip(line);
    const length = [...example].length;
    if (length > MAX_LINE_LENGTH) throw new DatasetError(`${source}:${i + 1}: line of ${length} characters is longer than the ${MAX_LINE_LENGTH}-character limit`);
    if (length > 0) examples.push(example);
  });
  if (examples.length === 0) throw new DatasetError(`${source}: no non-blank line`);
  const vocabulary = sortedByCodePoint([...lower, '\n']);
  if (vocabulary.length > MAX_VOCABULARY) {
    throw new DatasetError(`${source}: vocabulary of ${vocabulary.length} characters is larger than ${MAX_VOCABULARY}`);
  }
  const charToIndex = new Map(vocabulary.map((c, i) => [c, i]));
  const notes = text.startsWith('\uFEFF')
    ? [`${source} starts with a UTF-8 byte-order mark; like the template (Python's open() with UTF-8) it is read as the character U+FEFF, which is in the vocabulary and starts the first line — remove it from the file if that is not wanted`]
    : [];
  return { source, vocabulary, charToIndex, examples, text, ...(notes.length > 0 ? { notes } : {}) };
}

/** The byte offset where UTF-8 decoding first fails: the bytes before the first U+FFFD of a lenient decode. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  const lenient = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
  return Buffer.byteLength(lenient.slice(0, lenient.indexOf('\uFFFD')), 'utf8');
}

export class DatasetError extends UserInputError {}
