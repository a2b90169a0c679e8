import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { datasetFromText, loadDataset, type Dataset } from '../../src/data/dataset.js';
import { CellTrainingRun, initialCellState, trainCell, type CellTrainResult } from '../../src/train/cell-train.js';
import type { CellModelFile } from '../../src/train/cell-model.js';
import { checkAnyModel } from '../../src/train/model-check.js';
import { MODEL_FORMAT, modelJson } from '../../src/train/model-file.js';
import { resumePlan } from '../../src/train/resume.js';
import { encodeExample, formatCheckpointWithPerplexity, shuffledExamples, type TrainConfig } from '../../src/train/train.js';
import { asMatrices, referenceStep } from '../helpers/cell-steps.js';
import { expectNamedClose } from '../helpers/gated-engine.js';
import { GATED_ENGINE_AGREEMENT } from '../helpers/tolerances.js';

const elements = loadDataset('elements');
const V = elements.vocabulary.length;
/** The conventions spec/helpers/cell-steps.ts's reference step takes, and two stacked vanilla layers. */
const CELLS = [
  { cell: 'lstm', variant: 'split' },
  { cell: 'gru', variant: 'before-matmul/gate-keeps-old' },
  { cell: 'rnn', layers: 2 },
] as const;

describe('a cell run trains as the references step', () => {
  it.each(CELLS)('takes the reference’s first four template steps for %o (loss, clipped SGD, carried state)', (settings) => {
    const nA = 3;
    const config: TrainConfig = { hidden: nA, iterations: 4, lr: 0.5, clip: 5, every: 100, samples: 0, ...settings };
    const examples = shuffledExamples(elements).map((e) => encodeExample(e, elements.charToIndex));
    const rowsOf = (n: string) => (n === 'Wya' || n === 'by' ? V : settings.cell === 'lstm' ? 4 * nA : nA);
    let from = initialCellState(config, nA, V, config);
    let p = asMatrices(from.named, rowsOf);
    let state = Array.from(from.aLast);
    for (let j = 0; j < 4; j++) {
      const { X, Y } = examples[j];
      const ref = referenceStep(settings.cell, p, X, Y, state, nA, 0.5);
      const result = trainCell(elements, config, { shouldStop: (n) => n === j + 1 }, from);
      expectNamedClose(result.named, ref.next, GATED_ENGINE_AGREEMENT);
      [...result.aLast].forEach((v, k) => expect(Math.abs(v - ref.nextState[k])).toBeLessThanOrEqual(GATED_ENGINE_AGREEMENT));
      expect(Math.abs(result.smoothedLoss - (from.smoothedLoss * 0.999 + ref.loss * 0.001))).toBeLessThanOrEqual(GATED_ENGINE_AGREEMENT * ref.loss);
      [from, p, state] = [result, ref.next, ref.nextState];
    }
  });
});

/** Seven names, so 41 iterations go round the shuffled order more than five times. */
const small = datasetFromText('Ada\nBo\nCyrus\nDi\nEve\nFlo\nGus\n', 'small');

interface Run {
  result: CellTrainResult;
  log: string;
}

/** Trains `config`, stopping after each of `stops`, writing the model file's JSON, reading it and resuming from it. */
function interrupted(dataset: Dataset, config: TrainConfig, stops: readonly number[]): Run {
  let log = '';
  const hooks = (stop?: number) => ({ onCheckpoint: (c: Parameters<typeof formatCheckpointWithPerplexity>[0]) => (log += formatCheckpointWithPerplexity(c)), shouldStop: (n: number) => n === stop });
  let result = new CellTrainingRun(dataset, config).run(hooks(stops[0]));
  for (let k = 1; k <= stops.length; k++) {
    expect(result.iterationsRun).toBe(stops[k - 1]);
    const model = checkAnyModel(JSON.parse(modelJson(dataset, config, result)), 'run.json', MODEL_FORMAT) as CellModelFile;
    const plan = resumePlan(model, 'run.json', dataset);
    expect(plan.config).toEqual(config);
    result = trainCell(dataset, plan.config, hooks(stops[k]), plan.state);
  }
  return { result, log };
}

function expectBitIdentical(a: Run, b: Run): void {
  expect(a.log).toBe(b.log);
  for (const [name, v] of Object.entries(b.result.named)) expect(Buffer.from(a.result.named[name].buffer), name).toEqual(Buffer.from(v.buffer));
  expect(Buffer.from(a.result.aLast.buffer)).toEqual(Buffer.from(b.result.aLast.buffer));
  expect(Object.is(a.result.smoothedLoss, b.result.smoothedLoss)).toBe(true);
}

describe('resuming a cell run from its model file', () => {
  const configs: TrainConfig[] = [
    { hidden: 4, iterations: 41, lr: 0.05, clip: 5, every: 10, samples: 2, cell: 'lstm', variant: 'course', forgetBias: 1 },
    { hidden: 4, iterations: 41, lr: 0.05, clip: 5, every: 10, samples: 2, cell: 'gru', variant: 'after-matmul/gate-keeps-old' },
    { hidden: 4, iterations: 41, lr: 0.05, clip: 5, every: 10, samples: 2, cell: 'rnn', layers: 2, chunk: 5 },
  ];

  it.each(configs)('is bit-identical to the uninterrupted run, wherever it stops: %o', (config) => {
    const straight = interrupted(small, config, []);
    expect(straight.log.match(/^Iteration: /gm)).toHaveLength(5);
    expectBitIdentical(interrupted(small, config, [10, 11]), straight); // just before a checkpoint's print, then just after
    const stops = fc.uniqueArray(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 4 }).map((s) => s.sort((x, y) => x - y));
    fc.assert(fc.property(stops, (s) => expectBitIdentical(interrupted(small, config, s), straight)), { numRuns: 4 });
  });
});
