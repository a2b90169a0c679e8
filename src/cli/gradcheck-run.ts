/** The work of `rnn-oracle gradcheck`, loaded only when the command runs (it brings in mathjs). */
import { float64Floor } from '../gradcheck/conditioning.js';
import { estimateCheck, formatDuration, secondsPerEvaluation } from '../gradcheck/cost.js';
import { checkDirections } from '../gradcheck/directional.js';
import { checkGradients, type Method } from '../gradcheck/elementwise.js';
import { evaluatorFor } from '../gradcheck/evaluator.js';
import { formatCheckReport, formatDirectionalReport } from '../gradcheck/format.js';
import { randomProblem } from '../gradcheck/problem.js';
import { lossAndGradients } from '../reference/bptt.js';
import { realPart } from '../reference/linalg.js';
import { ANNOUNCE_SECONDS, REFUSE_SECONDS, type GradcheckOptions } from './gradcheck-command.js';
import { CliError, type Io } from './io.js';
import { progressBar } from './progress.js';

/** The directions suggested instead of a full check. */
const SUGGESTED_DIRECTIONS = 10;

/** Runs the check and prints one table per method; returns the exit code (0 all pass, 1 a failure or no verdict). */
export function gradcheck(options: GradcheckOptions, io: Io): number {
  const { hidden: nA, vocab, steps: T, seed, directions } = options;
  const problem = randomProblem({ nA, vocab, T, seed });
  const ev = evaluatorFor(problem);
  const methods: Method[] = options.method === 'both' ? ['central', 'complex'] : [options.method];
  const perEvaluation = secondsPerEvaluation(ev);
  const estimate = methods.reduce((s, m) => s + estimateCheck(ev, m, directions, perEvaluation).seconds, 0);
  if (estimate > ANNOUNCE_SECONDS) {
    const instead = methods.reduce((s, m) => s + estimateCheck(ev, m, SUGGESTED_DIRECTIONS, perEvaluation).seconds, 0);
    const what = directions === undefined ? 'a full elementwise check of this model' : `${directions} directions`;
    const hint =
      directions === undefined ? `; --directions ${SUGGESTED_DIRECTIONS} would take about ${formatDuration(instead)}` : '; fewer --directions would be quicker';
    if (estimate > REFUSE_SECONDS && !options.force) {
      throw new CliError(`gradcheck: ${what} would take at least ${formatDuration(estimate)}${hint}; add --force to run it anyway`);
    }
    io.err(`rnn-oracle: gradcheck: ${what} will take at least ${formatDuration(estimate)}${hint}\n`);
  }
  const { loss, gradients } = lossAndGradients(problem.params, problem.inputs, problem.targets, problem.a0);
  io.out(
    `Gradient check of BPTT, eqs. (18)–(26) and ∂L/∂a0, on a random model: ` +
      `nA = ${nA}, nX = nY = ${vocab}, T = ${T}, seed = ${seed}, loss L = ${realPart(loss).toFixed(6)}\n`,
  );
  const floor = float64Floor(ev);
  let pass = true;
  for (const method of methods) {
    const bar = progressBar(io, estimate, method, directions === undefined ? 'entries' : 'directions');
    const onProgress = bar.onProgress;
    const common = { evaluator: ev, floor, onProgress };
    if (directions !== undefined) {
      const report = checkDirections(problem, method, directions, seed, gradients, common);
      bar.stop();
      io.out(`\n${formatDirectionalReport(report)}\n`);
      pass &&= report.pass && report.conclusive;
    } else {
      const report = checkGradients(problem, method, gradients, common);
      bar.stop();
      io.out(`\n${formatCheckReport(report)}\n`);
      pass &&= report.pass && report.conclusive;
    }
  }
  return pass ? 0 : 1;
}

