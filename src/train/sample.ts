/**
 * Sampling a new name, as the course template does: zero input and zero hidden state; at the k-th
 * character reseed numpy's generator with seed + 2k and draw from ŷ with choice(V, p = ŷ); stop at
 * newline or after 50 characters (then a newline is appended).
 */
import type { FastParams } from '../engine/model.js';
import { forward, Workspace } from '../engine/rnn.js';
import { NumpyRandom } from '../random/numpy.js';

export const MAX_SAMPLE_LENGTH = 50;

/** The sampled character indices, ending with the newline index. */
export function sampleIndices(p: FastParams, newline: number, seed: number): number[] {
  const ws = new Workspace(p.nA, p.V, 1);
  ws.load(p);
  const rng = new NumpyRandom();
  const indices: number[] = [];
  let a = new Float64Array(p.nA);
  let x: number | null = null;
  for (let k = 0; k < MAX_SAMPLE_LENGTH; k++) {
    forward(ws.params, [x], [0], a, ws); // one step of eqs. (1)–(2); the target is unused
    rng.seed(seed + 2 * k);
    const idx = rng.choice(ws.yHat.subarray(0, p.V));
    indices.push(idx);
    if (idx === newline) return indices;
    a = ws.a.slice(p.nA, 2 * p.nA);
    x = idx;
  }
  indices.push(newline);
  return indices;
}

/** A sampled name as the template prints it, `t[0].upper() + t[1:]`: first character (code point) upper-cased, ending in a newline. */
export function sampleName(p: FastParams, vocabulary: readonly string[], seed: number): string {
  const [first, ...rest] = sampleIndices(p, vocabulary.indexOf('\n'), seed).map((i) => vocabulary[i]);
  return first.toUpperCase() + rest.join('');
}
