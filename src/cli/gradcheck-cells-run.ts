/**
 * The work of `rnn-oracle gradcheck --cell lstm|gru [--layers N]` and `--cell rnn --layers N` (N ≥ 2), loaded
 * only when such a command runs: the mathjs references' BPTT against the complex step and central
 * differences over every named matrix (src/gradcheck/generic.ts, cells.ts).
 */
import { deepProblem, gruProblem, lstmProblem, stackedProblem, type CellProblemOptions } from '../gradcheck/cells.js';
import { estimateNamedCheck, formatDuration, secondsPerNamedEvaluation } from '../gradcheck/cost.js';
import type { Method } from '../gradcheck/elementwise.js';
import { formatCheckReport } from '../gradcheck/format.js';
import { checkNamed, namedFloor, type NamedProblem } from '../gradcheck/generic.js';
import type { ResetPlacement, UpdateBlend } from '../reference/gru/types.js';
import { realPart, shape } from '../reference/linalg.js';
import type { LstmVariant } from '../reference/lstm/types.js';
import { ANNOUNCE_SECONDS, REFUSE_SECONDS, type GradcheckOptions } from './gradcheck-command.js';
import { CliError, type Io } from './io.js';
import { progressBar } from './progress.js';

/**
 * The time of one evaluation of L is measured on the first PROBE_STEPS steps and scaled by T: every
 * step costs the same (one cell, one output layer), so the time grows linearly in T.
 */
const PROBE_STEPS = 2;

/** What is checked, as the header says it. */
function describeCheck(options: GradcheckOptions, variant: string | undefined): string {
  const n = options.layers;
  if (options.cell === 'lstm' && n > 1) return `stacked LSTM BPTT (${n} layers, variant ${variant}), (D5), (D10), (D12) with every ∂L/∂a0[l] and ∂L/∂c0[l]`;
  if (options.cell === 'gru' && n > 1) return `stacked GRU BPTT (${n} layers, variant ${variant}), (D5), (D11), (D12) with every ∂L/∂a0[l]`;
  if (options.cell === 'lstm') return `LSTM BPTT (variant ${variant}), (L11)–(L22) with ∂L/∂a0 and ∂L/∂c0`;
  if (options.cell === 'gru') return `GRU BPTT (variant ${variant}), (G9)–(G19) with ∂L/∂a0`;
  return `stacked RNN BPTT (${options.layers} layers), (D5)–(D9) with every ∂L/∂a0[l]`;
}

/** The random problem of the cell, variant and layers asked for. */
function problemFor(options: GradcheckOptions, variant: string | undefined, o: CellProblemOptions): NamedProblem {
  const [reset, blend] = (variant ?? '').split('/') as [ResetPlacement, UpdateBlend];
  if (options.cell === 'lstm' && options.layers > 1) return stackedProblem({ kind: 'lstm', variant: variant as LstmVariant }, options.layers, o);
  if (options.cell === 'gru' && options.layers > 1) return stackedProblem({ kind: 'gru', variant: { reset, blend } }, options.layers, o);
  if (options.cell === 'lstm') return lstmProblem(variant as LstmVariant, o);
  if (options.cell === 'gru') return gruProblem({ reset, blend }, o);
  return deepProblem(options.layers, o);
}

/** Runs the check and prints one table per method; returns the exit code (0 all pass, 1 a failure or no verdict). */
export function gradcheckCell(options: GradcheckOptions, variant: string | undefined, io: Io): number {
  const { hidden: nA, vocab, steps: T, seed } = options;
  // Timed on the first PROBE_STEPS steps only, so that a check too long to run is refused quickly.
  const probe = problemFor(options, variant, { nA, vocab, T: Math.min(T, PROBE_STEPS), seed });
  const methods: Method[] = options.method === 'both' ? ['central', 'complex'] : [options.method];
  const entries = Object.values(probe.at).reduce((n, M) => n + shape(M)[0] * shape(M)[1], 0);
  const perEvaluation = (secondsPerNamedEvaluation(() => probe.loss(probe.at)) * T) / Math.min(T, PROBE_STEPS);
  const estimate = methods.reduce((s, m) => s + estimateNamedCheck(entries, m, perEvaluation).seconds, 0);
  if (estimate > ANNOUNCE_SECONDS) {
    const message = `a full elementwise check of this model (${entries} entries, mathjs reference) would take at least ${formatDuration(estimate)}`;
    if (estimate > REFUSE_SECONDS && !options.force) throw new CliError(`gradcheck: ${message}; a smaller --hidden, --vocab or --steps would be quicker; add --force to run it anyway`);
    io.err(`rnn-oracle: gradcheck: ${message.replace('would take', 'will take')}\n`);
  }
  const problem = T <= PROBE_STEPS ? probe : problemFor(options, variant, { nA, vocab, T, seed });
  const bptt = problem.gradients(problem.at);
  io.out(
    `Gradient check of ${describeCheck(options, variant)}, on a random model: ` +
      `nA = ${nA}, nX = nY = ${vocab}, T = ${T}, seed = ${seed}, loss L = ${realPart(problem.loss(problem.at)).toFixed(6)}\n`,
  );
  const floor = namedFloor(problem, bptt);
  let pass = true;
  for (const method of methods) {
    const bar = progressBar(io, estimate, method, 'entries');
    const report = checkNamed(problem, method, { analytic: bptt, floor, onProgress: bar.onProgress });
    bar.stop();
    io.out(`\n${formatCheckReport(report)}\n`);
    pass &&= report.pass && report.conclusive;
  }
  return pass ? 0 : 1;
}
