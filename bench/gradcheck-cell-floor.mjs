#!/usr/bin/env node
// The float64 floor of `gradcheck --cell` on saturated cells (issue #9/#12): over random cell
// problems — every LSTM and GRU variant and the 2-layer stacked RNN, nA = 3, V = 3, T = 20–30,
// weights N(0, s²) with s = 0.5 (the CLI's default), 1 and 2–3 — the worst error/tolerance of
// correct BPTT by both methods with the floor as it was (the ulp spread alone) and as it is (plus
// each step's own roundings, cell-roundings.ts), how many checks fail correct BPTT, and how many
// catch the specs' wrong backwards (LSTM carry (L19) dropped, GRU (1 − Γu) path dropped, stacked
// input term (D6) dropped). BENCH_SEEDS seeds (default 6) per cell and scale; BENCH_METHODS
// (default "complex,central"; central differences take ~10 s a check at T = 20–30). With
// BENCH_EXACT=1 also BPTT's distance from the exact gradient (the plain loops on 40-digit
// BigNumbers) over the floor itself, worst entry, before → after. With BENCH_MOVES=N (then only
// that) the saturated split LSTM the mutation run found (nA = 2, V = 3, T = 9, seed 7435, weights
// N(0, 2.2²)) under N seeds of the step roundings' moves: how many seeds fail correct BPTT by the
// complex step, with the moves rounded into float64 over 4 runs (as they were) and carried beside
// it over STEP_RUNS runs (as they are, numerics/cells/tangent.ts), and the worst error/tolerance.
// With BENCH_PROPERTY=N (then only that) N draws of spec/gradcheck/cell-roundings.spec.ts's
// saturated property (nA = 2, V = 3, T = 8–10, weights N(0, 2–3²), model seed < 10⁴; every cell
// above; numpy stream 0): worst error/tolerance of correct BPTT by the complex step, failures, and
// how many checks catch the wrong backward. Uses dist/ (`npm run build`).
import { checkNamed, deepProblem, gruProblem, lstmProblem, namedFloor } from '../dist/gradcheck/index.js';
import { GRU_VARIANTS } from '../dist/reference/gru/types.js';
import { blendDropped, carryDropped, inputDropped } from './cell-mistakes.mjs';
import { entry, realPart } from '../dist/reference/linalg.js';
import { plainRun } from '../dist/gradcheck/cell-roundings.js';
import { decimalNum } from '../dist/conformance/cells/arithmetic.js';
import { complexStepGradient } from '../dist/gradcheck/generic.js';
import { stepRoundings } from '../dist/gradcheck/cell-roundings.js';
import { complexRounding, judge } from '../dist/gradcheck/elementwise.js';
import { roundedNum, FLOAT64_NUM } from '../dist/numerics/cells/num.js';
import { NumpyRandom } from '../dist/random/numpy.js';

