/**
 * Continuing a run from a model file (`train --resume`). The file holds the whole state of the run
 * (src/train/train.ts says why nothing else is needed); here we check that it is a run that can be
 * continued on this dataset and build the configuration and state to continue from.
 */
import type { Dataset } from '../data/dataset.js';
import { ModelFileError, type ModelFile } from './model-check.js';
import { configFields, datasetSha256 } from './model-file.js';
import type { TrainConfig, TrainState } from './train.js';
import type { CellModelFile } from './cell-model.js';
import type { CellTrainState } from './cell-train.js';
import { chunksPerPass, trainingStream } from './variants.js';

export interface ResumePlan<S = TrainState | CellTrainState> {
  readonly config: TrainConfig;
  readonly state: S;
}

/** The configuration (total `iterations`, default the run's own) and state that continue `model`'s run on `dataset`. */
export function resumePlan(model: ModelFile, path: string, dataset: Dataset, iterations?: number): ResumePlan<TrainState>;
export function resumePlan(model: CellModelFile, path: string, dataset: Dataset, iterations?: number): ResumePlan<CellTrainState>;
export function resumePlan(model: ModelFile | CellModelFile, path: string, dataset: Dataset, iterations?: number): ResumePlan;
export function resumePlan(model: ModelFile | CellModelFile, path: string, dataset: Dataset, iterations?: number): ResumePlan {
  const run = model.run;
  if (!run) throw new ModelFileError(`${path}: has no run to continue ($.config and $.iterationsRun are missing)`);
  if (run.diverged) {
    throw new ModelFileError(`${path}: the run diverged at iteration ${run.diverged.iteration}; continuing it would diverge there again (training is deterministic) — start a new run with a smaller --lr`);
  }
  const hash = datasetSha256(dataset);
  if (hash !== run.config.datasetSha256) {
    throw new ModelFileError(`${path}: the run was trained on a dataset with SHA-256 ${run.config.datasetSha256}, but ${dataset.source} has ${hash}; give the run's dataset with --dataset`);
  }
  if (run.exampleCount !== undefined && run.exampleCount !== dataset.examples.length) {
    throw new ModelFileError(`${path}: $.exampleCount is ${run.exampleCount} but ${dataset.source} has ${dataset.examples.length} examples`);
  }
  if (model.vocabulary.join('') !== dataset.vocabulary.join('') || model.vocabulary.length !== dataset.vocabulary.length) {
    throw new ModelFileError(`${path}: $.vocabulary is not the vocabulary of ${dataset.source} (${JSON.stringify(dataset.vocabulary.join(''))})`);
  }
  const total = iterations ?? run.config.iterations;
  if (total <= run.iterationsRun) {
    throw new ModelFileError(
      `${path}: the run has already done ${run.iterationsRun} of ${iterations === undefined ? 'its' : 'the'} ${total} iterations; give --iterations N with N > ${run.iterationsRun} to continue it`,
    );
  }
  const { chunk } = run.config;
  if (chunk !== undefined && run.chunkCount !== undefined && run.chunkCount !== chunksPerPass(trainingStream(dataset).length, chunk)) {
    throw new ModelFileError(`${path}: $.chunkCount is ${run.chunkCount} but ${dataset.source} gives ${chunksPerPass(trainingStream(dataset).length, chunk)} chunks of ${chunk}`);
  }
  const { dataset: _dataset, datasetSha256: _sha, ...config } = run.config;
  return {
    config: configFields({ ...config, iterations: total }),
    state:
      'named' in model
        ? { named: model.named, aLast: model.aLast, smoothedLoss: model.smoothedLoss, iterationsRun: run.iterationsRun }
        : { params: model.params, aLast: model.aLast, smoothedLoss: model.smoothedLoss, iterationsRun: run.iterationsRun, ...(model.memory ? { memory: model.memory } : {}) },
  };
}
