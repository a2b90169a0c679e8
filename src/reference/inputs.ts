/**
 * The document's input conventions, turned into the column vectors of eq. (4).
 *
 * nX = input size. An input step is `null` (the zero vector: the course template's "None" first
 * input), an index k (the one-hot vector eₖ), or a dense array of nX numbers. A target is an index.
 */
import { column, zeros, type Matrix } from './linalg.js';

export type Input = null | number | readonly number[];

/** The one-hot column y with 1 at `index` (the document's ground-truth vector). */
export function oneHot(index: number, n: number): Matrix {
  return column(Array.from({ length: n }, (_, i) => (i === index ? 1 : 0)));
}

function checkIndex(k: number, n: number, where: string): void {
  if (!Number.isInteger(k) || k < 0 || k >= n) {
    throw new RangeError(`${where} must be an integer index in [0, ${n}), got ${k}`);
  }
}

/** x⟨t⟩ as an nX×1 column; `where` names the step in error messages (e.g. "inputs[3]"). */
export function inputVector(x: Input, nX: number, where = 'input'): Matrix {
  if (x === null) return zeros(nX, 1);
  if (typeof x === 'number') {
    checkIndex(x, nX, where);
    return oneHot(x, nX);
  }
  if (x.length !== nX) {
    throw new RangeError(`${where} must have ${nX} entries (nX), got ${x.length}`);
  }
  return column(x);
}

/** Checks a target index against the output size nY. */
export function checkTarget(k: number, nY: number, where = 'target'): number {
  checkIndex(k, nY, where);
  return k;
}
