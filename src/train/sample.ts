/**
 * Sampling a new name, as the course template does: zero input and zero hidden state; at the k-th
 * character reseed numpy's generator with seed + 2k and draw from ŷ with choice(V, p = ŷ); stop at
 * newline or after 50 characters (then a newline is appended). Any cell samples so, through the
 * engines' common shape (src/engine/gated-cell-engine.ts): its whole carried state starts at zeros.
 */
import type { CellEngine } from '../engine/gated-cell-engine.js';
import type { FastParams } from '../engine/model.js';
import { forward, Workspace } from '../engine/rnn.js';
import { NumpyRandom } from '../random/numpy.js';

export const MAX_SAMPLE_LENGTH = 50;

/** What sampling needs of an engine: one forward step, its ŷ, the state it reached. */
export type Sampler = Pick<CellEngine, 'forward' | 'probabilities' | 'finalState' | 'stateLength'>;

/** The vanilla parameters as a Sampler (a one-step workspace of their own). */
function vanillaSampler(p: FastParams): Sampler {
  const ws = new Workspace(p.nA, p.V, 1);
  ws.load(p);
  return {
    stateLength: p.nA,
    forward: (X, Y, a) => forward(ws.params, X, Y, a, ws),
    probabilities: (t) => ws.yHat.subarray(t * p.V, (t + 1) * p.V),
    finalState: (T) => ws.a.slice(T * p.nA, (T + 1) * p.nA),
  };
}

/** The sampled character indices, ending with the newline index. */
export function sampleIndicesWith(engine: Sampler, newline: number, seed: number): number[] {
  const rng = new NumpyRandom();
  const indices: number[] = [];
  let state: Float64Array = new Float64Array(engine.stateLength);
  let x: number | null = null;
  for (let k = 0; k < MAX_SAMPLE_LENGTH; k++) {
    engine.forward([x], [0], state); // one step of eqs. (1)–(2) (or the cell's); the target is unused
    rng.seed(seed + 2 * k);
    const idx = rng.choice(engine.probabilities(0));
    indices.push(idx);
    if (idx === newline) return indices;
    state = engine.finalState(1);
    x = idx;
  }
  indices.push(newline);
  return indices;
}

/** The sampled character indices of the vanilla parameters, ending with the newline index. */
export function sampleIndices(p: FastParams, newline: number, seed: number): number[] {
  return sampleIndicesWith(vanillaSampler(p), newline, seed);
}

/** A sampled name as the template prints it, `t[0].upper() + t[1:]`: first character (code point) upper-cased, ending in a newline. */
export function sampleNameWith(engine: Sampler, vocabulary: readonly string[], seed: number): string {
  const [first, ...rest] = sampleIndicesWith(engine, vocabulary.indexOf('\n'), seed).map((i) => vocabulary[i]);
  return first.toUpperCase() + rest.join('');
}

/** A sampled name of the vanilla parameters. */
export function sampleName(p: FastParams, vocabulary: readonly string[], seed: number): string {
  return sampleNameWith(vanillaSampler(p), vocabulary, seed);
}
