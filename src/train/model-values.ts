/** The values a model file is made of, read with one-line errors naming the file and the JSON path. */
import { isNonFiniteString } from '../data/json-numbers.js';
import { UserInputError } from '../errors.js';

export class ModelFileError extends UserInputError {}

/** A fail function: throws one line naming the file, a JSON path and what is wrong. */
export type Fail = (where: string, what: string) => never;

/** A finite number as the format reads it; `where` is the file and JSON path. */
export function decodeNumber(v: unknown, where: string): number {
  if (typeof v === 'number') return v;
  if (isNonFiniteString(v)) throw new ModelFileError(`${where} is ${v}; a model's numbers must be finite`);
  throw new ModelFileError(`${where}: expected a number, got ${JSON.stringify(v)}`);
}

/** An r×c matrix written as rows at JSON path `where` of file `path`, as row-major float64s. */
export function readMatrix(v: unknown, where: string, path: string, r: number, c: number): Float64Array {
  if (!Array.isArray(v) || v.length !== r) throw new ModelFileError(`${path}: ${where} must have ${r} rows, got ${Array.isArray(v) ? v.length : typeof v}`);
  const out = new Float64Array(r * c);
  v.forEach((row: unknown, i) => {
    if (!Array.isArray(row) || row.length !== c) throw new ModelFileError(`${path}: ${where}[${i}] must have ${c} entries`);
    row.forEach((x: unknown, j) => (out[i * c + j] = decodeNumber(x, `${path}: ${where}[${i}][${j}]`)));
  });
  return out;
}
