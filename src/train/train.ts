/**
 * Training exactly as the course template's model(): template initialisation, examples shuffled
 * with seed(0), one example per iteration, hidden state carried between examples, clip, SGD,
 * smoothed loss, and every `every` iterations a checkpoint with sampled names.
 */
import type { Dataset } from '../data/dataset.js';
import { copyParams, templateInit, type FastParams } from '../engine/model.js';
import { backward, clipAndStep, forward, Workspace } from '../engine/rnn.js';
import { NumpyRandom } from '../random/numpy.js';
import { sampleName } from './sample.js';

export interface TrainConfig {
  readonly hidden: number;
  readonly iterations: number;
  readonly lr: number;
  readonly clip: number;
  readonly every: number;
  readonly samples: number;
}

/** The course template's defaults (nA = 100 as in the document's main run). */
export const TEMPLATE_DEFAULTS: TrainConfig = { hidden: 100, iterations: 70_000, lr: 0.01, clip: 5, every: 2000, samples: 7 };

export interface Checkpoint {
  readonly iteration: number;
  readonly loss: number;
  readonly names: readonly string[];
}

export interface TrainResult {
  readonly params: FastParams;
  /** The hidden state after the last iteration (the next example's a⟨0⟩). */
  readonly aLast: Float64Array;
  readonly smoothedLoss: number;
  readonly checkpoints: readonly Checkpoint[];
  /** Set when training stopped early: the iteration and the quantity that went non-finite. */
  readonly diverged?: { readonly iteration: number; readonly quantity: string };
  readonly iterationsRun: number;
}

export interface TrainHooks {
  onCheckpoint?(c: Checkpoint): void;
  onIteration?(iteration: number, smoothedLoss: number): void;
}

/** One example as the template encodes it: X = [None, c1, …, cn], Y = [c1, …, cn, '\n']. */
export function encodeExample(example: string, charToIndex: ReadonlyMap<string, number>): { X: (number | null)[]; Y: number[] } {
  const chars = [...example].map((c) => charToIndex.get(c)!);
  return { X: [null, ...chars], Y: [...chars, charToIndex.get('\n')!] };
}

export function train(dataset: Dataset, config: TrainConfig, hooks: TrainHooks = {}): TrainResult {
  const V = dataset.vocabulary.length;
  const { hidden: nA } = config;
  const examples = [...dataset.examples];
  new NumpyRandom(0).shuffle(examples);
  const encoded = examples.map((e) => encodeExample(e, dataset.charToIndex));
  const ws = new Workspace(nA, V);
  ws.load(templateInit(nA, V));
  let aPrev = new Float64Array(nA);
  let smoothed = -Math.log(1 / V) * 7; // the template's get_initial_loss(V, 7)
  const checkpoints: Checkpoint[] = [];
  for (let j = 0; j < config.iterations; j++) {
    const { X, Y } = encoded[j % encoded.length];
    const loss = forward(ws.params, X, Y, aPrev, ws);
    if (!Number.isFinite(loss)) return stop(j, 'loss');
    backward(X, Y, ws);
    const bad = clipAndStep(ws, config.clip, config.lr); // clip, then SGD; refused on a NaN gradient
    if (bad) return stop(j, bad);
    aPrev = ws.a.slice(X.length * nA, (X.length + 1) * nA);
    smoothed = smoothed * 0.999 + loss * 0.001;
    hooks.onIteration?.(j, smoothed);
    if (j % config.every === 0) {
      const names = Array.from({ length: config.samples }, (_, s) => sampleName(ws.params, dataset.vocabulary, s));
      const c = { iteration: j, loss: smoothed, names };
      checkpoints.push(c);
      hooks.onCheckpoint?.(c);
    }
  }
  return { params: copyParams(ws.params), aLast: aPrev, smoothedLoss: smoothed, checkpoints, iterationsRun: config.iterations };

  function stop(iteration: number, quantity: string): TrainResult {
    return { params: copyParams(ws.params), aLast: aPrev, smoothedLoss: smoothed, checkpoints, diverged: { iteration, quantity }, iterationsRun: iteration };
  }
}

/** A checkpoint as the template prints it. */
export function formatCheckpoint(c: Checkpoint): string {
  return `Iteration: ${c.iteration}, Loss: ${c.loss.toFixed(6)}\n\n${c.names.join('')}\n\n`;
}