/** The step roundings' spread as it was: each move x·(1 + ε·r) rounded into float64. */
function roundedSpread(p, seed) {
  const rng = new NumpyRandom(seed);
  const base = plainRun(p, FLOAT64_NUM).grads;
  const spread = Object.fromEntries(Object.entries(base).map(([k, rows]) => [k, rows.map((row) => row.map(() => 0))]));
  for (let run = 0; run < 4; run++) {
    const g = plainRun(p, roundedNum({ input: (x) => x, op: (x) => x * (1 + Number.EPSILON * (2 * rng.randomSample() - 1)), reversed: run % 2 === 1 })).grads;
    for (const [k, rows] of Object.entries(spread)) rows.forEach((row, i) => row.forEach((v, j) => (row[j] = Math.max(v, Math.abs(g[k][i][j] - base[k][i][j])))));
  }
  return spread;
}
if (process.env.BENCH_MOVES) {
  const right = lstmProblem('split', { nA: 2, vocab: 3, T: 9, seed: 7435, scale: 2.2 });
  const bptt = right.gradients(right.at);
  const ulp = namedFloor({ ...right, plain: undefined }, bptt).spread;
  const cs = complexStepGradient(right.loss, right.at);
  /** error/tolerance of the worst entry by the complex step, the step roundings' spread being `own`. */
  const worst = (own) => {
    let w = 0;
    for (const name of Object.keys(right.at)) {
      const G = bptt[name] ?? bptt[`d${name}`];
      own[name].forEach((row, i) =>
        row.forEach((o, j) => {
          const floor = realPart(entry(ulp[name], i, j)) + o;
          const n = realPart(entry(cs[name], i, j));
          const v = judge(realPart(entry(G, i, j)), n, complexRounding(floor, Math.abs(n)), floor);
          w = Math.max(w, v.error / v.tolerance);
        }),
      );
    }
    return w;
  };
  const M = Number(process.env.BENCH_MOVES);
  const r = { rounded: [], carried: [] };
  for (let seed = 0; seed < M; seed++) {
    r.rounded.push(worst(roundedSpread(right.plain, seed)));
    const own = stepRoundings(right.plain, seed).spread;
    r.carried.push(worst(Object.fromEntries(Object.entries(own).map(([k, M]) => [k, M.toArray().map((row) => row.map(realPart))]))));
  }
  for (const [k, w] of Object.entries(r)) {
    const sorted = [...w].sort((a, b) => b - a);
    console.log(`moves ${k.padEnd(7)}: correct BPTT failed for ${w.filter((x) => x > 1).length} of ${M} seeds; worst error/tolerance ${sorted[0].toExponential(2)}, 99th percentile ${sorted[Math.floor(M / 100)].toExponential(2)}, median ${sorted[M >> 1].toExponential(2)}`);
  }
  process.exit(0);
}
const N = Number(process.env.BENCH_SEEDS ?? 6);
const methods = (process.env.BENCH_METHODS ?? 'complex,central').split(',');
const scales = [['0.5', () => 0.5], ['1', () => 1], ['2-3', (s) => 2 + (s % 5) / 4]];
const o = (seed, scale) => ({ nA: 3, vocab: 3, T: 20 + ((seed * 7) % 11), seed, scale });
const cases = [
  ...['course', 'split'].map((v) => [`lstm ${v}`, (o, w) => lstmProblem(v, o, w ? carryDropped : {})]),
  ...GRU_VARIANTS.map((v) => [`gru ${v.reset}/${v.blend}`, (o, w) => gruProblem(v, o, w ? blendDropped : {})]),
  ['rnn --layers 2', (o, w) => deepProblem(2, o, w ? inputDropped : {})],
];
const ratio = (r) => Math.max(...r.slots.map((s) => s.error / s.tolerance));
if (process.env.BENCH_PROPERTY) {
  const M = Number(process.env.BENCH_PROPERTY);
  const rng = new NumpyRandom(0);
  const int = (lo, hi) => lo + Math.floor(rng.randomSample() * (hi - lo + 1));
  const w = { worst: 0, where: '', failed: 0, caught: 0 };
  for (let n = 0; n < M; n++) {
    const [name, make] = cases[int(0, cases.length - 1)];
    const o = { nA: 2, vocab: 3, T: int(8, 10), seed: int(0, 10_000), scale: int(20, 30) / 10 };
    const right = make(o, false);
    const floor = namedFloor(right, right.gradients(right.at));
    const r = checkNamed(right, 'complex', { floor });
    if (ratio(r) > w.worst) Object.assign(w, { worst: ratio(r), where: `${name} ${JSON.stringify(o)}` });
    if (!r.pass) w.failed++;
    const wrong = make(o, true);
    if (!checkNamed(right, 'complex', { floor, analytic: wrong.gradients(wrong.at) }).pass) w.caught++;
  }
  console.log(`property draws ${M}: correct BPTT failed ${w.failed}, worst error/tolerance ${w.worst.toExponential(2)} (${w.where}); wrong BPTT caught ${w.caught}/${M}`);
  process.exit(0);
}
const exactOn = process.env.BENCH_EXACT === '1';
/** max over entries of |BPTT − exact| / floor. */
function exactRatio(problem, bptt, floor) {
  const A = decimalNum();
  const exact = plainRun(problem.plain, A).grads;
  let worst = 0;
  for (const name of Object.keys(problem.at)) {
    const G = bptt[name] ?? bptt[`d${name}`];
    exact[name].forEach((row, i) =>
      row.forEach((v, j) => {
        const off = Math.abs(realPart(entry(G, i, j)) - A.num(v));
        if (off > 0) worst = Math.max(worst, off / realPart(entry(floor.spread[name], i, j))); // a zero floor under an error: Infinity
      }),
    );
  }
  return worst;
}
const overall = { exactBefore: 0, exactAfter: 0, before: 0, after: 0, failedBefore: 0, failedAfter: 0, caught: 0, wrong: 0, checks: 0 };
for (const [sname, scale] of scales) {
  for (const [name, make] of cases) {
    for (const method of methods) {
      const row = { exactBefore: 0, exactAfter: 0, before: 0, after: 0, failedBefore: 0, failedAfter: 0, caught: 0, ms: 0, floorMs: 0 };
      for (let s = 0; s < N; s++) {
        const right = make(o(s, scale(s)), false);
        const bptt = right.gradients(right.at);
        const oldFloor = namedFloor({ ...right, plain: undefined }, bptt);
        const t0 = performance.now();
        const floor = namedFloor(right, bptt);
        const t1 = performance.now();
        const before = checkNamed(right, method, { floor: oldFloor });
        const after = checkNamed(right, method, { floor });
        row.ms += performance.now() - t1;
        row.floorMs += t1 - t0;
        if (exactOn && method === methods[0]) {
          row.exactBefore = Math.max(row.exactBefore, exactRatio(right, bptt, oldFloor));
          row.exactAfter = Math.max(row.exactAfter, exactRatio(right, bptt, floor));
        }
        row.before = Math.max(row.before, ratio(before));
        row.after = Math.max(row.after, ratio(after));
        if (!before.pass) row.failedBefore++;
        if (!after.pass) row.failedAfter++;
        const wrong = make(o(s, scale(s)), true);
        if (!checkNamed(right, method, { floor, analytic: wrong.gradients(wrong.at) }).pass) row.caught++;
      }
      for (const k of ['exactBefore', 'exactAfter', 'before', 'after']) overall[k] = Math.max(overall[k], row[k]);
      for (const k of ['failedBefore', 'failedAfter', 'caught']) overall[k] += row[k];
      overall.checks += N;
      console.log(
        `s=${sname.padEnd(3)} ${name.padEnd(34)} ${method.padEnd(7)} correct: worst error/tolerance ${row.before.toExponential(2)} → ${row.after.toExponential(2)}, failed ${row.failedBefore}/${N} → ${row.failedAfter}/${N}; wrong caught ${row.caught}/${N}; floor ${(row.floorMs / N).toFixed(0)} ms, two checks ${(row.ms / N).toFixed(0)} ms${exactOn && method === methods[0] ? `; |BPTT − exact|/floor ${row.exactBefore.toExponential(2)} → ${row.exactAfter.toExponential(2)}` : ''}`,
      );
    }
  }
}
console.log(
  `over all ${overall.checks} checks: correct BPTT worst error/tolerance ${overall.before.toExponential(2)} → ${overall.after.toExponential(2)}, failed ${overall.failedBefore} → ${overall.failedAfter}; wrong BPTT caught ${overall.caught}/${overall.checks}${exactOn ? `; |BPTT − exact|/floor ${overall.exactBefore.toExponential(2)} → ${overall.exactAfter.toExponential(2)}` : ''}`,
);
