import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Io } from '../../src/cli/io.js';
import { trainCommand, type TrainOptions } from '../../src/cli/train-command.js';
import { loadDataset, MAX_LINE_LENGTH } from '../../src/data/dataset.js';
import { readModel } from '../../src/train/model-file.js';
import { train } from '../../src/train/train.js';
import { runCli } from '../helpers/cli.js';

/** Built by `npm test` (npm run build) before vitest starts. */
const builtCli = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));
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
    const { code, stderr } = await runCli(['train', '--hidden', '50', '--lr', '0.1', '--every', '100000', '--out', out]);
    expect(code).toBe(1);
    const match = /^rnn-oracle: training diverged at iteration (\d+): the loss is not finite; stopped with the parameters from before that iteration \(written to (.*)\)\. Try a smaller --lr\.\n$/.exec(stderr);
    expect(match?.[2]).toBe(out);
    // numpy's run of the same loop (bench/numpy_template.py --lr 0.1) is finite at 2000 and infinite
    // at 4000 (first at 3207); where exactly it breaks depends on rounding, the run being chaotic.
    const iteration = Number(match?.[1]);
    expect(iteration).toBeGreaterThan(2000);
    expect(iteration).toBeLessThan(4000);
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

/** A short run: checkpoints at 0, 20 and 40. */
const tiny = ['--hidden', '5', '--iterations', '41', '--every', '20', '--samples', '2'];
const tinyOptions: TrainOptions = { dataset: 'elements', hidden: 5, iterations: 41, lr: 0.01, clip: 5, every: 20, samples: 2 };
const temporaries = (d: string) => readdirSync(d).filter((f) => f.includes('.tmp-'));

/** Runs trainCommand in-process and interrupts it (as SIGINT would) when the first checkpoint is printed. */
async function interruptAtFirstCheckpoint(options: TrainOptions, checkpointDir: string, errIsTTY = false, terminal?: NodeJS.WritableStream) {
  const abort = new AbortController();
  let stdout = '';
  let stderr = '';
  const io: Io = { out: (t) => ((stdout += t), abort.abort()), err: (t) => void (stderr += t), errIsTTY };
  const code = await trainCommand(options, io, new Set(), { signal: abort.signal, checkpointDir, ...(terminal ? { terminal } : {}) });
  return { code, stdout, stderr };
}

