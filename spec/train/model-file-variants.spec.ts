import { describe, expect, it } from 'vitest';
import { datasetFromText } from '../../src/data/dataset.js';
import { checkModel } from '../../src/train/model-check.js';
import { MODEL_FORMAT, modelJson } from '../../src/train/model-file.js';
import { resumePlan } from '../../src/train/resume.js';
import { train, type TrainConfig } from '../../src/train/train.js';

const small = datasetFromText('Ada\nBo\nCyrus\nDi\nEve\nFlo\nGus\n', 'small');
const config: TrainConfig = { hidden: 3, iterations: 20, lr: 0.1, clip: 5, every: 100, samples: 0, optimizer: 'adagrad', chunk: 4 };
const stopped = train(small, config, { shouldStop: (n) => n === 9 });
const valid = JSON.parse(modelJson(small, config, stopped));
const read = (m: unknown) => checkModel(m, 'm.json', MODEL_FORMAT);
const edited = (edit: (m: typeof valid) => void) => {
  const m = structuredClone(valid);
  edit(m);
  return m;
};

describe('model files of the training variants', () => {
  it('hold the variant settings, Adagrad’s memory and the next chunk, and read back bit for bit', () => {
    expect(valid.config).toMatchObject({ optimizer: 'adagrad', chunk: 4, clip: 5 });
    expect(valid).toMatchObject({ iterationsRun: 9, nextChunk: 12, chunkCount: 6 });
    expect(valid.nextExample).toBeUndefined();
    expect(valid.adagradMemory.Waa).toHaveLength(3);
    expect(read(valid).memory).toEqual(stopped.memory);
  });

  it('leave the template’s files as they were: no variant keys', () => {
    const template = JSON.parse(modelJson(small, { hidden: 3, iterations: 2, lr: 0.01, clip: 5, every: 100, samples: 0 }, train(small, { hidden: 3, iterations: 2, lr: 0.01, clip: 5, every: 100, samples: 0 })));
    expect(Object.keys(template.config)).toEqual(['dataset', 'datasetSha256', 'hidden', 'iterations', 'lr', 'clip', 'every', 'samples']);
    expect(Object.keys(template)).toEqual(['format', 'config', 'vocabulary', 'params', 'aLast', 'smoothedLoss', 'iterationsRun', 'status', 'nextExample', 'exampleCount', 'shuffleSeed']);
  });

  it('are refused with the JSON path when a variant setting or its state is wrong', () => {
    const cases: [(m: typeof valid) => void, string][] = [
      [(m) => (m.config.optimizer = 'adam'), '$.config.optimizer must be "sgd" or "adagrad", got "adam"'],
      [(m) => (m.config.clipNorm = 1), '$.config.clip is set and so is $.config.clipNorm; a run clips elementwise or by the global norm, not both'],
      [(m) => ((m.config.clipNorm = -1), delete m.config.clip), '$.config.clipNorm must be a number greater than 0 and at most 1000000, got -1'],
      [(m) => (m.config.chunk = 0), '$.config.chunk must be an integer from 1 to 1000, got 0'],
      [(m) => (m.config.init = 3), '$.config.init must be a string, got 3'],
      [(m) => (m.nextChunk = 8), '$.nextChunk is 8 but iteration 9 starts at character 12 (6 chunks of 4 per pass)'],
      [(m) => (m.chunkCount = 0), '$.chunkCount must be at least 1'],
      [(m) => (m.chunkCount = 'x'), '$.chunkCount must be a non-negative integer, got "x"'],
      [(m) => delete m.config.chunk, '$.nextChunk is set but $.config.chunk is not'],
      [(m) => delete m.adagradMemory, "$.adagradMemory is missing (an Adagrad run's state needs it)"],
      [(m) => delete m.config.optimizer, '$.adagradMemory is set but $.config.optimizer is not "adagrad"'],
      [(m) => (m.adagradMemory = 1), '$.adagradMemory must be an object of matrices shaped as $.params'],
      [(m) => (m.adagradMemory.ba[1][0] = -1), "$.adagradMemory.ba[1][0] is -1; Adagrad's memory is a sum of squares, never negative"],
      [(m) => (m.adagradMemory.Wya = []), '$.adagradMemory.Wya must have 16 rows, got 0'],
    ];
    for (const [edit, message] of cases) expect(() => read(edited(edit)), message).toThrow(`m.json: ${message}`);
  });

  it('are refused on resume when the dataset gives another number of chunks', () => {
    expect(() => resumePlan(read(edited((m) => ((m.chunkCount = 5), (m.nextChunk = 16)))), 'm.json', small)).toThrow('m.json: $.chunkCount is 5 but small gives 6 chunks of 4');
  });

  it('resume a run clipped by the global norm without an elementwise clip', () => {
    const { clip: _clip, ...rest } = config;
    const byNorm = { ...rest, clipNorm: 0.5 };
    const plan = resumePlan(read(JSON.parse(modelJson(small, byNorm, train(small, byNorm, { shouldStop: (n) => n === 3 })))), 'm.json', small);
    expect(plan.config).toEqual(byNorm);
    expect(plan.config.clip).toBeUndefined();
  });
});
