// npm run build, then node bench/gradcheck-warm.mjs — central differences with the warm start of
// src/gradcheck/central-batch.ts against tableaux all from FIRST_STEP (warmStart = Infinity), on the
// nA = 100, V = 25, T = 25 model of bench/gradcheck.mjs: evaluations, CPU time, and each entry judged
// (as elementwise.ts judges) for correct BPTT and three wrong ones; then how the estimates compare.
import { loadavg } from 'node:os';
const W = '../dist';
const { randomProblem } = await import(`${W}/index.js`);
const { evaluatorFor, flatGradients } = await import(`${W}/gradcheck/evaluator.js`);
const { float64Floor, floorOf } = await import(`${W}/gradcheck/conditioning.js`);
const { judge } = await import(`${W}/gradcheck/elementwise.js`);
const { SLOTS } = await import(`${W}/gradcheck/problem.js`);
const { lossAndGradients, backwardSequence, forwardSequence } = await import(`${W}/reference/bptt.js`);
const { literalRecurrence } = await import(`${W}/reference/errata.js`);
const { scale, zeros } = await import(`${W}/reference/linalg.js`);
const warm = (await import(`${W}/gradcheck/central-batch.js`)).centralPartials;
const cold = (ev, noise) => warm(ev, noise, undefined, undefined, Infinity);
const p = randomProblem({ nA: 100, vocab: 25, T: 25, seed: 0 });
const ev = evaluatorFor(p, 'engine');
const floor = float64Floor(ev);
const fw = forwardSequence(p.params, p.inputs, p.targets, p.a0);
const right = backwardSequence(p.params, fw);
const analytic = {
  correct: flatGradients(lossAndGradients(p.params, p.inputs, p.targets, p.a0).gradients),
  'tanh derivative dropped': flatGradients(backwardSequence(p.params, fw, { recurrence: literalRecurrence })),
  'no recurrent term': flatGradients(backwardSequence(p.params, fw, { recurrence: () => zeros(100, 1) })),
  'mean over time': flatGradients(Object.fromEntries(['dWax', 'dWaa', 'dWya', 'dba', 'dby', 'da0'].map((k) => [k, scale(right[k], 1 / 25)]))),
};
const runs = {};
for (const [name, f] of [['warm', warm], ['from FIRST_STEP', cold]]) {
  const c0 = process.cpuUsage();
  runs[name] = f(ev, floor.lossNoise);
  const c = process.cpuUsage(c0);
  console.log(`${name}: ${runs[name].evaluations} evaluations, CPU ${((c.user + c.system) / 1e6).toFixed(1)} s, load ${loadavg()[0].toFixed(1)}`);
}
for (const [name, r] of Object.entries(runs)) {
  for (const [g, a] of Object.entries(analytic)) {
    let failures = 0, worst = 0, n = 0;
    for (const s of SLOTS) for (let k = 0; k < a[s].length; k++) {
      const v = judge(a[s][k], r.value[s][k], r.error[s][k], floorOf(floor, s, k), floor.gradient[s][k]);
      n++; if (!v.pass) failures++; worst = Math.max(worst, v.error / v.tolerance);
    }
    console.log(`  ${name.padEnd(16)} ${g.padEnd(24)} ${failures} of ${n} entries fail, worst error/tolerance ${worst.toExponential(2)}`);
  }
}
let ratioMax = 0, ratioMin = Infinity, disagree = 0;
for (const s of SLOTS) for (let k = 0; k < ev.theta[s].length; k++) {
  const [a, b] = [runs.warm, runs['from FIRST_STEP']];
  const q = a.error[s][k] / b.error[s][k];
  if (Number.isFinite(q)) { ratioMax = Math.max(ratioMax, q); ratioMin = Math.min(ratioMin, q); }
  if (Math.abs(a.value[s][k] - b.value[s][k]) > 10 * (a.error[s][k] + b.error[s][k])) disagree++;
}
console.log(`error estimate warm / from FIRST_STEP: ${ratioMin.toExponential(2)} … ${ratioMax.toExponential(2)}; values further apart than 10 × (both estimates): ${disagree}`);
