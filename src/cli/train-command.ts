/** `rnn-oracle train` and `rnn-oracle sample`: the course template's training and sampling. */
import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Command } from 'commander';
import { DatasetError, loadDataset, type Dataset } from '../data/dataset.js';
import { isModelFile, readAnyModel, readModel } from '../train/model-file.js';
import { checkOutput, divergedPath, freeCheckpointPath } from '../train/output.js';
import { resumePlan } from '../train/resume.js';
import { sampleName, sampleNameWith } from '../train/sample.js';
import { cellEngine, cellSettings, CELLS, describeCell, isCellRun, MAX_TRAIN_LAYERS, TRAIN_CELL_VARIANTS } from '../train/cells.js';
import type { ModelFile } from '../train/model-check.js';
import { INIT_SEED } from '../train/sequences.js';
import type { CellTrainState } from '../train/cell-train.js';
import { initialState, TEMPLATE_DEFAULTS, type TrainConfig, type TrainState } from '../train/train.js';
import { checkChunk, MAX_CHUNK, OPTIMIZERS } from '../train/variants.js';
import { CliError, type Io } from './io.js';
import { integerIn, numberAbove, oneOf } from './options.js';
import { runTraining, saveRun, signalExitCode, watchSignals, type SignalWatch, type TrainEnv } from './train-run.js';

export interface TrainOptions extends TrainConfig {
  dataset: string;
  out?: string;
  resume?: string;
  force?: boolean;
}

/** The options a resumed run takes from its model file (flag names by attribute); giving a different value is an error. */
const RUN_OPTIONS = { hidden: 'hidden', lr: 'lr', clip: 'clip', every: 'every', samples: 'samples', optimizer: 'optimizer', clipNorm: 'clip-norm', chunk: 'chunk', cell: 'cell', variant: 'variant', layers: 'layers', forgetBias: 'forget-bias' } as const;

/** What an absent setting means: SGD, the vanilla cell, one layer, a forget bias of 0, no clip, chunk or variant. */
const ABSENT: Partial<Record<keyof typeof RUN_OPTIONS, string>> = { optimizer: 'sgd', cell: 'rnn', layers: '1', forgetBias: '0' };
/** A setting as a run has it. */
const shown = (k: keyof typeof RUN_OPTIONS, v: unknown) => String(v ?? ABSENT[k] ?? 'none');

/** The configuration the options ask for, with the template's settings left out (SGD) or replaced (--clip by --clip-norm). */
function newConfig(options: TrainConfig, given: ReadonlySet<string>): TrainConfig {
  const { optimizer, clipNorm, clip, cell, variant, layers, forgetBias, ...rest } = options;
  if (clipNorm !== undefined && given.has('clip')) {
    throw new CliError(`--clip ${clip} and --clip-norm ${clipNorm}: give one of them — every entry clipped to [-C, C], or all the gradients scaled to a global norm of at most C — not both`);
  }
  const cellFields = cellSettings({ cell, variant, layers, forgetBias }, optimizer, clipNorm);
  if (isCellRun(cellFields) && rest.init !== undefined) throw new CliError(`--init ${rest.init} with ${describeCell(cellFields)}: --init starts the vanilla one-layer cell only`);
  return { ...rest, ...(clipNorm === undefined ? { clip } : { clipNorm }), ...(optimizer === 'adagrad' ? { optimizer } : {}), ...cellFields };
}

/** A new run's starting state from --init's model file: its parameters, checked against the dataset and --hidden. */
function initState(path: string, dataset: Dataset, config: TrainConfig, given: ReadonlySet<string>): { config: TrainConfig; state: TrainState } {
  const model = readModel(path);
  if (model.vocabulary.join('\0') !== dataset.vocabulary.join('\0')) {
    throw new CliError(`--init ${path}: its vocabulary ${JSON.stringify(model.vocabulary.join(''))} is not ${dataset.source}'s (${JSON.stringify(dataset.vocabulary.join(''))})`);
  }
  const nA = model.params.nA;
  if (given.has('hidden') && config.hidden !== nA) throw new CliError(`--hidden ${config.hidden}: the parameters in --init ${path} have nA = ${nA}`);
  const withInit = { ...config, hidden: nA, init: path };
  return { config: withInit, state: initialState(nA, dataset.vocabulary.length, withInit, model.params) };
}

