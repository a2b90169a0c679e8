/**
 * Training data as the course template reads it: the vocabulary is the sorted set of characters of
 * the lower-cased file, newline included (newline ends a name); the examples are its lower-cased,
 * stripped, non-empty lines.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The datasets shipped in fixtures/datasets/. */
export const BUILTIN_DATASETS = ['elements', 'movies'] as const;

/** A vocabulary larger than this is refused: a character model over it is not sensible here. */
export const MAX_VOCABULARY = 200;

export interface Dataset {
  /** Where it came from: a built-in name or the path as given. */
  readonly source: string;
  /** The characters, sorted by code point; index = position. vocabulary[0] is '\n'. */
  readonly vocabulary: readonly string[];
  readonly charToIndex: ReadonlyMap<string, number>;
  readonly examples: readonly string[];
  /** The file's text, as read (for hashing). */
  readonly text: string;
}

/** The path of a built-in dataset, or `spec` itself. */
export function datasetPath(spec: string): string {
  return (BUILTIN_DATASETS as readonly string[]).includes(spec)
    ? fileURLToPath(new URL(`../../fixtures/datasets/${spec}.txt`, import.meta.url))
    : spec;
}

/** Reads and checks a dataset; errors are one line naming the file and the problem. */
export function loadDataset(spec: string): Dataset {
  const path = datasetPath(spec);
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new DatasetError(`${path}: cannot read dataset (${code === 'ENOENT' ? 'no such file' : code})`);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new DatasetError(`${path}: not UTF-8 (first invalid byte at offset ${firstInvalidUtf8(bytes)})`);
  }
  return { ...datasetFromText(text, path), source: spec };
}

/** The dataset of a text, with the same checks; `source` names it in errors. */
export function datasetFromText(text: string, source: string): Dataset {
  if (text.length === 0) throw new DatasetError(`${source}: the file is empty`);
  const lower = text.toLowerCase();
  const examples = lower.split('\n').map((l) => l.trim()).filter((l) => l.length > 0);
  if (examples.length === 0) throw new DatasetError(`${source}: no non-blank line`);
  const vocabulary = [...new Set([...lower, '\n'])].sort();
  if (vocabulary.length > MAX_VOCABULARY) {
    throw new DatasetError(`${source}: vocabulary of ${vocabulary.length} characters is larger than ${MAX_VOCABULARY}`);
  }
  const charToIndex = new Map(vocabulary.map((c, i) => [c, i]));
  return { source, vocabulary, charToIndex, examples, text };
}

/** The byte offset where UTF-8 decoding first fails: the bytes before the first U+FFFD of a lenient decode. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  const lenient = new TextDecoder('utf-8').decode(bytes);
  return Buffer.byteLength(lenient.slice(0, lenient.indexOf('\uFFFD')), 'utf8');
}

export class DatasetError extends Error {}
