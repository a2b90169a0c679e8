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
 *
 * The variants of src/train/variants.ts (Adagrad, global-norm clipping, chunks of one continuous
 * text) add to that state only Adagrad's memory; a chunk's position is again a function of the
 * iterations run, and so is the smoothed length behind the perplexity.
 */
import type { Dataset } from '../data/dataset.js';
import { copyParams, templateInit, type FastParams } from '../engine/model.js';
import { backward, forward, Workspace } from '../engine/rnn.js';
import { sampleName } from './sample.js';
import { INIT_SEED, sequences, type Sequences } from './sequences.js';
import { updateParameters, type UpdateConfig, type UpdateInfo } from './step.js';
import { loopFinished, runLoop, type LoopModel, type LoopState } from './run-loop.js';
import { isTemplate, smoothedLength, startLength, type TrainVariants } from './variants.js';

export { encodeExample, INIT_SEED, SHUFFLE_SEED, shuffledExamples } from './sequences.js';

export interface TrainConfig extends UpdateConfig, TrainVariants {
  readonly hidden: number;
  /** The run's total number of iterations (a resumed run counts the ones already run). */
  readonly iterations: number;
  readonly every: number;
  readonly samples: number;
  /** The model file a new run took its initial parameters from (`--init`), for the record. */
  readonly init?: string;
}

/** The course template's defaults (nA = 100 as in the document's main run). */
export const TEMPLATE_DEFAULTS: TrainConfig = { hidden: 100, iterations: 70_000, lr: 0.01, clip: 5, every: 2000, samples: 7 };

export interface Checkpoint {
  readonly iteration: number;
  readonly loss: number;
  readonly names: readonly string[];
  /** exp(smoothed loss / smoothed number of predicted characters): see src/train/variants.ts. */
  readonly perplexity?: number;
}

/** Everything a run needs to continue: after `iterationsRun` iterations, the next is example `iterationsRun mod N`. */
export interface TrainState {
  readonly params: FastParams;
  /** The hidden state after the last iteration (the next example's a⟨0⟩). */
  readonly aLast: Float64Array;
  readonly smoothedLoss: number;
  readonly iterationsRun: number;
  /** Adagrad's memory Σ g ⊙ g, laid out as the parameters (Wax | Waa | Wya | ba | by); only with --optimizer adagrad. */
  readonly memory?: Float64Array;
}

export interface TrainResult extends TrainState {
  /** The checkpoints printed by this call (a resumed run prints only its own). */
  readonly checkpoints: readonly Checkpoint[];
  /** Set when training stopped early: the iteration and the quantity that went non-finite. */
  readonly diverged?: { readonly iteration: number; readonly quantity: string };
  /** Set when `shouldStop` stopped the run before `config.iterations`. */
  readonly stopped?: boolean;
}

/** One iteration as TrainHooks.onStep sees it (asking for it costs one pass over the gradients). */
export interface StepInfo extends UpdateInfo {
  readonly iteration: number;
  /** This iteration's loss, Σ over its predicted characters. */
  readonly loss: number;
  readonly characters: number;
}

export interface TrainHooks {
  onCheckpoint?(c: Checkpoint): void;
  onIteration?(iteration: number, smoothedLoss: number, perplexity: number): void;
  /** After every update: the gradient norm before clipping and whether clipping changed a gradient. */
  onStep?(step: StepInfo): void;
  /** Asked after every completed iteration (its checkpoint printed): true stops the run there. */
  shouldStop?(iterationsRun: number): boolean;
}

/**
 * The state before the first iteration: template initialisation (or `params`), a⟨0⟩ = 0, smoothed
 * loss 7·ln V (K·ln V for chunks of K, as min-char-rnn), a zero Adagrad memory for Adagrad.
 */
export function initialState(nA: number, V: number, variants: TrainVariants = {}, params: FastParams = templateInit(nA, V, INIT_SEED)): TrainState {
  const memory = variants.optimizer === 'adagrad' ? { memory: new Float64Array(2 * nA * V + nA * nA + nA + V) } : {};
  return { params: copyParams(params), aLast: new Float64Array(nA), smoothedLoss: -Math.log(1 / V) * startLength(variants), iterationsRun: 0, ...memory };
}

/** A training run that can be advanced in slices (the CLI yields to signals between them). */
export class TrainingRun {
  private readonly sequences: Sequences;
  private readonly ws: Workspace;
  private readonly memory?: Float64Array;
  private aPrev: Float64Array;
  private readonly loop: LoopState;

  constructor(
    private readonly dataset: Dataset,
    private readonly config: TrainConfig,
    from: TrainState = initialState(config.hidden, dataset.vocabulary.length, config),
  ) {
    this.sequences = sequences(dataset, config);
    this.ws = new Workspace(config.hidden, dataset.vocabulary.length);
    this.ws.load(from.params);
    if (config.optimizer === 'adagrad') {
      if (from.memory?.length !== this.ws.paramLength) throw new RangeError(`an Adagrad run needs a memory of ${this.ws.paramLength} entries`);
      this.memory = from.memory.slice();
    }
    this.aPrev = from.aLast.slice();
    this.loop = { smoothed: from.smoothedLoss, smoothedChars: smoothedLength(config, this.sequences.length, from.iterationsRun), j: from.iterationsRun };
  }

  /** Whether the run has nothing left to do (all iterations run, or diverged). */
  get finished(): boolean {
    return loopFinished(this.loop, this.config);
  }

  /** Runs iterations until the end, a divergence, or `shouldStop`; returns the state reached. */
  run(hooks: TrainHooks = {}): TrainResult {
    const { ws, config } = this;
    const model: LoopModel = {
      forward: (X, Y, fresh) => forward(ws.params, X, Y, fresh ? new Float64Array(config.hidden) : this.aPrev, ws),
      backward: (X, Y) => void backward(X, Y, ws),
      update: (withInfo) => updateParameters(ws, config, this.memory, withInfo),
      carry: (T) => (this.aPrev = ws.a.slice(T * config.hidden, (T + 1) * config.hidden)),
      sample: (seed) => sampleName(ws.params, this.dataset.vocabulary, seed),
    };
    const { checkpoints, stopped } = runLoop(model, this.sequences, config, this.loop, hooks);
    const diverged = this.loop.diverged;
    return { ...this.state(), checkpoints, ...(stopped ? { stopped } : {}), ...(diverged ? { diverged } : {}) };
  }

  /** A copy of the state reached (for a diverged run: before the iteration that diverged). */
  state(): TrainState {
    const memory = this.memory ? { memory: this.memory.slice() } : {};
    return { params: copyParams(this.ws.params), aLast: this.aPrev.slice(), smoothedLoss: this.loop.smoothed, iterationsRun: this.loop.j, ...memory };
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

/** A checkpoint of a variant's run: the template's lines with the perplexity beside the loss. */
export function formatCheckpointWithPerplexity(c: Checkpoint): string {
  return formatCheckpoint(c).replace('\n', `, Perplexity: ${(c.perplexity ?? NaN).toFixed(6)}\n`);
}

/** How a run's checkpoints are printed: the template's own log for the template, with perplexity for a variant. */
export function checkpointFormat(variants: TrainVariants): (c: Checkpoint) => string {
  return isTemplate(variants) ? formatCheckpoint : formatCheckpointWithPerplexity;
}
