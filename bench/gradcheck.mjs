#!/usr/bin/env node
// npm run bench:gradcheck — (1) the time of a full elementwise gradient check (every entry of Wax,
// Waa, Wya, ba, by, a0) of an nA = 100, V = 25, T = 25 random model, by each method, on the engine
// path (BPTT's gradients given, as a user passes theirs); (2) the worst error/tolerance ratio of
// correct BPTT over N random ill-conditioned models (weights N(0, s²), s from 1 to 4, T from 20 to
// 100, nA ≤ 8, V ≤ 6), elementwise and directional, by both methods; (3) the same models with four
// wrong BPTTs, counting how many checks fail them. Uses dist/ (npm run build first; the script does).
// Wall time, CPU time and the 1-minute load average are printed: on a shared machine the wall time is
// an upper bound. BENCH_MODELS=0 runs only (1).
import { loadavg } from 'node:os';
import { checkGradients, checkDirections, randomProblem } from '../dist/index.js';
import { evaluatorFor } from '../dist/gradcheck/evaluator.js';
import { backwardSequence, forwardSequence } from '../dist/reference/bptt.js';
import { literalRecurrence } from '../dist/reference/errata.js';
import { matmul, scale, zeros } from '../dist/reference/linalg.js';
import { NumpyRandom } from '../dist/random/numpy.js';

const N = Number(process.env.BENCH_MODELS ?? 100);
const fmt = (s) => `${s.toFixed(2)} s`;

const big = randomProblem({ nA: 100, vocab: 25, T: 25, seed: 0 });
const { gradients } = (await import('../dist/reference/bptt.js')).lossAndGradients(big.params, big.inputs, big.targets, big.a0);
checkGradients(randomProblem({ nA: 10, vocab: 5, T: 5, seed: 1 }), 'complex'); // warm-up
console.log('full elementwise check, nA = 100, V = 25, T = 25 (15,225 entries), engine path, BPTT gradients given:');
for (const method of ['complex', 'central']) {
  // the evaluator counts the evaluations of L that central differences ask for (src/engine/perturbed.ts makes them)
  const evaluator = evaluatorFor(big, 'engine');
  const asked = evaluator.lossesWithEntries;
  let evaluations = 0;
  evaluator.lossesWithEntries = (copies) => ((evaluations += copies.length), asked(copies));
  const load = loadavg()[0];
  const [t0, c0] = [performance.now(), process.cpuUsage()];
  const r = checkGradients(big, method, gradients, { evaluator });
  const cpu = process.cpuUsage(c0);
  const counted = method === 'central' ? `, ${evaluations} evaluations of L` : '';
  console.log(`  ${method.padEnd(7)} ${fmt((performance.now() - t0) / 1000)} (CPU ${fmt((cpu.user + cpu.system) / 1e6)}, load ${load.toFixed(1)}${counted})  ${r.pass ? 'all pass' : 'FAILED'}`);
}

const rng = new NumpyRandom(2024);
const pick = (lo, hi) => lo + rng.interval(hi - lo);
const worst = { central: 0, complex: 0, 'central, directional': 0, 'complex, directional': 0 };
const caught = {};
let checks = 0;
const t0 = performance.now();
for (let n = 0; n < N; n++) {
  const nA = pick(2, 8);
  const square = n % 4 === 0;
  const p = randomProblem({ nA, vocab: square ? nA : pick(2, 6), T: pick(20, 100), seed: n, scale: pick(10, 40) / 10 });
  const ratio = (v) => (v.tolerance > 0 ? v.error / v.tolerance : v.error > 0 ? Infinity : 0);
  for (const method of ['central', 'complex']) {
    for (const s of checkGradients(p, method).slots) worst[method] = Math.max(worst[method], ratio(s));
    for (const d of checkDirections(p, method, 3, n).directions) worst[`${method}, directional`] = Math.max(worst[`${method}, directional`], ratio(d));
  }
  const forward = forwardSequence(p.params, p.inputs, p.targets, p.a0);
  const right = backwardSequence(p.params, forward);
  const T = p.inputs.length;
  const wrong = {
    'tanh derivative dropped': backwardSequence(p.params, forward, { recurrence: literalRecurrence }),
    'no recurrent term': backwardSequence(p.params, forward, { recurrence: () => zeros(nA, 1) }),
    'mean over time': Object.fromEntries(['dWax', 'dWaa', 'dWya', 'dba', 'dby', 'da0'].map((k) => [k, scale(right[k], 1 / T)])),
  };
  if (square) wrong['Wya not transposed'] = backwardSequence(p.params, forward, { output: (params, dO) => matmul(params.Wya, dO) });
  for (const [name, g] of Object.entries(wrong)) {
    caught[name] ??= { failed: 0, checks: 0 };
    for (const method of ['central', 'complex']) {
      caught[name].checks += 2;
      if (!checkGradients(p, method, g).pass) caught[name].failed++;
      if (!checkDirections(p, method, 3, n, g).pass) caught[name].failed++;
    }
  }
  checks++;
}
console.log(`\n${checks} random ill-conditioned models (weights N(0, s²), s = 1–4, T = 20–100), ${fmt((performance.now() - t0) / 1000)}:`);
console.log('  correct BPTT, worst error / tolerance (must stay ≤ 1; tolerance = 10 × estimate):');
for (const [k, v] of Object.entries(worst)) console.log(`    ${k.padEnd(22)} ${v.toExponential(2)}`);
console.log('  wrong BPTT, checks that failed it (elementwise and 3 directions, both methods):');
for (const [k, v] of Object.entries(caught)) console.log(`    ${k.padEnd(24)} ${v.failed} of ${v.checks}`);
