/** `rnn-oracle gradcheck`: BPTT against numerical derivatives on a random model (the work is in gradcheck-run.ts and gradcheck-cells-run.ts). */
import type { Command } from 'commander';
import { CliError, type Io } from './io.js';
import { integerIn, oneOf } from './options.js';

/** The cells `--cell` names: the vanilla RNN (stacked with --layers), the LSTM and the GRU. */
export const CELLS = ['rnn', 'lstm', 'gru'] as const;
export type Cell = (typeof CELLS)[number];

/** Each cell's conventions, as `--variant` spells them (docs/lstm.md, docs/gru.md); the first is the cell's default. */
export const CELL_VARIANTS = {
  rnn: [],
  lstm: ['course', 'split'],
  gru: ['after-matmul/gate-keeps-old', 'after-matmul/gate-takes-new', 'before-matmul/gate-keeps-old', 'before-matmul/gate-takes-new'],
} as const satisfies Record<Cell, readonly string[]>;

/** Most layers `--layers` takes: the mathjs reference is slow, and a check's cost grows with every layer. */
export const MAX_LAYERS = 8;

export interface GradcheckOptions {
  hidden: number;
  vocab: number;
  steps: number;
  seed: number;
  method: 'central' | 'complex' | 'both';
  cell: Cell;
  layers: number;
  variant?: string;
  directions?: number;
  force?: boolean;
}

/** Above this estimate the run is announced on stderr, with the time and the --directions hint. */
export const ANNOUNCE_SECONDS = 10;
/** Above this estimate the run needs --force: a full check should not silently take hours. */
export const REFUSE_SECONDS = 600;

/** The option combinations that make no sense, as one line (CliError, exit 2); the variant to use. */
export function cellVariant(o: GradcheckOptions): string | undefined {
  const variants: readonly string[] = CELL_VARIANTS[o.cell];
  if (o.variant !== undefined && !variants.includes(o.variant)) {
    const allowed = variants.length > 0 ? `; --cell ${o.cell} takes ${variants.join(', ')}` : `; --cell ${o.cell} has no variants`;
    throw new CliError(`gradcheck: --variant ${o.variant} is not a variant of --cell ${o.cell}${allowed}`);
  }
  if (o.directions !== undefined && (o.cell !== 'rnn' || o.layers > 1)) {
    throw new CliError(`gradcheck: --directions is for the single-layer vanilla RNN only; --cell ${o.cell}${o.layers > 1 ? ` --layers ${o.layers}` : ''} checks every entry`);
  }
  return o.variant ?? variants[0];
}

/** Adds the `gradcheck` command to the program; `setExit` receives its exit code. */
export function addGradcheckCommand(program: Command, io: Io, setExit: (code: number) => void): void {
  const gru = CELL_VARIANTS.gru;
  program
    .command('gradcheck')
    .description('check BPTT against central differences and the complex step on a random model')
    .option('--hidden <N>', 'hidden size nA', integerIn(1, 200), 5)
    .option('--vocab <N>', 'vocabulary size nX = nY', integerIn(2, 200), 8)
    .option('--steps <T>', 'sequence length T', integerIn(1, 1000), 10)
    .option('--seed <S>', 'numpy seed of the random model', integerIn(0, 2 ** 32 - 1), 0)
    .option('--method <M>', 'central, complex or both', oneOf(['central', 'complex', 'both'] as const), 'both')
    .option('--cell <C>', 'rnn (vanilla), lstm or gru', oneOf(CELLS), 'rnn')
    .option('--layers <N>', 'stacked layers of the cell (rnn, lstm or gru), the output layer on the top one', integerIn(1, MAX_LAYERS), 1)
    .option(
      '--variant <V>',
      `lstm: ${CELL_VARIANTS.lstm.join(' or ')}; gru: <reset>/<blend>, reset before-matmul or after-matmul, blend gate-keeps-old or ` +
        `gate-takes-new; if omitted: ${CELL_VARIANTS.lstm[0]}, ${gru[0]} (PyTorch's)`,
    )
    .option('--directions <K>', 'check K random directions instead of every entry (large models)', integerIn(1, 10000))
    .option('--force', `run even when the estimated time exceeds ${REFUSE_SECONDS / 60} min`)
    .action(async (options: GradcheckOptions) => {
      const variant = cellVariant(options);
      if (options.cell === 'rnn' && options.layers === 1) setExit((await import('./gradcheck-run.js')).gradcheck(options, io));
      else setExit((await import('./gradcheck-cells-run.js')).gradcheckCell(options, variant, io));
    });
}
