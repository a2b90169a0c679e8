/** `rnn-oracle gradcheck`: BPTT against numerical derivatives on a random model. */
import type { Command } from 'commander';
import { checkDirections } from '../gradcheck/directional.js';
import { checkGradients, type Method } from '../gradcheck/elementwise.js';
import { formatCheckReport, formatDirectionalReport } from '../gradcheck/format.js';
import { randomProblem } from '../gradcheck/problem.js';
import { realPart } from '../reference/linalg.js';
import { forwardSequence } from '../reference/bptt.js';
import type { Io } from './io.js';
import { integerIn, oneOf } from './options.js';

interface GradcheckOptions {
  hidden: number;
  vocab: number;
  steps: number;
  seed: number;
  method: Method | 'both';
  directions?: number;
}

/** Runs the check and prints one table per method; returns the exit code (0 all pass, 1 not). */
export function gradcheck(options: GradcheckOptions, io: Io): number {
  const { hidden: nA, vocab, steps: T, seed } = options;
  const problem = randomProblem({ nA, vocab, T, seed });
  const loss = realPart(forwardSequence(problem.params, problem.inputs, problem.targets, problem.a0).loss);
  io.out(
    `Gradient check of BPTT, eqs. (18)–(26) and ∂L/∂a0, on a random model: ` +
      `nA = ${nA}, nX = nY = ${vocab}, T = ${T}, seed = ${seed}, loss L = ${loss.toFixed(6)}\n`,
  );
  const methods: Method[] = options.method === 'both' ? ['central', 'complex'] : [options.method];
  let pass = true;
  for (const method of methods) {
    if (options.directions !== undefined) {
      const report = checkDirections(problem, method, options.directions, seed);
      io.out(`\n${formatDirectionalReport(report)}\n`);
      pass &&= report.pass;
    } else {
      const report = checkGradients(problem, method);
      io.out(`\n${formatCheckReport(report)}\n`);
      pass &&= report.pass;
    }
  }
  return pass ? 0 : 1;
}

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
    .action((options: GradcheckOptions) => setExit(gradcheck(options, io)));
}
