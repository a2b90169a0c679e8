import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDataset } from '../../src/data/dataset.js';
import { modelJson, readModel } from '../../src/train/model-file.js';
import { train } from '../../src/train/train.js';
import { runCli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'rnn-oracle-train-'));
/** The numpy loop's log (fixtures/numpy/README.md), cut before its iteration-4000 checkpoint. */
const numpyLog = readFileSync(new URL('../../fixtures/numpy/elements-hidden50-4001.txt', import.meta.url), 'utf8').split('Iteration: 4000')[0];

describe('rnn-oracle train', () => {
  it('prints the numpy template’s log and writes a model whose numbers read back bit-identical', async () => {
    const out = join(dir, 'model.json');
    const { code, stdout, stderr } = await runCli(['train', '--hidden', '50', '--iterations', '2001', '--out', out]);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(stdout).toBe(numpyLog);
    const direct = train(loadDataset('elements'), { hidden: 50, iterations: 2001, lr: 0.01, clip: 5, every: 2000, samples: 7 });
    const model = readModel(out);
    expect(model.params).toEqual(direct.params);
    expect(model.aLast).toEqual(direct.aLast);
    expect(model.smoothedLoss).toBe(direct.smoothedLoss);
    expect(JSON.parse(readFileSync(out, 'utf8')).config).toMatchObject({ dataset: 'elements', hidden: 50, lr: 0.01 });
  });

  it('samples from the written model the names of its last checkpoint', async () => {
    const { code, stdout } = await runCli(['sample', '--model', join(dir, 'model.json')]);
    expect(code).toBe(0);
    const lastCheckpointNames = numpyLog.split('Iteration: 2000')[1].split('\n\n')[1] + '\n';
    expect(stdout).toBe(lastCheckpointNames);
  });

  it('stops a diverging run with one line naming the iteration and the quantity, keeps the model, exits 1', async () => {
    const out = join(dir, 'diverged.json');
    const { code, stderr } = await runCli(['train', '--hidden', '50', '--lr', '3', '--every', '100000', '--out', out]);
    expect(code).toBe(1);
    const match = /^rnn-oracle: training diverged at iteration (\d+): the loss is not finite; stopped with the parameters from before that iteration \(written to (.*)\)\. Try a smaller --lr\.\n$/.exec(stderr);
    expect(match?.[2]).toBe(out);
    // numpy's run of the same loop (bench/numpy_template.py --hidden 50 --lr 3 --every 1) first has
    // an infinite loss at iteration 10 too.
    const iteration = Number(match?.[1]);
    expect(iteration).toBe(10);
    const model = readModel(out);
    expect([...model.params.Waa].every(Number.isFinite)).toBe(true);
    expect(JSON.parse(readFileSync(out, 'utf8')).diverged).toEqual({ iteration, quantity: 'loss' });
  });

  it('refuses bad input with one line and exit 2, before training', async () => {
    const cases: [string[], RegExp][] = [
      [['train', '--dataset', join(dir, 'none.txt')], /none\.txt: cannot read dataset \(no such file\)/],
      [['train', '--out', join(dir, 'missing-dir', 'm.json')], /--out .*: directory .*missing-dir does not exist/],
      [['train', '--out', dir], /is a directory/],
      [['train', '--lr', '0'], /expected a number greater than 0 and at most 1000, got '0'/],
      [['train', '--clip', 'big'], /expected a number greater than 0 and at most 1000000, got 'big'/],
      [['sample', '--model', join(dir, 'none.json')], /none\.json: no such file/],
      [['sample'], /required option '--model <PATH>' not specified/],
    ];
    for (const [argv, message] of cases) {
      const { code, stdout, stderr } = await runCli(argv);
      expect(code, argv.join(' ')).toBe(2);
      expect(stdout).toBe('');
      expect(stderr.trim().split('\n')).toHaveLength(1);
      expect(stderr).toMatch(message);
    }
  });
});

describe('model files', () => {
  const write = (name: string, body: unknown) => {
    const path = join(dir, name);
    writeFileSync(path, typeof body === 'string' ? body : JSON.stringify(body));
    return path;
  };
  const config = { hidden: 3, iterations: 5, lr: 0.01, clip: 5, every: 1000, samples: 0 };
  const valid = JSON.parse(modelJson(loadDataset('elements'), config, train(loadDataset('elements'), config)));

  it('are refused with the JSON path of what is wrong', () => {
    expect(() => readModel(write('a.json', '{'))).toThrow(/a\.json: not JSON/);
    expect(() => readModel(write('b.json', { ...valid, format: 'x' }))).toThrow('$.format must be "rnn-oracle/model@1", got "x"');
    expect(() => readModel(write('c.json', { ...valid, vocabulary: ['a'] }))).toThrow('$.vocabulary must be an array of characters including "\\n"');
    expect(() => readModel(write('d.json', { ...valid, params: { ...valid.params, Waa: valid.params.Waa.slice(1) } }))).toThrow('$.params.Waa must have 3 rows, got 2');
    const badCell = structuredClone(valid);
    badCell.params.Wya[2][1] = 'x';
    expect(() => readModel(write('e.json', badCell))).toThrow('$.params.Wya[2][1]: expected a number, got "x"');
    expect(() => readModel(write('f.json', { ...valid, params: { ...valid.params, ba: [] } }))).toThrow('$.params.ba must be a non-empty column');
    expect(() => readModel(write('h.json', { ...valid, params: { ...valid.params, Waa: valid.params.Waa.map((r: number[]) => r.slice(1)) } }))).toThrow('$.params.Waa[0] must have 3 entries');
    expect(() => readModel(dir)).toThrow(/cannot read \(EISDIR\)/);
  });

  it('start from a zero hidden state when aLast is absent', () => {
    const { aLast: _a, ...noState } = valid;
    expect([...readModel(write('i.json', noState)).aLast]).toEqual([0, 0, 0]);
  });

  it('write NaN and infinities as strings and read them back', () => {
    const special = structuredClone(valid);
    special.aLast[0] = 'NaN';
    special.aLast[1] = '-Infinity';
    const m = readModel(write('g.json', special));
    expect(m.aLast[0]).toBeNaN();
    expect(m.aLast[1]).toBe(-Infinity);
  });
});
