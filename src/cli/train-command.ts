/** `rnn-oracle train` and `rnn-oracle sample`: the course template's training and sampling. */
import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { loadDataset } from '../data/dataset.js';
import { readModel, modelJson, writeModel } from '../train/model-file.js';
import { sampleName } from '../train/sample.js';
import { formatCheckpoint, TEMPLATE_DEFAULTS, train, type TrainConfig } from '../train/train.js';
import { CliError, type Io } from './io.js';
import { integerIn, numberAbove } from './options.js';

interface TrainOptions extends TrainConfig {
  dataset: string;
  out?: string;
}

/** How often the progress bar is redrawn, in iterations. */
const PROGRESS_EVERY = 250;

function checkWritable(out: string): void {
  const dir = dirname(resolve(out));
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new CliError(`--out ${out}: directory ${dir} does not exist`);
  if (existsSync(out) && statSync(out).isDirectory()) throw new CliError(`--out ${out}: is a directory`);
}

/** Trains, printing the template's log; returns the exit code (0 done, 1 diverged). */
export function trainCommand(options: TrainOptions, io: Io): number {
  const { dataset: spec, out, ...config } = options;
  if (out) checkWritable(out);
  const dataset = loadDataset(spec);
  const bar = io.errIsTTY
    ? new cliProgress.SingleBar(
        { format: '{bar} iteration {value}/{total} | smoothed loss {loss} | {speed} it/s | ETA {eta_formatted}', stream: process.stderr, hideCursor: true },
        cliProgress.Presets.shades_classic,
      )
    : undefined;
  const start = performance.now();
  bar?.start(config.iterations, 0, { loss: '-', speed: '-' });
  const result = train(dataset, config, {
    onCheckpoint: (c) => io.out(formatCheckpoint(c)),
    onIteration: (j, loss) => {
      if (bar && (j + 1) % PROGRESS_EVERY === 0) {
        const speed = ((j + 1) / ((performance.now() - start) / 1000)).toFixed(0);
        bar.update(j + 1, { loss: loss.toFixed(4), speed });
      }
    },
  });
  bar?.stop();
  if (out) writeModel(out, modelJson(dataset, config, result));
  if (result.diverged) {
    const { iteration, quantity } = result.diverged;
    const what = quantity === 'loss' ? 'the loss is not finite' : `${quantity} has NaN entries`;
    io.err(
      `rnn-oracle: training diverged at iteration ${iteration}: ${what}; stopped with the parameters from before that iteration` +
        `${out ? ` (written to ${out})` : ''}. Try a smaller --lr.\n`,
    );
    return 1;
  }
  return 0;
}

/** Prints `count` sampled names from a model file, with seeds seed … seed + count − 1. */
export function sampleCommand(options: { model: string; count: number; seed: number }, io: Io): number {
  const model = readModel(options.model);
  for (let s = 0; s < options.count; s++) io.out(sampleName(model.params, model.vocabulary, options.seed + s));
  return 0;
}

export function addTrainCommands(program: Command, io: Io, setExit: (code: number) => void): void {
  const d = TEMPLATE_DEFAULTS;
  program
    .command('train')
    .description('train on a dataset exactly as the course template does, printing its log')
    .option('--dataset <NAME|PATH>', 'elements, movies, or a text file with one name per line', 'elements')
    .option('--hidden <N>', 'hidden size nA', integerIn(1, 1000), d.hidden)
    .option('--iterations <N>', 'training iterations (one name each)', integerIn(1, 10_000_000), d.iterations)
    .option('--lr <RATE>', 'SGD learning rate', numberAbove(0, 1000), d.lr)
    .option('--clip <C>', 'clip every gradient entry to [-C, C]', numberAbove(0, 1e6), d.clip)
    .option('--every <N>', 'print the loss and samples every N iterations', integerIn(1, 10_000_000), d.every)
    .option('--samples <N>', 'names sampled at each checkpoint', integerIn(0, 1000), d.samples)
    .option('--out <PATH>', 'write the trained model (JSON) here')
    .action((options: TrainOptions) => setExit(trainCommand(options, io)));
  program
    .command('sample')
    .description('sample names from a trained model')
    .requiredOption('--model <PATH>', 'a model written by train --out')
    .option('--count <N>', 'how many names', integerIn(1, 100_000), 7)
    .option('--seed <S>', 'seed of the first name (the next use S+1, …)', integerIn(0, 2 ** 32 - 1), 0)
    .action((options: { model: string; count: number; seed: number }) => setExit(sampleCommand(options, io)));
}
