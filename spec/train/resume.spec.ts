import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { datasetFromText, loadDataset, type Dataset } from '../../src/data/dataset.js';
import { checkModel } from '../../src/train/model-check.js';
import { MODEL_FORMAT, modelJson } from '../../src/train/model-file.js';
import { resumePlan } from '../../src/train/resume.js';
import { formatCheckpoint, train, type TrainConfig, type TrainResult } from '../../src/train/train.js';

/** Seven names, so 61 iterations go round the shuffled order more than eight times. */
const small = datasetFromText('Ada\nBo\nCyrus\nDi\nEve\nFlo\nGus\n', 'small');
/** Checkpoints at 0, 10, …, 60; interruptions at 10 and 11 fall just before and just after one. */
const config: TrainConfig = { hidden: 6, iterations: 61, lr: 0.05, clip: 5, every: 10, samples: 2 };

interface Run {
  result: TrainResult;
  log: string;
}

/** Trains uninterrupted. */
function straight(dataset: Dataset): Run {
  let log = '';
  const result = train(dataset, config, { onCheckpoint: (c) => (log += formatCheckpoint(c)) });
  return { result, log };
}

/** Trains, stopping after each of `stops` iterations, saving to a model file's JSON and resuming from it. */
function interrupted(dataset: Dataset, stops: readonly number[]): Run {
  let log = '';
  const hooks = (stop: number | undefined) => ({ onCheckpoint: (c: { iteration: number; loss: number; names: readonly string[] }) => (log += formatCheckpoint(c)), shouldStop: (n: number) => n === stop });
  let result = train(dataset, config, hooks(stops[0]));
  for (let k = 1; k <= stops.length; k++) {
    expect(result.stopped).toBe(true);
    expect(result.iterationsRun).toBe(stops[k - 1]);
    const model = checkModel(JSON.parse(modelJson(dataset, config, result)), 'run.json', MODEL_FORMAT);
    const plan = resumePlan(model, 'run.json', dataset);
    expect(plan.config).toEqual(config);
    result = train(dataset, plan.config, hooks(stops[k]), plan.state);
  }
  return { result, log };
}

function expectBitIdentical(a: Run, b: Run): void {
  expect(a.log).toBe(b.log);
  for (const name of ['Wax', 'Waa', 'Wya', 'ba', 'by'] as const) expect(Buffer.from(a.result.params[name].buffer)).toEqual(Buffer.from(b.result.params[name].buffer));
  expect(Buffer.from(a.result.aLast.buffer)).toEqual(Buffer.from(b.result.aLast.buffer));
  expect(Object.is(a.result.smoothedLoss, b.result.smoothedLoss)).toBe(true);
  expect(a.result.iterationsRun).toBe(b.result.iterationsRun);
}

describe('resuming a run from its model file', () => {
  const reference = straight(small);

  it('is bit-identical to the uninterrupted run when stopped just before and just after a checkpoint print', () => {
    expect(reference.log.match(/^Iteration: /gm)).toHaveLength(7);
    expectBitIdentical(interrupted(small, [10]), reference); // iterations 0–9 run; checkpoint 10 not yet printed
    expectBitIdentical(interrupted(small, [11]), reference); // checkpoint 10 printed, then stopped
    expectBitIdentical(interrupted(small, [1]), reference); // right after the first checkpoint
    expectBitIdentical(interrupted(small, [60]), reference); // one iteration (a checkpoint) left
  });

  it('is bit-identical however many times and wherever the run is interrupted', () => {
    const stops = fc.uniqueArray(fc.integer({ min: 1, max: config.iterations - 1 }), { minLength: 1, maxLength: 6 }).map((s) => s.sort((x, y) => x - y));
    fc.assert(fc.property(stops, (s) => expectBitIdentical(interrupted(small, s), reference)), { numRuns: 12 });
  });

  it('is bit-identical on a built-in dataset with the template’s sizes of vocabulary', () => {
    const elements = loadDataset('elements');
    expectBitIdentical(interrupted(elements, [10, 31]), straight(elements));
  });
});

describe('resumePlan', () => {
  const stopped = train(small, config, { shouldStop: (n) => n === 20 });
  const model = (result: TrainResult = stopped, c: TrainConfig = config, dataset = small) => checkModel(JSON.parse(modelJson(dataset, c, result)), 'm.json', MODEL_FORMAT);

  it('continues to the run’s own total, or to a larger --iterations', () => {
    expect(resumePlan(model(), 'm.json', small).config.iterations).toBe(61);
    expect(resumePlan(model(), 'm.json', small, 100).config.iterations).toBe(100);
    expect(resumePlan(model(), 'm.json', small).state.iterationsRun).toBe(20);
  });

  it('refuses a run that has nothing left to do, saying how many iterations it has run', () => {
    expect(() => resumePlan(model(), 'm.json', small, 20)).toThrow('m.json: the run has already done 20 of the 20 iterations; give --iterations N with N > 20 to continue it');
    const done = train(small, config);
    expect(() => resumePlan(model(done), 'm.json', small)).toThrow('m.json: the run has already done 61 of its 61 iterations');
  });

  it('refuses a diverged run, which would diverge again at the same iteration', () => {
    const diverging = { ...config, lr: 100, clip: 1e6 };
    const result = train(small, diverging);
    expect(result.diverged).toBeDefined();
    expect(() => resumePlan(model(result, diverging), 'm.json', small)).toThrow(/^m\.json: the run diverged at iteration \d+; continuing it would diverge there again/);
  });

  it('refuses another dataset, naming both SHA-256 hashes', () => {
    const other = datasetFromText('Ada\nBo\nCyrus\nDi\nEve\nFlo\nGuy\n', 'other');
    expect(() => resumePlan(model(), 'm.json', other)).toThrow(/^m\.json: the run was trained on a dataset with SHA-256 [0-9a-f]{64}, but other has [0-9a-f]{64}/);
  });

  it('refuses a file whose example count or vocabulary does not match the dataset', () => {
    const raw = JSON.parse(modelJson(small, config, stopped));
    expect(() => resumePlan(checkModel({ ...raw, exampleCount: 8, nextExample: 4 }, 'm.json', MODEL_FORMAT), 'm.json', small)).toThrow('m.json: $.exampleCount is 8 but small has 7 examples');
    const swapped = [...raw.vocabulary];
    [swapped[1], swapped[2]] = [swapped[2], swapped[1]];
    expect(() => resumePlan(checkModel({ ...raw, vocabulary: swapped }, 'm.json', MODEL_FORMAT), 'm.json', small)).toThrow('m.json: $.vocabulary is not the vocabulary of small');
  });

  it('refuses a hand-made model without a run, and resumes an older file without the resume fields', () => {
    const raw = JSON.parse(modelJson(small, config, stopped));
    const { config: _c, iterationsRun: _i, ...bare } = raw;
    expect(() => resumePlan(checkModel(bare, 'm.json', MODEL_FORMAT), 'm.json', small)).toThrow('m.json: has no run to continue');
    const { status: _s, nextExample: _n, exampleCount: _e, shuffleSeed: _f, ...older } = raw;
    expect(resumePlan(checkModel(older, 'm.json', MODEL_FORMAT), 'm.json', small).state.iterationsRun).toBe(20);
  });
});
