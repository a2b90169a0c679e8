/** `rnn-oracle gradcheck`: BPTT against numerical derivatives on a random model (the work is in gradcheck-run.ts). */
import type { Command } from 'commander';
import type { Io } from './io.js';
import { integerIn, oneOf } from './options.js';

export interface GradcheckOptions {
  hidden: number;
  vocab: number;
  steps: number;
  seed: number;
  method: 'central' | 'complex' | 'both';
  directions?: number;
  force?: boolean;
}

/** Above this estimate the run is announced on stderr, with the time and the --directions hint. */
export const ANNOUNCE_SECONDS = 10;
/** Above this estimate the run needs --force: a full check should not silently take hours. */
export const REFUSE_SECONDS = 600;

/** Adds the `gradcheck` command to the program; `setExit` receives its exit code. */
export function addGradcheckCommand(program: Command, io: Io, setExit: (code: number) => void): void {
  program
    .command('gradcheck')
    .description('check BPTT against central differences and the complex step on a random model')
    .option('--hidden <N>', 'hidden size nA', integerIn(1, 200), 5)
    .option('--vocab <N>', 'vocabulary size nX = nY', integerIn(2, 200), 8)
    .option('--steps <T>', 'sequence length T', integerIn(1, 1000), 10)
    .option('--seed <S>', 'numpy seed of the random model', integerIn(0, 2 ** 32 - 1), 0)
    .option('--method <M>', 'central, complex or both', oneOf(['central', 'complex', 'both'] as const), 'both')
    .option('--directions <K>', 'check K random directions instead of every entry (large models)', integerIn(1, 10000))
    .option('--force', `run even when the estimated time exceeds ${REFUSE_SECONDS / 60} min`)
    .action(async (options: GradcheckOptions) => setExit((await import('./gradcheck-run.js')).gradcheck(options, io)));
}
