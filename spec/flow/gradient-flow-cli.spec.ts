import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDataset } from '../../src/data/dataset.js';
import { countClipping } from '../../src/flow/clipping.js';
import { flowTable } from '../../src/flow/flow.js';
import { fileModel, initialGru, initialLstm, templateRnn } from '../../src/flow/models.js';
import { formatValue } from '../../src/flow/report.js';
import { readAnyModel } from '../../src/train/model-file.js';
import { TEMPLATE_DEFAULTS } from '../../src/train/train.js';
import { runCli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'rnn-oracle-flow-'));
const small = ['--hidden', '4', '--vocab', '5', '--steps', '3', '--sequences', '2'];

/** The table's rows as [lag, norm, ratio, (cell norm)] strings. */
const tableRows = (stdout: string) =>
  stdout
    .split('\n')
    .filter((l) => /^\s+\d+\s/.test(l))
    .map((l) => l.trim().split(/\s+/));

describe('rnn-oracle gradient-flow', () => {
  it.each([
    ['rnn', [], templateRnn(4, 5)],
    ['lstm', ['--variant', 'split'], initialLstm(4, 5, 'split', 0)],
    ['gru', ['--variant', 'before-matmul/gate-takes-new'], initialGru(4, 5, { reset: 'before-matmul', blend: 'gate-takes-new' }, 0)],
  ] as const)('prints the lag table of --cell %s, lags 0…T, as flowTable computes it', async (cell, extra, model) => {
    const r = await runCli(['gradient-flow', '--cell', cell, ...extra, ...small]);
    expect(r.code).toBe(0);
    const expected = flowTable(model, { T: 3, sequences: 2, seed: 0 });
    const rows = tableRows(r.stdout);
    expect(rows.map((row) => row.slice(0, 3))).toEqual(expected.map((e) => [String(e.lag), formatValue(e.norm), formatValue(e.ratio)]));
    expect(rows[0][2]).toBe('1');
    if (cell === 'lstm') expect(rows.map((row) => row[3])).toEqual(expected.map((e) => formatValue(e.cellNorm ?? NaN)));
    expect(r.stdout.includes('spectral radius')).toBe(cell !== 'lstm');
  });

  it('trains with --train as rnn-oracle train does and prints how often the clip fired per checkpoint interval', async () => {
    const r = await runCli(['gradient-flow', '--train', '300', '--hidden', '5', '--steps', '2', '--sequences', '1']);
    expect(r.code).toBe(0);
    const run = countClipping(loadDataset('elements'), { ...TEMPLATE_DEFAULTS, hidden: 5, iterations: 300 });
    const fired = run.windows[0].fired;
    expect(r.stdout).toContain(`after 300 iterations of rnn-oracle train on elements (nA = 5, V = 25, lr 0.01, clip 5)`);
    expect(r.stdout).toContain(`the clip changed a gradient in ${fired} of 300 iterations`);
    expect(r.stdout).toMatch(new RegExp(`^0–299\\s+${fired}\\s`, 'm'));
  });

  it('reads a model written by rnn-oracle train --out', async () => {
    const path = join(dir, 'model.json');
    expect((await runCli(['train', '--hidden', '3', '--iterations', '20', '--samples', '0', '--out', path])).code).toBe(0);
    const r = await runCli(['gradient-flow', '--model', path, '--steps', '2', '--sequences', '1']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`the vanilla RNN in ${path} (nA = 3, V = 25, 20 iterations on elements)`);
    expect(tableRows(r.stdout)).toHaveLength(3);
  });

  it('reads an LSTM model written by rnn-oracle train --cell lstm --out and prints the flow of its parameters', async () => {
    const path = join(dir, 'lstm-model.json');
    expect((await runCli(['train', '--cell', 'lstm', '--variant', 'split', '--hidden', '3', '--iterations', '20', '--samples', '0', '--out', path])).code).toBe(0);
    const r = await runCli(['gradient-flow', '--model', path, '--steps', '2', '--sequences', '1']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`the LSTM (variant split) in ${path} (nA = 3, V = 25, 20 iterations on elements)`);
    const expected = flowTable(fileModel(readAnyModel(path)), { T: 2, sequences: 1, seed: 0 });
    expect(tableRows(r.stdout).map((row) => row.slice(0, 4))).toEqual(expected.map((e) => [String(e.lag), formatValue(e.norm), formatValue(e.ratio), formatValue(e.cellNorm ?? NaN)]));
  });

  it('refuses a stacked model file in one line, exit 2', async () => {
    const path = join(dir, 'deep-model.json');
    expect((await runCli(['train', '--cell', 'rnn', '--layers', '2', '--hidden', '3', '--iterations', '5', '--samples', '0', '--out', path])).code).toBe(0);
    const r = await runCli(['gradient-flow', '--model', path]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`rnn-oracle: --model ${path}: a stacked model (2 layers); gradient-flow measures one recurrent layer (a vanilla, LSTM or GRU model)\n`);
    expect(r.stdout).toBe('');
  });

  it('writes the plot with --svg', async () => {
    const path = join(dir, 'flow.svg');
    const r = await runCli(['gradient-flow', ...small, '--svg', path]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(`rnn-oracle: wrote the plot to ${path}\n`);
    expect(readFileSync(path, 'utf8')).toMatch(/^<svg[^>]*>[\s\S]*lag T − t[\s\S]*<\/svg>$/);
  });

  it.each([
    [['--cell', 'lstm', '--model', 'm.json'], /--cell: the cell and its variant come from the model in m.json/],
    [['--variant', 'split', '--model', 'm.json'], /--variant: the cell and its variant come from the model in m.json/],
    [['--cell', 'gru', '--train', '5'], /--train trains the vanilla cell/],
    [['--model', 'm.json', '--train', '5'], /give one/],
    [['--train', '5', '--vocab', '4'], /--vocab: the vocabulary comes from --dataset elements/],
    [['--model', 'm.json', '--hidden', '4'], /--hidden: the sizes come from the model in m.json/],
    [['--dataset', 'movies'], /add --train N/],
    [['--cell', 'rnn', '--variant', 'split'], /--cell rnn has no variants/],
    [['--cell', 'lstm', '--variant', 'sideways'], /--cell lstm takes course, split/],
    [['--cell', 'cnn'], /expected one of rnn, lstm, gru/],
    [['--steps', '0'], /--steps <T>.*expected an integer from 1/],
    [['--model', ''], /--model: the path is empty/],
    [['--svg', ''], /--svg: the path is empty/],
  ])('refuses %j in one line, exit 2', async (argv, message) => {
    const r = await runCli(['gradient-flow', ...argv]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stdout).toBe('');
  });

  it('refuses a file that is not a model, and a plot it cannot write, naming the path', async () => {
    const notModel = join(dir, 'lstm.json');
    writeFileSync(notModel, JSON.stringify({ format: 'rnn-oracle/lstm-model@1' }));
    const r = await runCli(['gradient-flow', '--model', notModel]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(notModel);
    const unwritable = join(dir, 'no-such-dir', 'flow.svg');
    const w = await runCli(['gradient-flow', ...small, '--svg', unwritable]);
    expect(w.code).toBe(2);
    expect(w.stderr).toBe(`rnn-oracle: --svg ${unwritable}: cannot write (ENOENT)\n`);
  });
});
