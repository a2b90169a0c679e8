import { mkdtempSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDataset } from '../../src/data/dataset.js';
import { isModelFile, MAX_MODEL_BYTES, modelJson, readModel } from '../../src/train/model-file.js';
import { train } from '../../src/train/train.js';

const dir = mkdtempSync(join(tmpdir(), 'rnn-oracle-model-'));
const write = (name: string, body: unknown) => {
  const path = join(dir, name);
  writeFileSync(path, typeof body === 'string' ? body : JSON.stringify(body));
  return path;
};
const config = { hidden: 3, iterations: 5, lr: 0.01, clip: 5, every: 1000, samples: 0 };
const elements = loadDataset('elements');
const valid = JSON.parse(modelJson(elements, config, train(elements, config)));
const edited = (edit: (m: typeof valid) => void) => {
  const m = structuredClone(valid);
  edit(m);
  return m;
};

describe('model files', () => {
  it('hold the state a run continues from: iterations run, the next example, the shuffle seed and the status', () => {
    expect(valid).toMatchObject({ format: 'rnn-oracle/model@1', iterationsRun: 5, nextExample: 5, exampleCount: 118, shuffleSeed: 0, status: 'complete' });
    expect(valid.aLast).toHaveLength(3);
    expect(readModel(write('ok.json', valid)).run).toMatchObject({ iterationsRun: 5, status: 'complete' });
  });

  it('are refused with the JSON path of what is wrong', () => {
    expect(() => readModel(write('a.json', '{'))).toThrow(/a\.json: not JSON/);
    expect(() => readModel(write('b.json', { ...valid, format: 'x' }))).toThrow('$.format must be "rnn-oracle/model@1", got "x"');
    expect(() => readModel(write('c.json', { ...valid, vocabulary: ['a'] }))).toThrow('$.vocabulary must be an array of characters including "\\n"');
    expect(() => readModel(write('d.json', { ...valid, params: { ...valid.params, Waa: valid.params.Waa.slice(1) } }))).toThrow('$.params.Waa must have 3 rows, got 2');
    expect(() => readModel(write('e.json', edited((m) => (m.params.Wya[2][1] = 'x'))))).toThrow('$.params.Wya[2][1]: expected a number, got "x"');
    expect(() => readModel(write('f.json', { ...valid, params: { ...valid.params, ba: [] } }))).toThrow('$.params.ba must be a non-empty column');
    expect(() => readModel(write('h.json', { ...valid, params: { ...valid.params, Waa: valid.params.Waa.map((r: number[]) => r.slice(1)) } }))).toThrow('$.params.Waa[0] must have 3 entries');
    expect(() => readModel(dir)).toThrow(/cannot read \(EISDIR\)/);
  });

  it('are refused when a parameter or the state is not finite, naming the parameter and index', () => {
    expect(() => readModel(write('n1.json', edited((m) => (m.params.Waa[1][2] = 'NaN'))))).toThrow('n1.json: $.params.Waa[1][2] is NaN; a model\'s numbers must be finite');
    expect(() => readModel(write('n2.json', edited((m) => (m.params.by[4][0] = '-Infinity'))))).toThrow('$.params.by[4][0] is -Infinity');
    expect(() => readModel(write('n3.json', edited((m) => (m.aLast[0] = 'Infinity'))))).toThrow('$.aLast[0] is Infinity');
    expect(() => readModel(write('n4.json', edited((m) => (m.smoothedLoss = 'NaN'))))).toThrow('$.smoothedLoss is NaN');
  });

  it('are refused when the vocabulary has a repeated or multi-character entry', () => {
    expect(() => readModel(write('v1.json', edited((m) => (m.vocabulary[5] = m.vocabulary[2]))))).toThrow('v1.json: $.vocabulary[5] "b" repeats $.vocabulary[2]');
    expect(() => readModel(write('v2.json', edited((m) => (m.vocabulary[3] = 'ab'))))).toThrow('$.vocabulary[3] must be one character, got "ab"');
    expect(() => readModel(write('v3.json', edited((m) => (m.vocabulary[3] = ''))))).toThrow('$.vocabulary[3] must be one character, got ""');
    expect(readModel(write('v4.json', edited((m) => (m.vocabulary[3] = '😀')))).vocabulary[3]).toBe('😀'); // one code point, two UTF-16 units
  });

  it('are refused when their contents disagree with each other', () => {
    expect(() => readModel(write('s1.json', edited((m) => m.aLast.pop())))).toThrow('$.aLast must have nA = 3 entries, got 2');
    expect(() => readModel(write('s2.json', edited((m) => (m.config.hidden = 4))))).toThrow('$.config.hidden is 4 but the parameters have nA = 3');
    expect(() => readModel(write('s3.json', edited((m) => (m.nextExample = 0))))).toThrow('$.nextExample is 0 but iteration 5 uses example 5 of 118');
    expect(() => readModel(write('s4.json', edited((m) => (m.status = 'diverged'))))).toThrow('$.diverged is missing for a diverged run');
    expect(() => readModel(write('s5.json', edited((m) => (m.diverged = { iteration: 3, quantity: 'loss' }))))).toThrow('$.diverged is set but $.status is "complete"');
    expect(() => readModel(write('s6.json', edited((m) => (m.status = 'paused'))))).toThrow('$.status must be "complete", "interrupted" or "diverged", got "paused"');
    expect(() => readModel(write('s7.json', edited((m) => (m.iterationsRun = -1))))).toThrow('$.iterationsRun must be a non-negative integer, got -1');
    const huge = write('s14.json', '{}');
    truncateSync(huge, MAX_MODEL_BYTES + 1); // sparse: nothing is written
    expect(() => readModel(huge)).toThrow(`s14.json: ${MAX_MODEL_BYTES + 1} bytes is larger than the ${MAX_MODEL_BYTES}-byte limit for a model`);
    expect(() => readModel(write('s8.json', edited((m) => (m.config.lr = 0))))).toThrow('$.config.lr must be a number greater than 0 and at most 1000, got 0');
    expect(() => readModel(write('s13.json', edited((m) => (m.config.every = 0))))).toThrow('$.config.every must be an integer from 1 to 10000000, got 0');
    expect(() => readModel(write('s9.json', edited((m) => (m.config.dataset = 3))))).toThrow('$.config.dataset must be a string');
    expect(() => readModel(write('s10.json', edited((m) => delete m.smoothedLoss)))).toThrow("$.smoothedLoss is missing (a run's state needs it)");
    expect(() => readModel(write('s11.json', edited((m) => (m.config = 'x'))))).toThrow('$.config must be an object');
    expect(() => readModel(write('s12.json', edited((m) => (m.exampleCount = 1.5))))).toThrow('$.exampleCount must be a non-negative integer, got 1.5');
  });

  it('without a run (hand-made) start from a zero hidden state when aLast is absent', () => {
    const { aLast: _a, config: _c, iterationsRun: _i, ...bare } = valid;
    const m = readModel(write('i.json', bare));
    expect([...m.aLast]).toEqual([0, 0, 0]);
    expect(m.run).toBeUndefined();
  });

  it('are recognised as models (which --out may replace) by their format, any version', () => {
    expect(isModelFile(write('k1.json', valid))).toBe(true);
    expect(isModelFile(write('k2.json', { format: 'rnn-oracle/model@7' }))).toBe(true);
    expect(isModelFile(write('k3.json', { format: 'rnn-oracle/case@1' }))).toBe(false);
    expect(isModelFile(write('k4.txt', 'Hydrogen\n'))).toBe(false);
    expect(isModelFile(join(dir, 'absent.json'))).toBe(false);
  });
});
