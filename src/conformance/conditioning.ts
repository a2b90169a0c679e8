/**
 * How far *correct* float64 (or float32) evaluations of a case can spread, and the tolerances that
 * follow. The study runs the equations (rounded.ts) `STUDY_RUNS` times in Monte Carlo arithmetic:
 * every number of the case moved by a random ±1 ulp, every operation's result too, and every other
 * run summing its dot products in reverse order; for float32, every number and every operation
 * rounded to float32 (Math.fround) after the random move. Per quantity it measures
 *   spread = max over runs and elements of |run − exact|,  scale = max |exact|,
 *   condition = spread / (ε·scale)        (ε = 2⁻⁵² in float64, 2⁻²³ in float32),
 * and sets |theirs − exact| ≤ atol + rtol·|exact| with atol = SAFETY·spread (never below one ulp
 * of the scale) and rtol = 2ε (the rounding of the expected value and of theirs).
 */
import type { ParsedCase } from './case.js';
import { SLOT_KEYS, type Quantities } from './evaluate.js';
import { evaluateExact, type ExactVariant } from './exact.js';
import { evaluateRounded, type Arithmetic } from './rounded.js';
import { FLOAT_EPSILON, ILL_CONDITIONED_SPREAD, SAFETY, STUDY_RUNS, type Precision } from './tolerances.js';

export type { Precision } from './tolerances.js';

/** Agreement of one quantity: |theirs − exact| ≤ atol + rtol·|exact|. */
export interface QuantityTolerance {
  readonly rtol: number;
  readonly atol: number;
  /** The study's condition estimate, spread ÷ (ε·scale). */
  readonly condition: number;
  /** The spread is beyond ILL_CONDITIONED_SPREAD of the scale: nothing meaningful can be said. */
  readonly illConditioned?: true;
}

/** What the study found for one quantity. */
export interface QuantityConditioning {
  readonly spread: number;
  readonly scale: number;
  readonly tolerance: QuantityTolerance;
}

/** Every quantity of a result by its report name: loss, a, yHat, dWax … da0, clipped dWax …, updated Wax …. */
export function quantityTable(q: Quantities): Map<string, number[][]> {
  const t = new Map<string, number[][]>([['loss', [[q.loss]]]]);
  if (q.a) t.set('a', q.a);
  if (q.yHat) t.set('yHat', q.yHat);
  for (const k of SLOT_KEYS) t.set(`d${k}`, q.gradients[k]);
  if (q.clipped) for (const k of SLOT_KEYS) t.set(`clipped d${k}`, q.clipped[k]);
  if (q.updated) for (const [k, v] of Object.entries(q.updated)) t.set(`updated ${k}`, v);
  return t;
}

/** mulberry32: a small seeded generator, so that the study (and the suite) is deterministic. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 15), z | 1);
    z ^= z + Math.imul(z ^ (z >>> 7), z | 61);
    return ((z ^ (z >>> 14)) >>> 0) / 4294967296;
  };
}

/** Run k of the study: random ±1 ulp moves (float64), or random-direction rounding to float32. */
function arithmetic(precision: Precision, rand: () => number, k: number): Arithmetic {
  const reversed = k % 2 === 1;
  if (precision === 'float32') {
    const move = (x: number) => Math.fround(x * (1 + (rand() - 0.5) * FLOAT_EPSILON.float32));
    return { input: move, op: move, reversed };
  }
  const move = (x: number) => x * (1 + (rand() - 0.5) * 2 * FLOAT_EPSILON.float64);
  return { input: move, op: move, reversed };
}

/** The tolerance that a spread and a scale give (see the file comment). */
export function toleranceFor(spread: number, scale: number, precision: Precision): QuantityTolerance {
  const eps = FLOAT_EPSILON[precision];
  const condition = scale > 0 ? spread / (eps * scale) : spread > 0 ? Infinity : 0;
  const ill = !(spread <= ILL_CONDITIONED_SPREAD * scale);
  return {
    rtol: 2 * eps,
    atol: Math.max(SAFETY * spread, eps * scale),
    condition,
    ...(ill && spread > 0 ? { illConditioned: true as const } : {}),
  };
}

/** The conditioning study of a case (see the file comment); `exact` is evaluateExact(c, variant). */
export function conditioning(
  c: ParsedCase,
  precision: Precision,
  variant: ExactVariant = {},
  exact: Quantities = evaluateExact(c, variant),
  runs = STUDY_RUNS,
): Map<string, QuantityConditioning> {
  return study(quantityTable(exact), (ar) => quantityTable(evaluateRounded(c, ar, variant)), precision, runs);
}

/**
 * The study itself, for any evaluation: `expected` by quantity name, and `run`, the same quantities
 * computed in an Arithmetic (the vanilla cell's rounded.ts, or the gated cells' cells/arithmetic.ts).
 */
export function study(
  expected: Map<string, number[][]>,
  run: (ar: Arithmetic) => Map<string, number[][]>,
  precision: Precision,
  runs = STUDY_RUNS,
): Map<string, QuantityConditioning> {
  const spread = new Map<string, number>([...expected.keys()].map((k) => [k, 0]));
  const rand = random(0x5eed);
  for (let k = 0; k < runs; k++) {
    const got = run(arithmetic(precision, rand, k));
    for (const [name, rows] of expected) {
      let s = spread.get(name)!;
      rows.forEach((row, i) =>
        row.forEach((v, j) => {
          if (!Number.isFinite(v)) return;
          const d = Math.abs(got.get(name)![i][j] - v);
          s = Number.isNaN(d) ? Infinity : Math.max(s, d);
        }),
      );
      spread.set(name, s);
    }
  }
  const out = new Map<string, QuantityConditioning>();
  for (const [name, rows] of expected) {
    // a loop, not Math.max(...): a long case has more entries than a call may take arguments
    const scale = rows.reduce((m, row) => row.reduce((mm, v) => (Number.isFinite(v) ? Math.max(mm, Math.abs(v)) : mm), m), 0);
    const s = spread.get(name)!;
    out.set(name, { spread: s, scale, tolerance: toleranceFor(s, scale, precision) });
  }
  return out;
}
