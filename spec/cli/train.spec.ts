import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDataset, MAX_LINE_LENGTH } from '../../src/data/dataset.js';
import { readModel } from '../../src/train/model-file.js';
import { train } from '../../src/train/train.js';
import { runCli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'rnn-oracle-train-'));
/** The numpy loop's log (fixtures/numpy/README.md), cut before its iteration-4000 checkpoint. */
const numpyLog = readFileSync(new URL('../../fixtures/numpy/elements-hidden50-4001.txt', import.meta.url), 'utf8').split('Iteration: 4000')[0];

/** A short run: checkpoints at 0, 20 and 40. */
const tiny = ['--hidden', '5', '--iterations', '41', '--every', '20', '--samples', '2'];

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
    const notes = join(dir, 'notes.txt');
    writeFileSync(notes, 'my notes\n');
    const longLine = join(dir, 'long.txt');
    writeFileSync(longLine, `ab\n${'x'.repeat(MAX_LINE_LENGTH + 1)}\n`);
    const cases: [string[], RegExp][] = [
      [['train', '--dataset', join(dir, 'none.txt')], /none\.txt: cannot read dataset \(no such file\)/],
      [['train', '--dataset', longLine], /long\.txt:2: line of 1001 characters is longer than the 1000-character limit/],
      [['train', '--out', join(dir, 'missing-dir', 'm.json')], /--out .*: directory .*missing-dir does not exist/],
      [['train', '--out', dir], /is a directory; give a file path such as/],
      [['train', '--out', join(dir, 'newdir/')], /newdir\/: is a directory/],
      [['train', '--out', '/proc/rnn-oracle-model.json'], /cannot write in \/proc/],
      [['train', '--out', ''], /^rnn-oracle: --out: the path is empty\n/],
      [['train', '--resume', ''], /^rnn-oracle: --resume: the path is empty\n/],
      [['train', '--out', '/dev/null', '--force'], /--out \/dev\/null: is not a regular file; refusing to replace it/],
      [['train', '--dataset', '/dev/zero'], /\/dev\/zero: not a regular file/],
      [['sample', '--model', '/dev/zero'], /\/dev\/zero: not a regular file/],
      [['train', '--out', notes], /notes\.txt: exists and is not an rnn-oracle model; refusing to replace it \(--force replaces it\)/],
      [['train', '--lr', '0'], /expected a number greater than 0 and at most 1000, got '0'/],
      [['train', '--clip', 'big'], /expected a number greater than 0 and at most 1000000, got 'big'/],
      [['train', '--resume', join(dir, 'none.json')], /none\.json: no such file/],
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
    expect(readFileSync(notes, 'utf8')).toBe('my notes\n');
  });

  it('replaces a file that is not a model when --force is given', async () => {
    const target = join(dir, 'forced.txt');
    writeFileSync(target, 'not a model');
    const { code } = await runCli(['train', ...tiny, '--out', target, '--force']);
    expect(code).toBe(0);
    expect(readModel(target).run?.status).toBe('complete');
  });
});


describe('datasets and models as the template reads them', () => {
  it('reads a CRLF dataset exactly as the same file with LF line ends', async () => {
    const lf = join(dir, 'lf.txt');
    const crlf = join(dir, 'crlf.txt');
    writeFileSync(lf, 'Ada\nBo\nCyrus\n');
    writeFileSync(crlf, 'Ada\r\nBo\r\nCyrus\r\n');
    const a = await runCli(['train', '--dataset', lf, ...tiny, '--out', join(dir, 'lf.json')]);
    const b = await runCli(['train', '--dataset', crlf, ...tiny, '--out', join(dir, 'crlf.json')]);
    expect(b.stdout).toBe(a.stdout);
    expect(readModel(join(dir, 'crlf.json')).vocabulary).toEqual(['\n', 'a', 'b', 'c', 'd', 'o', 'r', 's', 'u', 'y']);
  });

  it('keeps a byte-order mark as the template does and says so in one line on stderr', async () => {
    const bom = join(dir, 'bom.txt');
    writeFileSync(bom, '\uFEFFAda\nBo\n');
    const { code, stderr } = await runCli(['train', '--dataset', bom, ...tiny, '--out', join(dir, 'bom.json')]);
    expect(code).toBe(0);
    expect(stderr).toMatch(/^rnn-oracle: note: .*bom\.txt starts with a UTF-8 byte-order mark; .* U\+FEFF/);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(readModel(join(dir, 'bom.json')).vocabulary.at(-1)).toBe('\uFEFF');
  });

  it('sample refuses a model with a NaN parameter, a repeated or a multi-character vocabulary entry: one line, exit 2', async () => {
    const good = JSON.parse(readFileSync(join(dir, 'lf.json'), 'utf8'));
    const bad = (name: string, edit: (m: typeof good) => void) => {
      const m = structuredClone(good);
      edit(m);
      writeFileSync(join(dir, name), JSON.stringify(m));
      return join(dir, name);
    };
    const cases: [string, RegExp][] = [
      [bad('nan.json', (m) => (m.params.Waa[2][3] = 'NaN')), /nan\.json: \$\.params\.Waa\[2\]\[3\] is NaN; a model's numbers must be finite$/],
      [bad('dup.json', (m) => (m.vocabulary[2] = 'a')), /dup\.json: \$\.vocabulary\[2\] "a" repeats \$\.vocabulary\[1\]$/],
      [bad('multi.json', (m) => (m.vocabulary[2] = 'ab')), /multi\.json: \$\.vocabulary\[2\] must be one character, got "ab"$/],
    ];
    for (const [model, message] of cases) {
      const { code, stdout, stderr } = await runCli(['sample', '--model', model]);
      expect(code, model).toBe(2);
      expect(stdout).toBe('');
      expect(stderr.trim().split('\n')).toHaveLength(1);
      expect(stderr.trim()).toMatch(message);
    }
  });
});
