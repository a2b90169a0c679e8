/**
 * Training a cell run (src/train/cells.ts) through its engine, in the same loop as the template
 * (src/train/run-loop.ts): the template's seeds, order, smoothed loss, elementwise clip and SGD,
 * checkpoints sampling as the template samples (src/train/sample.ts), and a state that continues a
 * run bit for bit — the parameters by the reference's names, the carried state ([a; c] for the
 * LSTM, [a[1]; …; a[L]] when stacked), the smoothed loss and the iterations run.
 */
import type { Dataset } from '../data/dataset.js';
import type { CellEngine } from '../engine/gated-cell-engine.js';
import type { NamedParams } from '../engine/gated-params.js';
import { cellEngine, type CellSettings } from './cells.js';
import { runLoop, loopFinished, type LoopModel, type LoopState } from './run-loop.js';
import { sampleNameWith } from './sample.js';
import { INIT_SEED, sequences, type Sequences } from './sequences.js';
import type { Checkpoint, TrainConfig, TrainHooks } from './train.js';
import { smoothedLength, startLength } from './variants.js';

/** A cell run's state: what TrainState is for the template, with the parameters by name. */
export interface CellTrainState {
  readonly named: NamedParams;
  /** The carried state after the last iteration (the engine's stateLength entries). */
  readonly aLast: Float64Array;
  readonly smoothedLoss: number;
  readonly iterationsRun: number;
}

export interface CellTrainResult extends CellTrainState {
  readonly checkpoints: readonly Checkpoint[];
  readonly diverged?: { readonly iteration: number; readonly quantity: string };
  readonly stopped?: boolean;
}

/** A copy of named parameters. */
const copyNamed = (named: Readonly<NamedParams>): NamedParams => Object.fromEntries(Object.entries(named).map(([n, v]) => [n, v.slice()]));

/** The state before the first iteration: the engine's initialisation with numpy's seed(1), zero state, smoothed loss 7·ln V (K·ln V for chunks). */
export function initialCellState(settings: CellSettings, nA: number, V: number, config: TrainConfig): CellTrainState {
  const engine = cellEngine(settings, nA, V, INIT_SEED);
  return { named: engine.namedParams(), aLast: new Float64Array(engine.stateLength), smoothedLoss: -Math.log(1 / V) * startLength(config), iterationsRun: 0 };
}

/** A cell run that can be advanced in slices, as TrainingRun. */
export class CellTrainingRun {
  private readonly sequences: Sequences;
  private readonly engine: CellEngine;
  private state: Float64Array;
  private readonly loop: LoopState;

  constructor(
    private readonly dataset: Dataset,
    private readonly config: TrainConfig,
    from: CellTrainState = initialCellState(config, config.hidden, dataset.vocabulary.length, config),
  ) {
    this.sequences = sequences(dataset, config);
    this.engine = cellEngine(config, config.hidden, dataset.vocabulary.length, INIT_SEED);
    this.engine.loadNamed(from.named);
    if (from.aLast.length !== this.engine.stateLength) throw new RangeError(`the carried state must have ${this.engine.stateLength} entries, got ${from.aLast.length}`);
    this.state = from.aLast.slice();
    this.loop = { smoothed: from.smoothedLoss, smoothedChars: smoothedLength(config, this.sequences.length, from.iterationsRun), j: from.iterationsRun };
  }

  get finished(): boolean {
    return loopFinished(this.loop, this.config);
  }

  /** Runs iterations until the end, a divergence, or `shouldStop`; returns the state reached. */
  run(hooks: TrainHooks = {}): CellTrainResult {
    const { engine, config } = this;
    const model: LoopModel = {
      forward: (X, Y, fresh) => engine.forward(X, Y, fresh ? new Float64Array(engine.stateLength) : this.state),
      backward: (X, Y) => engine.backward(X, Y),
      update: () => {
        const bad = engine.clipAndStep(config.clip!, config.lr);
        return bad ? { bad } : {};
      },
      carry: (T) => (this.state = engine.finalState(T)),
      sample: (seed) => sampleNameWith(engine, this.dataset.vocabulary, seed),
    };
    const { checkpoints, stopped } = runLoop(model, this.sequences, config, this.loop, hooks);
    const diverged = this.loop.diverged;
    return { ...this.snapshot(), checkpoints, ...(stopped ? { stopped } : {}), ...(diverged ? { diverged } : {}) };
  }

  /** A copy of the state reached (for a diverged run: before the iteration that diverged). */
  snapshot(): CellTrainState {
    return { named: copyNamed(this.engine.namedParams()), aLast: this.state.slice(), smoothedLoss: this.loop.smoothed, iterationsRun: this.loop.j };
  }
}

/** Trains a cell run from the start (or from `from`). */
export function trainCell(dataset: Dataset, config: TrainConfig, hooks: TrainHooks = {}, from?: CellTrainState): CellTrainResult {
  return new CellTrainingRun(dataset, config, from).run(hooks);
}
