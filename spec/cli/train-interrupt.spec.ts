import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Io } from '../../src/cli/io.js';
import { trainCommand, type TrainOptions } from '../../src/cli/train-command.js';
import { readModel } from '../../src/train/model-file.js';
import { runCli } from '../helpers/cli.js';

/** Built by `npm test` (npm run build) before vitest starts. */
const builtCli = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'rnn-oracle-interrupt-'));

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

