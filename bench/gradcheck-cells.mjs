#!/usr/bin/env node
// The generic gradient check of the gated and stacked cells (`rnn-oracle gradcheck --cell …`):
// (1) the worst error/tolerance ratio of correct BPTT over N seeds (BENCH_SEEDS, default 20) of
// every cell, variant and layer count, by both methods, at nA = 3, V = 4, T = 5 (the CLI's random
// models, weights N(0, 0.25)), with the time per check; (2) the same seeds with the specs' wrong
// backwards (LSTM carry (L19) dropped, GRU (1 − Γu) path dropped, stacked input term (D6) dropped),
// counting how many checks fail them. Uses dist/ (run `npm run build` first).
import { checkNamed, deepProblem, gruProblem, lstmProblem, namedFloor } from '../dist/gradcheck/index.js';
import { GRU_VARIANTS } from '../dist/reference/gru/types.js';
import { blendDropped, carryDropped, inputDropped } from './cell-mistakes.mjs';

const N = Number(process.env.BENCH_SEEDS ?? 20);
const o = (seed) => ({ nA: 3, vocab: 4, T: 5, seed });
const cases = [
  ...['course', 'split'].map((v) => [`lstm ${v}`, (s, w) => lstmProblem(v, o(s), w ? carryDropped : {})]),
  ...GRU_VARIANTS.map((v) => [`gru ${v.reset}/${v.blend}`, (s, w) => gruProblem(v, o(s), w ? blendDropped : {})]),
  ...[2, 3].map((L) => [`rnn --layers ${L}`, (s, w) => deepProblem(L, o(s), w ? inputDropped : {})]),
];
let overall = 0;
for (const [name, make] of cases) {
  for (const method of ['complex', 'central']) {
    let worst = 0;
    let failedRight = 0;
    let caught = 0;
    let seconds = 0;
    for (let s = 0; s < N; s++) {
      const right = make(s, false);
      const floor = namedFloor(right, right.gradients(right.at));
      const t0 = performance.now();
      const r = checkNamed(right, method, { floor });
      seconds += (performance.now() - t0) / 1000;
      for (const sl of r.slots) worst = Math.max(worst, sl.error / sl.tolerance);
      if (!r.pass || !r.conclusive) failedRight++;
      const wrong = make(s, true);
      if (!checkNamed(right, method, { floor, analytic: wrong.gradients(wrong.at) }).pass) caught++;
    }
    overall = Math.max(overall, worst);
    console.log(
      `${name.padEnd(36)} ${method.padEnd(7)} worst error/tolerance ${worst.toExponential(2)}, correct BPTT failed ${failedRight}/${N}, wrong caught ${caught}/${N}, ${((seconds / N) * 1000).toFixed(0)} ms a check`,
    );
  }
}
console.log(`worst error/tolerance over all: ${overall.toExponential(2)}`);
