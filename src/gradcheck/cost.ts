/**
 * How long a check will take, before it starts: evaluations of L needed × seconds per evaluation
 * (measured on the problem itself). Central differences are counted at their fewest tableau rows
 * (MIN_LEVELS + the confirming row; ill-conditioned entries take more: the exploding nA = 100
 * model of `npm run bench:gradcheck` averages 14 evaluations per Waa entry, with the warm start of
 * central-batch.ts), so the estimate is a lower bound for them. The ratios below were measured
 * against `secondsPerEvaluation`: engine at nA = 5/20/50/100, reference at nA = 5/10).
 */
import type { Evaluator } from './evaluator.js';
import type { Method } from './elementwise.js';
import { SLOTS } from './problem.js';
import { MIN_LEVELS, ULP_RUNS } from './tolerances.js';

/** A forward and backward pass, in timed evaluations of L (measured 0.7–1.2 engine, 1.3–3.2 reference). */
const BPTT_IN_EVALUATIONS = 3;
/**
 * One complex evaluation along a direction, in timed evaluations of L (measured 0.4–1.3 for the
 * engine's twin, 2.4 for the reference's Complex arithmetic). The engine's batched partials cost
 * about one evaluation per hidden-path entry (nA = 100, V = 25, T = 25: 12,700 entries, ~1.3–2.6 s).
 */
const COMPLEX_IN_EVALUATIONS = { engine: 2, reference: 3 } as const;
/**
 * One central-difference evaluation of an entry of Wya or by, in timed evaluations of L: on the
 * engine only the logits and loss are redone (src/engine/perturbed.ts; CPU time measured 0.17–0.48
 * of a whole pass at nA = 100…5), on the reference the whole pass is. A hidden-path entry's copy
 * costs one evaluation on either (the engine's batched copies measured 0.82–1.05 of a pass: the
 * matrix products are shared, each copy's tanh and softmax are not).
 */
export const OUTPUT_COPY_IN_EVALUATIONS = { engine: 0.5, reference: 1 } as const;

export interface CostEstimate {
  /** Evaluations of L (or their equivalent). */
  readonly evaluations: number;
  readonly seconds: number;
}

/** Seconds per evaluation of L (one entry changed, as central differences do): the fastest of five (the first warm the JIT). */
export function secondsPerEvaluation(ev: Evaluator): number {
  let best = Infinity;
  for (let r = 0; r < 5; r++) {
    const t0 = performance.now();
    ev.lossWithEntry('ba', 0, ev.theta.ba[0]);
    best = Math.min(best, (performance.now() - t0) / 1000);
  }
  return best;
}

/** The cost of one method's check: every entry, or `directions` random directions. */
export function estimateCheck(ev: Evaluator, method: Method, directions: number | undefined, secondsPerEval: number): CostEstimate {
  const floor = (ULP_RUNS + 1) * BPTT_IN_EVALUATIONS;
  const entries = SLOTS.reduce((n, s) => n + ev.theta[s].length, 0);
  const hiddenPath = entries - ev.theta.Wya.length - ev.theta.by.length;
  let work: number;
  if (directions !== undefined) {
    work = directions * (method === 'central' ? 2 * (MIN_LEVELS + 1) : COMPLEX_IN_EVALUATIONS[ev.path]);
  } else if (method === 'central') {
    work = (hiddenPath + (entries - hiddenPath) * OUTPUT_COPY_IN_EVALUATIONS[ev.path]) * 2 * (MIN_LEVELS + 1);
  } else {
    work = ev.path === 'engine' ? hiddenPath : entries * COMPLEX_IN_EVALUATIONS.reference;
  }
  const evaluations = floor + work;
  return { evaluations, seconds: evaluations * secondsPerEval };
}

/** A duration as people read it: "40 ms", "12 s", "7 min", "3.2 h", "4.1 days". */
export function formatDuration(seconds: number): string {
  if (seconds < 1) return `${Math.max(1, Math.round(seconds * 1000))} ms`;
  if (seconds < 120) return `${Math.round(seconds)} s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
  if (seconds < 2 * 86400) return `${(seconds / 3600).toFixed(1)} h`;
  return `${(seconds / 86400).toFixed(1)} days`;
}

/**
 * Timing a generic loss runs it at least five times and for at least this long: the mathjs
 * reference is 2–3× slower per step while the JIT warms up (measured: GRU nA = 10, 0.25 then
 * 0.14 ms per step over the first and a later fastest-of-five).
 */
const WARM_SECONDS = 0.1;

/** Seconds per evaluation of a generic (mathjs reference) loss: the fastest of ≥ 5 runs taking ≥ WARM_SECONDS together. */
export function secondsPerNamedEvaluation(loss: () => unknown): number {
  let best = Infinity;
  const start = performance.now();
  for (let r = 0; r < 5 || performance.now() - start < WARM_SECONDS * 1000; r++) {
    const t0 = performance.now();
    loss();
    best = Math.min(best, (performance.now() - t0) / 1000);
  }
  return best;
}

/**
 * The cost of a generic check (generic.ts) of `entries` entries: the floor (ULP_RUNS + 1 BPTT
 * runs and ULP_RUNS losses), then per entry one complex evaluation or the fewest tableau rows.
 */
export function estimateNamedCheck(entries: number, method: Method, secondsPerEval: number): CostEstimate {
  const floor = (ULP_RUNS + 1) * BPTT_IN_EVALUATIONS + ULP_RUNS;
  const work = entries * (method === 'central' ? 2 * (MIN_LEVELS + 1) : COMPLEX_IN_EVALUATIONS.reference);
  const evaluations = floor + work;
  return { evaluations, seconds: evaluations * secondsPerEval };
}
