/**
 * Training exactly as the course template's model(): template initialisation, examples shuffled
 * with seed(0), one example per iteration, hidden state carried between examples, clip, SGD,
 * smoothed loss, and every `every` iterations a checkpoint with sampled names.
 *
 * A run can stop after any iteration (`shouldStop`) and be continued from its state bit for bit:
 * the state is the parameters, the carried hidden state, the smoothed loss and the number of
 * iterations run. Nothing else is needed — the shuffled order is a function of the dataset and
 * seed(0), iteration j uses example j mod N, and sampling reseeds numpy's generator for every
 * character (seed s + 2k), so no random-generator state is carried from one iteration to the next.
 */
import type { Dataset } from '../data/dataset.js';
import { copyParams, templateInit, type FastParams } from '../engine/model.js';
import { backward, clipAndStep, forward, Workspace } from '../engine/rnn.js';
import { NumpyRandom } from '../random/numpy.js';
import { sampleName } from './sample.js';

export interface TrainConfig {
  readonly hidden: number;
  /** The run's total number of iterations (a resumed run counts the ones already run). */
  readonly iterations: number;
  readonly lr: number;
  readonly clip: number;
  readonly every: number;
  readonly samples: number;
}

/** The course template's defaults (nA = 100 as in the document's main run). */
export const TEMPLATE_DEFAULTS: TrainConfig = { hidden: 100, iterations: 70_000, lr: 0.01, clip: 5, every: 2000, samples: 7 };

/** The template's seeds: numpy's seed(1) before the initialisation, seed(0) before the shuffle. */
export const INIT_SEED = 1;
export const SHUFFLE_SEED = 0;

export interface Checkpoint {
  readonly iteration: number;
  readonly loss: number;
  readonly names: readonly string[];
}

/** Everything a run needs to continue: after `iterationsRun` iterations, the next is example `iterationsRun mod N`. */
export interface TrainState {
  readonly params: FastParams;
  /** The hidden state after the last iteration (the next example's a⟨0⟩). */
  readonly aLast: Float64Array;
  readonly smoothedLoss: number;
  readonly iterationsRun: number;
}

export interface TrainResult extends TrainState {
  /** The checkpoints printed by this call (a resumed run prints only its own). */
  readonly checkpoints: readonly Checkpoint[];
  /** Set when training stopped early: the iteration and the quantity that went non-finite. */
  readonly diverged?: { readonly iteration: number; readonly quantity: string };
  /** Set when `shouldStop` stopped the run before `config.iterations`. */
  readonly stopped?: boolean;
}

export interface TrainHooks {
  onCheckpoint?(c: Checkpoint): void;
  onIteration?(iteration: number, smoothedLoss: number): void;
  /** Asked after every completed iteration (its checkpoint printed): true stops the run there. */
  shouldStop?(iterationsRun: number): boolean;
}

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

/** The state before the first iteration: template initialisation, a⟨0⟩ = 0, smoothed loss 7·ln V. */
export function initialState(nA: number, V: number): TrainState {
  return { params: templateInit(nA, V, INIT_SEED), aLast: new Float64Array(nA), smoothedLoss: -Math.log(1 / V) * 7, iterationsRun: 0 };
}

/** A training run that can be advanced in slices (the CLI yields to signals between them). */
export class TrainingRun {
  private readonly examples: string[];
  private readonly ws: Workspace;
  private aPrev: Float64Array;
  private smoothed: number;
  private j: number;
  private diverged?: { iteration: number; quantity: string };

  constructor(
    private readonly dataset: Dataset,
    private readonly config: TrainConfig,
    from: TrainState = initialState(config.hidden, dataset.vocabulary.length),
  ) {
    this.examples = shuffledExamples(dataset);
    this.ws = new Workspace(config.hidden, dataset.vocabulary.length);
    this.ws.load(from.params);
    this.aPrev = from.aLast.slice();
    this.smoothed = from.smoothedLoss;
    this.j = from.iterationsRun;
  }

  /** Whether the run has nothing left to do (all iterations run, or diverged). */
  get finished(): boolean {
    return this.diverged !== undefined || this.j >= this.config.iterations;
  }

  /** Runs iterations until the end, a divergence, or `shouldStop`; returns the state reached. */
  run(hooks: TrainHooks = {}): TrainResult {
    const { ws, config } = this;
    const checkpoints: Checkpoint[] = [];
    while (!this.finished) {
      const j = this.j;
      const { X, Y } = encodeExample(this.examples[j % this.examples.length], this.dataset.charToIndex);
      const loss = forward(ws.params, X, Y, this.aPrev, ws);
      if (!Number.isFinite(loss)) {
        this.diverged = { iteration: j, quantity: 'loss' };
        break;
      }
      backward(X, Y, ws);
      const bad = clipAndStep(ws, config.clip, config.lr); // clip, then SGD; refused on a NaN gradient
      if (bad) {
        this.diverged = { iteration: j, quantity: bad };
        break;
      }
      this.aPrev = ws.a.slice(X.length * config.hidden, (X.length + 1) * config.hidden);
      this.smoothed = this.smoothed * 0.999 + loss * 0.001;
      this.j = j + 1;
      hooks.onIteration?.(j, this.smoothed);
      if (j % config.every === 0) {
        const names = Array.from({ length: config.samples }, (_, s) => sampleName(ws.params, this.dataset.vocabulary, s));
        const c = { iteration: j, loss: this.smoothed, names };
        checkpoints.push(c);
        hooks.onCheckpoint?.(c);
      }
      if (!this.finished && hooks.shouldStop?.(this.j)) return { ...this.state(), checkpoints, stopped: true };
    }
    return { ...this.state(), checkpoints, ...(this.diverged ? { diverged: this.diverged } : {}) };
  }

  /** A copy of the state reached (for a diverged run: before the iteration that diverged). */
  state(): TrainState {
    return { params: copyParams(this.ws.params), aLast: this.aPrev.slice(), smoothedLoss: this.smoothed, iterationsRun: this.j };
  }
}

/** Trains from the start (or from `from`) to `config.iterations`, a divergence, or `hooks.shouldStop`. */
export function train(dataset: Dataset, config: TrainConfig, hooks: TrainHooks = {}, from?: TrainState): TrainResult {
  return new TrainingRun(dataset, config, from).run(hooks);
}

/** A checkpoint as the template prints it. */
export function formatCheckpoint(c: Checkpoint): string {
  return `Iteration: ${c.iteration}, Loss: ${c.loss.toFixed(6)}\n\n${c.names.join('')}\n\n`;
}
