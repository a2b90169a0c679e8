// How far rounding alone moves a min-char-rnn-style run (Adagrad, chunks of 25, nA = 16, lr 0.1,
// 300 iterations on elements, from fixtures/minchar/init.json): the run is repeated with every
// parameter moved by one ulp (signs from a seeded generator) once at the start, or after every
// iteration (as an implementation that rounds differently in every step), and the worst relative
// difference in any iteration's loss and the worst absolute difference in the final parameters are
// printed, beside the same two figures for our run against bench/minchar_rnn.py's (fixtures/minchar/). spec/train/minchar-agreement.spec.ts takes its tolerances from these figures.
//   npm run build && node bench/minchar-spread.mjs
import { readFileSync } from 'node:fs';
import { loadDataset } from '../dist/data/dataset.js';
import { NumpyRandom } from '../dist/random/numpy.js';
import { readModel } from '../dist/train/model-file.js';
import { initialState, train } from '../dist/train/train.js';

const fixture = (name) => new URL(`../fixtures/minchar/${name}`, import.meta.url);
const dataset = loadDataset('elements');
const init = readModel(fixture('init.json').pathname).params;
const config = { hidden: 16, iterations: 300, lr: 0.1, clip: 5, every: 1e9, samples: 0, optimizer: 'adagrad', chunk: 25 };
const NAMES = ['Wax', 'Waa', 'Wya', 'ba', 'by'];

function run(params) {
  const losses = [];
  const result = train(dataset, config, { onStep: (s) => losses.push(s.loss) }, initialState(16, dataset.vocabulary.length, config, params));
  return { losses, params: result.params };
}

/** The run with the parameters nudged by one ulp after every iteration: rounding differences in every step, as numpy's. */
function runNudgedEveryStep(seed) {
  const rng = new NumpyRandom(seed);
  const losses = [];
  let state = initialState(16, dataset.vocabulary.length, config, init);
  for (let j = 0; j < config.iterations; j++) {
    state = train(dataset, { ...config, iterations: j + 1 }, { onStep: (s) => losses.push(s.loss) }, state);
    state = { ...state, params: nudge(state.params, rng) };
  }
  return { losses, params: state.params };
}

function compare(a, b) {
  let loss = 0;
  let param = 0;
  a.losses.forEach((l, j) => (loss = Math.max(loss, Math.abs(l - b.losses[j]) / Math.abs(b.losses[j]))));
  for (const n of NAMES) a.params[n].forEach((v, k) => (param = Math.max(param, Math.abs(v - b.params[n][k]))));
  return { loss, param };
}

/** Every entry moved by about one ulp up or down (zeros stay zero). */
function nudge(params, rng) {
  const p = { ...params };
  for (const n of NAMES) p[n] = params[n].map((v) => (v === 0 ? 0 : v + Math.sign(rng.gauss()) * Math.abs(v) * 2 ** -52));
  return p;
}

const ours = run(init);
const worst = { once: { loss: 0, param: 0 }, every: { loss: 0, param: 0 } };
const widen = (w, d) => ({ loss: Math.max(w.loss, d.loss), param: Math.max(w.param, d.param) });
for (let seed = 1; seed <= 10; seed++) {
  worst.once = widen(worst.once, compare(run(nudge(init, new NumpyRandom(seed))), ours));
  worst.every = widen(worst.every, compare(runNudgedEveryStep(seed), ours));
}
const lines = readFileSync(fixture('losses.txt'), 'utf8').split('\n').filter((l) => l && !l.startsWith('#'));
const final = JSON.parse(readFileSync(fixture('final.json'), 'utf8')).params;
const numpy = { losses: lines.map((l) => Number(l.split(' ')[2])), params: Object.fromEntries(NAMES.map((n) => [n, final[n].flat()])) };
const agreement = compare(ours, numpy);
const show = (label, d) => console.log(`${label.padEnd(52)} worst loss ${d.loss.toExponential(2)} relative, final parameters ${d.param.toExponential(2)} absolute`);
show('one-ulp nudges of the initial parameters (10 seeds):', worst.once);
show('one-ulp nudges after every iteration (10 seeds):', worst.every);
show('ours against bench/minchar_rnn.py:', agreement);