describe('interrupting and resuming train', () => {
  it('saves the run to --out at the end of the current iteration, says where, exits 130, leaves no temporary file', async () => {
    const d = mkdtempSync(join(tmpdir(), 'rnn-oracle-int-'));
    const out = join(d, 'model.json');
    const { code, stdout, stderr } = await interruptAtFirstCheckpoint({ ...tinyOptions, out }, d);
    expect(code).toBe(130);
    expect(stderr).toBe(`rnn-oracle: interrupted by SIGINT after 1 of 41 iterations; the run was saved to ${out}; continue it with: rnn-oracle train --resume ${out}\n`);
    expect(readModel(out).run).toMatchObject({ iterationsRun: 1, status: 'interrupted' });
    expect(temporaries(d)).toEqual([]);
    const resumed = await runCli(['train', '--resume', out]);
    expect(resumed.code).toBe(0);
    const straight = await runCli(['train', ...tiny, '--out', join(d, 'straight.json')]);
    expect(stdout + resumed.stdout).toBe(straight.stdout);
    expect(readModel(out).params).toEqual(readModel(join(d, 'straight.json')).params);
    expect(readModel(out).run?.status).toBe('complete');
  });

  it('saves an interrupted run without --out to rnn-oracle-checkpoint.json, never replacing a file', async () => {
    const d = mkdtempSync(join(tmpdir(), 'rnn-oracle-int-'));
    writeFileSync(join(d, 'rnn-oracle-checkpoint.json'), 'an older checkpoint');
    const { code, stderr } = await interruptAtFirstCheckpoint(tinyOptions, d);
    expect(code).toBe(130);
    expect(stderr).toContain(`the run was saved to ${join(d, 'rnn-oracle-checkpoint-1.json')}`);
    expect(readModel(join(d, 'rnn-oracle-checkpoint-1.json')).run?.iterationsRun).toBe(1);
    expect(readFileSync(join(d, 'rnn-oracle-checkpoint.json'), 'utf8')).toBe('an older checkpoint');
  });

  it('saves a run whose --out directory vanished during training to rnn-oracle-checkpoint.json instead, exit 2', async () => {
    const d = mkdtempSync(join(tmpdir(), 'rnn-oracle-gone-'));
    const doomed = mkdtempSync(join(tmpdir(), 'rnn-oracle-doomed-'));
    const out = join(doomed, 'model.json');
    let stderr = '';
    const io: Io = { out: () => rmSync(doomed, { recursive: true, force: true }), err: (t) => void (stderr += t), errIsTTY: false };
    const code = await trainCommand({ ...tinyOptions, out }, io, new Set(), { checkpointDir: d });
    expect(code).toBe(2);
    expect(stderr).toBe(`rnn-oracle: could not write ${out} (ENOENT); the run was saved to ${join(d, 'rnn-oracle-checkpoint.json')} instead\n`);
    expect(readModel(join(d, 'rnn-oracle-checkpoint.json')).run?.status).toBe('complete');
  });

  it('stops and saves the run when standard output is closed (train | head), exit 141', async () => {
    const d = mkdtempSync(join(tmpdir(), 'rnn-oracle-pipe-'));
    const out = join(d, 'model.json');
    let stderr = '';
    const epipe = Object.assign(new Error('write EPIPE'), { code: 'EPIPE' });
    const io: Io = { out: () => void process.stdout.emit('error', epipe), err: (t) => void (stderr += t), errIsTTY: false };
    const code = await trainCommand({ ...tinyOptions, out }, io, new Set(), { checkpointDir: d });
    expect(code).toBe(141);
    expect(stderr).toMatch(/^rnn-oracle: interrupted by SIGPIPE after 1 of 41 iterations; the run was saved to /);
    expect(readModel(out).run?.iterationsRun).toBe(1);
    expect(process.stdout.listenerCount('error')).toBe(0);
  });

  it('stops the progress bar on interruption: the cursor is shown and line wrapping is back on', async () => {
    let drawn = '';
    const terminal = { isTTY: true, columns: 100, write: (s: string) => ((drawn += s), true), on: () => terminal, removeListener: () => terminal };
    const d = mkdtempSync(join(tmpdir(), 'rnn-oracle-int-'));
    const { code } = await interruptAtFirstCheckpoint(tinyOptions, d, true, terminal as unknown as NodeJS.WritableStream);
    expect(code).toBe(130);
    expect(drawn).toContain('\x1b[?25l'); // the bar hid the cursor …
    expect(drawn.lastIndexOf('\x1b[?25h')).toBeGreaterThan(drawn.lastIndexOf('\x1b[?25l')); // … and showed it again
    expect(drawn.lastIndexOf('\x1b[?7h')).toBeGreaterThan(drawn.lastIndexOf('\x1b[?7l')); // wrapping off, then on
  });

  it('draws the progress bar on a terminal and restores the terminal when the run ends', async () => {
    let drawn = '';
    const terminal = { isTTY: true, columns: 120, write: (s: string) => ((drawn += s), true), on: () => terminal, removeListener: () => terminal };
    const io: Io = { out: () => undefined, err: () => undefined, errIsTTY: true };
    const code = await trainCommand({ ...tinyOptions, iterations: 251, every: 1000 }, io, new Set(), { terminal: terminal as unknown as NodeJS.WritableStream });
    expect(code).toBe(0);
    expect(drawn).toMatch(/iteration 250\/251 \| smoothed loss \d+\.\d{4} \| \d+ it\/s/);
    expect(drawn.lastIndexOf('\x1b[?25h')).toBeGreaterThan(drawn.lastIndexOf('\x1b[?25l'));
  });

  it('refuses to change a resumed run’s settings, and to resume a finished run without more --iterations', async () => {
    const out = join(dir, 'finished.json');
    expect((await runCli(['train', ...tiny, '--out', out])).code).toBe(0);
    const changed = await runCli(['train', '--resume', out, '--lr', '0.1']);
    expect(changed.code).toBe(2);
    expect(changed.stderr).toBe(`rnn-oracle: --lr 0.1: the run in ${out} uses 0.01; a resumed run keeps its settings (only --iterations, --out and --dataset may be given)\n`);
    const finished = await runCli(['train', '--resume', out]);
    expect(finished.code).toBe(2);
    expect(finished.stderr).toBe(`rnn-oracle: ${out}: the run has already done 41 of its 41 iterations; give --iterations N with N > 41 to continue it\n`);
    const moved = JSON.parse(readFileSync(out, 'utf8'));
    moved.config.dataset = join(dir, 'moved-away.txt');
    writeFileSync(join(dir, 'moved.json'), JSON.stringify(moved));
    const lost = await runCli(['train', '--resume', join(dir, 'moved.json'), '--iterations', '61']);
    expect(lost.code).toBe(2);
    expect(lost.stderr).toMatch(/moved-away\.txt: cannot read dataset \(no such file\) — the dataset of the run in .*moved\.json; give it with --dataset\n$/);
    const found = await runCli(['train', '--resume', join(dir, 'moved.json'), '--iterations', '42', '--dataset', 'elements']);
    expect(found.code).toBe(0);
    const more = await runCli(['train', '--resume', out, '--iterations', '61', '--hidden', '5']);
    expect(more.code).toBe(0);
    expect(more.stdout).toMatch(/^Iteration: 60, /);
  });

  it('stops on a real SIGINT in the built CLI: checkpoint written, no temporary file, exit 130', async () => {
    const d = mkdtempSync(join(tmpdir(), 'rnn-oracle-sig-'));
    const out = join(d, 'model.json');
    const child = spawn(process.execPath, [builtCli, 'train', '--hidden', '5', '--iterations', '10000000', '--every', '1000000', '--samples', '1', '--out', out]);
    let stderr = '';
    child.stderr.on('data', (b) => (stderr += b));
    child.stdout.on('data', () => child.kill('SIGINT')); // the first checkpoint: training has started
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    expect(code).toBe(130);
    expect(stderr).toMatch(/^rnn-oracle: interrupted by SIGINT after \d+ of 10000000 iterations; the run was saved to .*model\.json; continue it with: rnn-oracle train --resume /);
    expect(readModel(out).run?.status).toBe('interrupted');
    expect(readdirSync(d)).toEqual(['model.json']);
  });
});

