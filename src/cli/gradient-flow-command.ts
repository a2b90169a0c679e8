/** `rnn-oracle gradient-flow`: how ∂l⟨T⟩/∂a⟨t⟩ decays with the lag (the work is in gradient-flow-run.ts, loaded when the command runs). */
import type { Command } from 'commander';
import { TEMPLATE_DEFAULTS } from '../train/train.js';
import { CELL_VARIANTS, CELLS, type Cell } from './gradcheck-command.js';
import { CliError, type Io } from './io.js';
import { integerIn, oneOf } from './options.js';

export interface FlowCommandOptions {
  cell: Cell;
  variant?: string;
  model?: string;
  train?: number;
  dataset: string;
  hidden: number;
  vocab?: number;
  steps: number;
  sequences: number;
  seed: number;
  svg?: string;
}

/** The option combinations that make no sense, as one line (exit 2); the variant to use. */
export function flowVariant(o: FlowCommandOptions, given: ReadonlySet<string>): string | undefined {
  const variants: readonly string[] = CELL_VARIANTS[o.cell];
  const fail = (message: string) => {
    throw new CliError(`gradient-flow: ${message}`);
  };
  if (o.model !== undefined && (given.has('cell') || given.has('variant'))) fail(`--${given.has('cell') ? 'cell' : 'variant'}: the cell and its variant come from the model in ${o.model}`);
  if (o.variant !== undefined && !variants.includes(o.variant)) {
    fail(`--variant ${o.variant} is not a variant of --cell ${o.cell}${variants.length > 0 ? `; --cell ${o.cell} takes ${variants.join(', ')}` : '; --cell rnn has no variants'}`);
  }
  if (o.train !== undefined && o.cell !== 'rnn') fail(`--train trains the vanilla cell as rnn-oracle train does; --cell ${o.cell} cannot be trained yet`);
  if (o.model !== undefined && o.train !== undefined) fail('--model and --train are two sources of a trained model: give one');
  if (o.model === '') fail('--model: the path is empty');
  if (o.svg === '') fail('--svg: the path is empty');
  if (o.model !== undefined || o.train !== undefined) {
    const from = o.model !== undefined ? `the model in ${o.model}` : `--dataset ${o.dataset}`;
    if (o.model !== undefined && given.has('hidden')) fail(`--hidden: the sizes come from ${from}`);
    if (given.has('vocab')) fail(`--vocab: the vocabulary comes from ${from}`);
  }
  if (given.has('dataset') && o.train === undefined) fail('--dataset is the data --train trains on; add --train N');
  return o.variant ?? variants[0];
}

/** Adds the `gradient-flow` command to the program; `setExit` receives its exit code. */
export function addGradientFlowCommand(program: Command, io: Io, setExit: (code: number) => void): void {
  program
    .command('gradient-flow')
    .description('measure how ‖∂l⟨T⟩/∂a⟨t⟩‖ decays with the lag T − t (eq. (22)), ρ and σ₁ of Waa, and how often clipping fires in training')
    .option('--cell <C>', 'rnn (vanilla), lstm or gru', oneOf(CELLS), 'rnn')
    .option('--variant <V>', `lstm: ${CELL_VARIANTS.lstm.join(' or ')}; gru: ${CELL_VARIANTS.gru.join(', ')}; if omitted the first`)
    .option('--model <PATH>', 'a model written by rnn-oracle train --out: vanilla, or --cell lstm|gru of any variant (default: the template initialisation)')
    .option('--train <N>', 'train the vanilla cell N iterations as rnn-oracle train does, counting clip events, then measure it', integerIn(1, 10_000_000))
    .option('--dataset <NAME|PATH>', 'what --train trains on: elements, movies, or a text file with one name per line', 'elements')
    .option('--hidden <N>', 'hidden size nA', integerIn(1, 1000), TEMPLATE_DEFAULTS.hidden)
    .option('--vocab <V>', "vocabulary size nX = nY (default: the elements dataset's)", integerIn(2, 200))
    .option('--steps <T>', 'sequence length T: lags 0…T are measured', integerIn(1, 1000), 25)
    .option('--sequences <K>', 'random sequences the norms are averaged over (geometric mean)', integerIn(1, 10_000), 10)
    .option('--seed <S>', 'numpy seed of the sequences (and of the lstm/gru weights)', integerIn(0, 2 ** 32 - 1), 0)
    .option('--svg <FILE>', 'also write the plot of norm against lag as SVG')
    .action(async (options: FlowCommandOptions, command: Command) => {
      const given = new Set(command.options.map((o) => o.attributeName()).filter((k) => command.getOptionValueSource(k) === 'cli'));
      const variant = flowVariant(options, given);
      setExit(await (await import('./gradient-flow-run.js')).gradientFlow(options, variant, io));
    });
}
