#!/usr/bin/env node
/**
 * The conditioning study's numbers (issue #9), printed: `npm run conditioning` (builds first).
 *
 *  1. Per suite test (fixtures/conformance/vectors.json): for the quantity with the largest
 *     float64 condition estimate, its spread, scale, tolerance and condition; and which quantities
 *     are ILL-CONDITIONED in float32. `--all` prints every quantity.
 *  2. The user's case (randomProblem nA = 100, V = 25, T = 25, seed 0): timings of the exact
 *     evaluation and of the study; per quantity the errors of the float64 reference (mathjs) and of
 *     docs/examples/numpy_rnn.py (when python3 has numpy) against the exact values, beside the
 *     spread and the tolerance; the exact evaluation against a 60-digit BigNumber evaluation.
 *  3. Random badly conditioned models (as spec/helpers/cases.ts draws them): the largest ratio of a
 *     correct implementation's error to the study's spread (what SAFETY must exceed), how much the
 *     spread grows with 64 runs instead of 16, and how often the old fixed tolerance failed a
 *     correct implementation.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { parseCase } from '../dist/conformance/case.js';
import { conditioning, quantityTable } from '../dist/conformance/conditioning.js';
import { compareValues, FLOAT64_TOLERANCE, quantitiesOf } from '../dist/conformance/compare.js';
import { evaluate, rowsOf } from '../dist/conformance/evaluate.js';
import { evaluateDecimal } from '../dist/conformance/exact-decimal.js';
import { evaluateExact } from '../dist/conformance/exact.js';
import { evaluateRounded, FLOAT64 } from '../dist/conformance/rounded.js';
import { SAFETY } from '../dist/conformance/tolerances.js';
import { randomProblem } from '../dist/gradcheck/problem.js';
import { NumpyRandom } from '../dist/random/numpy.js';
import { entries, realPart } from '../dist/reference/linalg.js';

const all = process.argv.includes('--all');
const e = (x, d = 1) => (x === undefined ? '-' : x.toExponential(d));
const hasNumpy = spawnSync('python3', ['-c', 'import numpy'], { stdio: 'ignore' }).status === 0;
const numpy = (json) => {
  const run = spawnSync('python3', ['docs/examples/numpy_rnn.py'], { input: JSON.stringify(json), encoding: 'utf8' });
  return quantitiesOf(JSON.parse(run.stdout));
};
/** max |x − exact| per quantity. */
const errors = (q, exact) => {
  const t = quantityTable(q);
  return new Map([...quantityTable(exact)].map(([n, rows]) => [n, Math.max(0, ...rows.flatMap((r, i) => r.map((v, j) => Math.abs(t.get(n)[i][j] - v))))]));
};

// ---- 1. the suite ----
const suite = JSON.parse(readFileSync('fixtures/conformance/vectors.json', 'utf8'));
console.log('1. The suite: per test, the float64 quantity with the largest condition estimate');
console.log('tcId  quantity        spread    scale     atol      condition  float32 ILL-CONDITIONED');
for (const t of suite.testGroups.flatMap((g) => g.tests)) {
  const c = parseCase(t.case);
  const study = conditioning(c, 'float64');
  const rows = [...study].sort((a, b) => b[1].tolerance.condition - a[1].tolerance.condition);
  const ill32 = Object.entries(t.tolerances.float32.quantities).filter(([, q]) => q.illConditioned).map(([n]) => n);
  for (const [name, q] of all ? rows : rows.slice(0, 1)) {
    console.log(`${String(t.tcId).padStart(4)}  ${name.padEnd(14)}  ${e(q.spread, 2)}  ${e(q.scale, 2)}  ${e(q.tolerance.atol, 2)}  ${e(q.tolerance.condition, 2)}   ${ill32.join(', ') || '-'}`);
  }
}