/** The dataset, configuration and starting state of a new or resumed run. */
function plan(options: TrainOptions, given: ReadonlySet<string>): { dataset: Dataset; config: TrainConfig; state?: TrainState | CellTrainState; out?: string } {
  const { dataset: spec, out, resume, force: _force, ...config } = options;
  if (out === '' || resume === '' || config.init === '') throw new CliError(`--${out === '' ? 'out' : resume === '' ? 'resume' : 'init'}: the path is empty`);
  if (!resume) {
    const dataset = loadDataset(spec);
    const fresh = newConfig(config, given);
    if (fresh.chunk !== undefined) checkChunk(dataset, fresh.chunk);
    const start = fresh.init === undefined ? { config: fresh } : initState(fresh.init, dataset, fresh, given);
    return { dataset, ...start, ...(out ? { out } : {}) };
  }
  if (config.init !== undefined) throw new CliError(`--init ${config.init}: a resumed run continues from the parameters in ${resume}; --init starts a new run`);
  const model = readAnyModel(resume);
  const run = model.run;
  for (const [k, flag] of Object.entries(RUN_OPTIONS) as [keyof typeof RUN_OPTIONS, string][]) {
    if (given.has(k) && run && shown(k, run.config[k]) !== shown(k, config[k])) {
      throw new CliError(`--${flag} ${config[k]}: the run in ${resume} uses ${shown(k, run.config[k])}; a resumed run keeps its settings (only --iterations, --out and --dataset may be given)`);
    }
  }
  const dataset = given.has('dataset') || !run ? loadDataset(spec) : loadRunDataset(run.config.dataset, resume);
  const { config: resumed, state } = resumePlan(model, resume, dataset, given.has('iterations') ? config.iterations : undefined);
  return { dataset, config: resumed, state, out: out ?? resume };
}

/** The dataset a resumed run names; if it cannot be read (moved, or another working directory), say how to give it. */
function loadRunDataset(spec: string, resume: string): Dataset {
  try {
    return loadDataset(spec);
  } catch (error) {
    if (error instanceof DatasetError) throw new DatasetError(`${error.message} — the dataset of the run in ${resume}; give it with --dataset`);
    throw error;
  }
}

/** Trains, printing the template's log; returns the exit code (0 done, 1 diverged, 130/143 interrupted). */
export async function trainCommand(options: TrainOptions, io: Io, given: ReadonlySet<string> = new Set(), env: TrainEnv = {}): Promise<number> {
  const { dataset, config, state, out } = plan(options, given);
  const force = options.force === true;
  const existed = out ? checkOutput(out, force).exists : false;
  for (const note of dataset.notes ?? []) io.err(`rnn-oracle: note: ${note}\n`);
  const signals = watchSignals(env.signal);
  try {
    return await trainAndSave(dataset, config, state, out, existed && !force, io, signals, env);
  } finally {
    signals.dispose();
  }
}

/** Runs the training and writes the model (or the checkpoint, or the diverged run beside a kept model). */
async function trainAndSave(dataset: Dataset, config: TrainConfig, state: TrainState | CellTrainState | undefined, out: string | undefined, keep: boolean, io: Io, signals: SignalWatch, env: TrainEnv): Promise<number> {
  const { result, interrupted } = await runTraining(dataset, config, state, io, signals, env);
  const rescueDir = env.checkpointDir ?? '.';
  const save = (path: string) => {
    const saved = saveRun(path, dataset, config, result, rescueDir);
    if (saved.failure) io.err(`rnn-oracle: ${saved.failure}; the run was saved to ${saved.path} instead\n`);
    return saved;
  };
  if (interrupted) {
    const saved = save(out ?? freeCheckpointPath(rescueDir));
    io.err(
      `rnn-oracle: interrupted by ${interrupted} after ${result.iterationsRun} of ${config.iterations} iterations; ` +
        `the run was saved to ${saved.path}; continue it with: rnn-oracle train --resume ${saved.path}\n`,
    );
    return signalExitCode(interrupted);
  }
  if (result.diverged) {
    const { iteration, quantity } = result.diverged;
    const what = quantity === 'loss' || quantity === 'gradient norm' ? `the ${quantity} is not finite` : `${quantity} has NaN entries`;
    let where = '';
    if (out) {
      const beside = divergedPath(out);
      const target = !keep ? out : existsSync(beside) && !isModelFile(beside) ? freeCheckpointPath(dirname(out)) : beside;
      const saved = save(target);
      where = ` (written to ${saved.path}${keep ? `; ${out} existed before this run and is left as it was — --force replaces it` : ''})`;
    }
    io.err(`rnn-oracle: training diverged at iteration ${iteration}: ${what}; stopped with the parameters from before that iteration${where}. Try a smaller --lr.\n`);
    return 1;
  }
  if (out && save(out).failure) return 2;
  return 0;
}

