/**
 * What each iteration trains on: the template's names (shuffled once with numpy's seed(0), one per
 * iteration, X = [None, c1, …, cn], Y = [c1, …, cn, '\n']) or, with `--chunk K`, min-char-rnn's
 * chunks of the continuous text (src/train/variants.ts). Either is a function of the iteration
 * number alone, which is what lets a run resume without storing a position.
 */
import type { Dataset } from '../data/dataset.js';
import { NumpyRandom } from '../random/numpy.js';
import { chunkAt, trainingStream, type Sequence, type TrainVariants } from './variants.js';

export type { Sequence } from './variants.js';

/** The template's seeds: numpy's seed(1) before the initialisation, seed(0) before the shuffle. */
export const INIT_SEED = 1;
export const SHUFFLE_SEED = 0;

/** One example as the template encodes it: X = [None, c1, …, cn], Y = [c1, …, cn, '\n']. */
export function encodeExample(example: string, charToIndex: ReadonlyMap<string, number>): { X: (number | null)[]; Y: number[] } {
  const chars = [...example].map((c) => charToIndex.get(c)!);
  return { X: [null, ...chars], Y: [...chars, charToIndex.get('\n')!] };
}

/** The examples in the template's order: shuffled once with seed(0). */
export function shuffledExamples(dataset: Dataset): string[] {
  const examples = [...dataset.examples];
  new NumpyRandom(SHUFFLE_SEED).shuffle(examples);
  return examples;
}

/** What iteration j trains on, and how many characters it predicts (cheaply: a resumed run replays the lengths). */
export interface Sequences {
  readonly at: (j: number) => Sequence;
  readonly length: (j: number) => number;
}

/** Iteration j's sequence: the template's example j mod N (state carried), or the chunk of src/train/variants.ts. */
export function sequences(dataset: Dataset, config: TrainVariants): Sequences {
  const K = config.chunk;
  if (K !== undefined) {
    const stream = trainingStream(dataset);
    return { at: (j) => chunkAt(stream, K, j), length: () => K };
  }
  const examples = shuffledExamples(dataset);
  const lengths = examples.map((e) => [...e].length + 1); // its characters and the closing newline
  return {
    at: (j) => ({ ...encodeExample(examples[j % examples.length], dataset.charToIndex), fresh: false }),
    length: (j) => lengths[j % lengths.length],
  };
}