// ---- 2. the user's case ----
const p = randomProblem({ nA: 100, vocab: 25, T: 25, seed: 0 });
const flat = (M) => entries(M).map(realPart);
const json = {
  format: 'rnn-oracle/case@1',
  params: { Wax: rowsOf(p.params.Wax), Waa: rowsOf(p.params.Waa), Wya: rowsOf(p.params.Wya), ba: flat(p.params.ba), by: flat(p.params.by) },
  a0: flat(p.a0), inputs: p.inputs, targets: p.targets,
};
const c = parseCase(json);
let t0 = performance.now();
const exact = evaluateExact(c);
const tExact = performance.now() - t0;
t0 = performance.now();
const study = conditioning(c, 'float64', {}, exact);
const tStudy = performance.now() - t0;
t0 = performance.now();
conditioning(c, 'float32', {}, exact);
const tStudy32 = performance.now() - t0;
console.log(`\n2. The user's case (nA = 100, V = 25, T = 25, seed 0): exact evaluation ${tExact.toFixed(0)} ms, float64 study ${tStudy.toFixed(0)} ms, float32 study ${tStudy32.toFixed(0)} ms`);
const ref = errors(evaluate(c), exact);
const np = hasNumpy ? errors(numpy(json), exact) : undefined;
/** The quantities of q that the old fixed tolerance (rtol 1e-9, atol 1e-12) fails against ex. */
const old = (q, ex) => [...quantityTable(ex)].filter(([n, o]) => !compareValues(o, quantityTable(q).get(n), FLOAT64_TOLERANCE).ok).map(([n]) => n);
console.log('quantity  scale     spread    atol      condition  |ref−exact| |numpy−exact|  (absolute; relative to scale in brackets)');
for (const [name, q] of study) {
  const rel = (x) => (x === undefined ? '-' : `${e(x)} [${e(x / q.scale)}]`);
  console.log(`${name.padEnd(8)}  ${e(q.scale, 2)}  ${e(q.spread, 2)}  ${e(q.tolerance.atol, 2)}  ${e(q.tolerance.condition, 2)}   ${rel(ref.get(name)).padEnd(18)} ${rel(np?.get(name))}`);
}
console.log(`old fixed tolerance (rtol 1e-9, atol 1e-12) fails: the float64 reference on ${old(evaluate(c), exact).join(', ') || 'nothing'}; numpy on ${hasNumpy ? old(numpy(json), exact).join(', ') || 'nothing' : '(python3 with numpy not available)'}`);
t0 = performance.now();
const dec = evaluateDecimal(c, {}, 60);
const tDec = performance.now() - t0;
let ulps = 0;
for (const [name, rows] of quantityTable(dec)) {
  const mine = quantityTable(exact).get(name);
  rows.forEach((r, i) => r.forEach((v, j) => (ulps = Math.max(ulps, Math.abs(mine[i][j] - v) / (Math.abs(v) * 2 ** -52 || 1)))));
}
console.log(`exact (double-double) against the 60-digit BigNumber evaluation (${tDec.toFixed(0)} ms): largest difference after rounding to float64 = ${ulps} ulp`);

// ---- 3. random badly conditioned models ----
const rng = new NumpyRandom(909);
const N = Number(process.env.N ?? 40);
let worstRatio = { r: 0 };
let growth = 0;
let oldFails = 0;
let conds = [];
for (let k = 0; k < N; k++) {
  const nA = 4 + rng.interval(8);
  const V = 2 + rng.interval(4);
  const T = 20 + rng.interval(40);
  const s = [0.5, 1, 1.5][rng.interval(2)];
  const W = (r, q) => rng.randn(r, q).map((row) => row.map((v) => v * s));
  const cj = {
    format: 'rnn-oracle/case@1',
    params: { Wax: W(nA, V), Waa: W(nA, nA), Wya: W(V, nA), ba: W(nA, 1).map((r) => r[0]), by: W(V, 1).map((r) => r[0]) },
    a0: W(nA, 1).map((r) => Math.tanh(r[0])),
    inputs: [null, ...Array.from({ length: T - 1 }, () => rng.interval(V - 1))],
    targets: Array.from({ length: T }, () => rng.interval(V - 1)),
  };
  const cc = parseCase(cj);
  const ex = evaluateExact(cc);
  const st = conditioning(cc, 'float64', {}, ex);
  const st64 = conditioning(cc, 'float64', {}, ex, 64);
  const impls = { reference: evaluate(cc), plain: evaluateRounded(cc, FLOAT64), reversed: evaluateRounded(cc, { ...FLOAT64, reversed: true }), ...(hasNumpy ? { numpy: numpy(cj) } : {}) };
  let failedOld = false;
  for (const [impl, q] of Object.entries(impls)) {
    for (const [name, err] of errors(q, ex)) {
      const sp = st.get(name).spread;
      if (sp > 0 && err / sp > worstRatio.r) worstRatio = { r: err / sp, impl, name, k };
    }
    if (old(q, ex).length > 0) failedOld = true;
  }
  if (failedOld) oldFails++;
  for (const [name, q] of st) if (q.spread > 0) growth = Math.max(growth, st64.get(name).spread / q.spread);
  conds.push(Math.max(...[...st.values()].map((q) => q.tolerance.condition)));
}
conds.sort((a, b) => a - b);
console.log(`\n3. ${N} random badly conditioned models (nA 4–11, V 2–5, T 20–59, weights N(0, s²), s ∈ {0.5, 1, 1.5}); implementations: mathjs reference, plain float64 loops in both summation orders${hasNumpy ? ', numpy' : ''}`);
console.log(`largest condition estimate per model: median ${e(conds[N >> 1])}, max ${e(conds[N - 1])}`);
console.log(`largest |correct − exact| ÷ spread: ${worstRatio.r.toFixed(3)} (${worstRatio.impl}, ${worstRatio.name}, model ${worstRatio.k}); tolerance = ${SAFETY} × spread`);
console.log(`spread with 64 runs ÷ spread with 16 runs: at most ${growth.toFixed(2)}`);
console.log(`models where the old fixed tolerance failed a correct implementation: ${oldFails} of ${N}`);