/** Prints `count` sampled names from a model file, with seeds seed … seed + count − 1. */
export function sampleCommand(options: { model: string; count: number; seed: number }, io: Io): number {
  const model = readAnyModel(options.model);
  let sample = (seed: number) => sampleName((model as ModelFile).params, model.vocabulary, seed);
  if ('named' in model) {
    const engine = cellEngine(model.settings, model.run.config.hidden, model.vocabulary.length, INIT_SEED);
    engine.loadNamed(model.named);
    sample = (seed) => sampleNameWith(engine, model.vocabulary, seed);
  }
  for (let s = 0; s < options.count; s++) io.out(sample(options.seed + s));
  return 0;
}

export function addTrainCommands(program: Command, io: Io, setExit: (code: number) => void): void {
  const d = TEMPLATE_DEFAULTS;
  program
    .command('train')
    .description('train on a dataset exactly as the course template does, printing its log (or as min-char-rnn or d2l, with the variant options)')
    .option('--dataset <NAME|PATH>', 'elements, movies, or a text file with one name per line', 'elements')
    .option('--hidden <N>', 'hidden size nA', integerIn(1, 1000), d.hidden)
    .option('--iterations <N>', 'training iterations in all (one name, or one chunk, each)', integerIn(1, 10_000_000), d.iterations)
    .option('--lr <RATE>', 'learning rate (of SGD, or of Adagrad)', numberAbove(0, 1000), d.lr)
    .option('--clip <C>', 'clip every gradient entry to [-C, C]', numberAbove(0, 1e6), d.clip)
    .option('--clip-norm <C>', 'instead of --clip: scale all the gradients to a global L2 norm of at most C (d2l)', numberAbove(0, 1e6))
    .option('--optimizer <NAME>', 'sgd (the template, default) or adagrad (min-char-rnn: mem += g², θ -= lr·g/√(mem + 1e-8))', oneOf(OPTIMIZERS))
    .option('--chunk <K>', 'train on the lines joined into one text (each followed by a newline), K characters per iteration, the hidden state carried (min-char-rnn)', integerIn(1, MAX_CHUNK))
    .option('--cell <NAME>', 'rnn (the template, default), lstm or gru, trained by the fast engines with the template\'s clip and SGD', oneOf(CELLS))
    .option('--variant <V>', `the cell's convention — lstm: ${TRAIN_CELL_VARIANTS.lstm.join(' or ')}; gru: ${TRAIN_CELL_VARIANTS.gru.join(', ')}; if omitted the first`)
    .option('--layers <N>', 'stacked vanilla layers of --hidden units each (--cell rnn only)', integerIn(1, MAX_TRAIN_LAYERS))
    .option('--forget-bias <B>', "the LSTM forget gate's initial bias (default 0)", numberAbove(-100, 100))
    .option('--init <PATH>', "start from the parameters in this model file instead of the template's initialisation")
    .option('--every <N>', 'print the loss and samples every N iterations', integerIn(1, 10_000_000), d.every)
    .option('--samples <N>', 'names sampled at each checkpoint', integerIn(0, 1000), d.samples)
    .option('--out <PATH>', 'write the trained model (JSON) here; an interrupted run is saved here too')
    .option('--resume <PATH>', 'continue the run saved in this model file, bit for bit (writes back to it unless --out)')
    .option('--force', 'replace --out even if it is not an rnn-oracle model, or with a diverged run')
    .action(async (options: TrainOptions, command: Command) => {
      const given = new Set(command.options.map((o) => o.attributeName()).filter((k) => command.getOptionValueSource(k) === 'cli'));
      setExit(await trainCommand(options, io, given));
    });
  program
    .command('sample')
    .description('sample names from a trained model')
    .requiredOption('--model <PATH>', 'a model written by train --out')
    .option('--count <N>', 'how many names', integerIn(1, 100_000), 7)
    .option('--seed <S>', 'seed of the first name (the next use S+1, …)', integerIn(0, 2 ** 32 - 1), 0)
    .action((options: { model: string; count: number; seed: number }) => setExit(sampleCommand(options, io)));
}