describe('diverged runs never silently replace a model', () => {
  const diverging = ['--hidden', '5', '--lr', '100', '--clip', '1000000', '--iterations', '50', '--every', '1000', '--samples', '0'];

  it('leave an existing model as it was and write the diverged run beside it, saying so; --force replaces it', async () => {
    const d = mkdtempSync(join(tmpdir(), 'rnn-oracle-div-'));
    const out = join(d, 'model.json');
    expect((await runCli(['train', ...tiny, '--out', out])).code).toBe(0);
    const good = readFileSync(out, 'utf8');
    const { code, stderr } = await runCli(['train', ...diverging, '--out', out]);
    expect(code).toBe(1);
    const beside = join(d, 'model.diverged.json');
    expect(stderr).toMatch(/^rnn-oracle: training diverged at iteration \d+: the loss is not finite; stopped with the parameters from before that iteration/);
    expect(stderr).toContain(`(written to ${beside}; ${out} existed before this run and is left as it was — --force replaces it)`);
    expect(readFileSync(out, 'utf8')).toBe(good);
    expect(readModel(beside).run?.status).toBe('diverged');
    expect((await runCli(['train', ...diverging, '--out', out, '--force'])).code).toBe(1);
    expect(readModel(out).run?.status).toBe('diverged');
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
