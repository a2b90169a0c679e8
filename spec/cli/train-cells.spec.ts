import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readAnyModel, readModel } from '../../src/train/model-file.js';
import { runCli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'rnn-oracle-cells-'));
const names = join(dir, 'names.txt');
writeFileSync(names, 'Ada\nBo\nCyrus\nDi\nEve\nFlo\nGus\n');
const quick = ['--dataset', names, '--hidden', '5', '--every', '20', '--samples', '3', '--lr', '0.05'];
const path = (name: string) => join(dir, name);

describe('train --cell, --variant, --layers, --forget-bias', () => {
  it.each([
    ['lstm', ['--cell', 'lstm', '--variant', 'split', '--forget-bias', '1']],
    ['gru', ['--cell', 'gru']],
    ['rnn2', ['--cell', 'rnn', '--layers', '2']],
  ])('trains the %s cell with perplexity, records it in the model, and `sample --model` draws the last checkpoint’s names', async (name, cell) => {
    const out = path(`${name}.json`);
    const run = await runCli(['train', ...quick, ...cell, '--iterations', '41', '--out', out]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Iteration: 0, Loss: \d+\.\d{6}, Perplexity: \d+\.\d{6}\n/);
    const lastNames = run.stdout.trimEnd().split('\n\n').pop()!;
    const sampled = await runCli(['sample', '--model', out, '--count', '3']);
    expect(sampled.code).toBe(0);
    expect(sampled.stdout.trimEnd()).toBe(lastNames);
    const model = readAnyModel(out);
    expect('named' in model && model.settings).toEqual(
      name === 'lstm' ? { cell: 'lstm', variant: 'split', forgetBias: 1 } : name === 'gru' ? { cell: 'gru', variant: 'after-matmul/gate-keeps-old' } : { cell: 'rnn', layers: 2 },
    );
    expect(() => readModel(out)).toThrow(`${out}: a model of --cell ${name === 'rnn2' ? 'rnn' : name}`);
  });

  it('resumes an interrupted LSTM run to the same log and the same file', async () => {
    const cell = ['--cell', 'lstm', '--chunk', '4'];
    const straight = await runCli(['train', ...quick, ...cell, '--iterations', '41', '--out', path('straight.json')]);
    const first = await runCli(['train', ...quick, ...cell, '--iterations', '21', '--out', path('part.json')]);
    const rest = await runCli(['train', '--resume', path('part.json'), '--iterations', '41']);
    expect(rest.code).toBe(0);
    expect(first.stdout + rest.stdout).toBe(straight.stdout);
    expect(readFileSync(path('part.json'), 'utf8')).toBe(readFileSync(path('straight.json'), 'utf8'));
  });

  it('keeps a vanilla one-layer run exactly the template’s: `--cell rnn --layers 1` writes the same file and log', async () => {
    const plain = await runCli(['train', ...quick, '--iterations', '21', '--out', path('plain.json')]);
    const explicit = await runCli(['train', ...quick, '--cell', 'rnn', '--layers', '1', '--iterations', '21', '--out', path('explicit.json')]);
    expect(explicit.stdout).toBe(plain.stdout);
    expect(plain.stdout).not.toContain('Perplexity');
    expect(readFileSync(path('explicit.json'), 'utf8')).toBe(readFileSync(path('plain.json'), 'utf8'));
  });

  it('refuses combinations the engines do not support, in one line, exit 2', async () => {
    const gru = path('gru.json');
    const resumed = 'a resumed run keeps its settings (only --iterations, --out and --dataset may be given)';
    const cases: [string[], string][] = [
      [['--cell', 'lstm', '--layers', '2'], '--layers 2 with --cell lstm: stacked layers are for the vanilla cell only (--cell rnn --layers 2)'],
      [['--cell', 'gru', '--optimizer', 'adagrad'], "--optimizer adagrad with --cell gru --variant after-matmul/gate-keeps-old: the cell engines step with the template's elementwise --clip and SGD only"],
      [['--layers', '3', '--clip-norm', '1'], "--clip-norm 1 with --cell rnn --layers 3: the cell engines step with the template's elementwise --clip and SGD only"],
      [['--variant', 'split'], '--variant split is not a variant of --cell rnn; --cell rnn has no variants'],
      [['--cell', 'lstm', '--variant', 'peephole'], '--variant peephole is not a variant of --cell lstm; --cell lstm takes course, split'],
      [['--cell', 'gru', '--forget-bias', '1'], '--forget-bias 1: only the LSTM has a forget gate (--cell lstm)'],
      [['--cell', 'lstm', '--init', gru], `--init ${gru} with --cell lstm --variant course: --init starts the vanilla one-layer cell only`],
      [['--cell', 'cnn'], "option '--cell <NAME>' argument 'cnn' is invalid. expected one of rnn, lstm, gru, got 'cnn'."],
      [['--layers', '9'], "option '--layers <N>' argument '9' is invalid. expected an integer from 1 to 8, got '9'."],
      [['--resume', gru, '--cell', 'lstm'], `--cell lstm: the run in ${gru} uses gru; ${resumed}`],
      [['--resume', gru, '--layers', '2'], `--layers 2: the run in ${gru} uses 1; ${resumed}`],
    ];
    for (const [args, message] of cases) {
      const r = await runCli(['train', '--dataset', names, '--iterations', '2', ...args]);
      expect([r.code, r.stderr]).toEqual([2, `rnn-oracle: ${message}\n`]);
    }
  });

  it('refuses a cell model whose cell settings, parameters or state are wrong, naming the JSON path', async () => {
    const good = JSON.parse(readFileSync(path('lstm.json'), 'utf8'));
    const edits: [(m: any) => void, string][] = [
      [(m) => (m.config.variant = 'x'), '$.config.variant must be one of course, split for the lstm, got "x"'],
      [(m) => (m.config.layers = 2), '$.config.layers is 2 but stacked layers are for the vanilla cell only'],
      [(m) => (m.config.cell = 'rnn'), '$.config.variant is set but the rnn cell has no variants'],
      [(m) => (m.config.optimizer = 'adagrad'), '$.config.optimizer is set but a lstm run steps with the template\'s clip and SGD from its own initialisation'],
      [(m) => m.params.Wih.pop(), '$.params["Wih"] must be an array of 320 numbers, got 319'],
      [(m) => (m.params.Wf = [1]), '$.params["Wf"] is not a parameter of this lstm (Wih, Whh, bih, bhh, Wya, by)'],
      [(m) => (m.aLast = m.aLast.slice(5)), '$.aLast must be an array of 10 numbers, got 5'],
      [(m) => (m.params.by[0] = 'NaN'), "$.params[\"by\"][0] is NaN; a model's numbers must be finite"],
    ];
    for (const [edit, message] of edits) {
      const m = structuredClone(good);
      edit(m);
      writeFileSync(path('bad.json'), JSON.stringify(m));
      const r = await runCli(['sample', '--model', path('bad.json')]);
      expect([r.code, r.stderr]).toEqual([2, `rnn-oracle: ${path('bad.json')}: ${message}\n`]);
    }
  });
});
