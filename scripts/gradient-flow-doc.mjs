#!/usr/bin/env node
/**
 * Regenerates the numbers of docs/gradient-flow.md and its plot docs/gradient-flow.svg from the
 * built code in dist/ (the functions `rnn-oracle gradient-flow` runs):
 *   - the vanilla cell at the template's initialisation and after a full `rnn-oracle train` run on
 *     elements (70,000 iterations unless --iterations N), with ρ(Waa), σ₁(Waa) and the clip counts
 *     at every checkpoint interval of that run;
 *   - the LSTM (split, PyTorch's layout) and the GRU (PyTorch's convention, after-matmul/gate-keeps-old)
 *     after `rnn-oracle train --cell lstm|gru` on elements with the template's loop and defaults
 *     (as many iterations as the vanilla run unless --gated-iterations N);
 *   - the vanilla cell, the LSTM (both variants) and the GRU (all four) at PyTorch's default
 *     initialisation, U(±1/√nA) with zero biases.
 * Everything is seeded; the wall times depend on the machine and are printed with its load.
 *
 *   npm run gradient-flow:doc [-- --iterations N] [--gated-iterations N]
 */
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { loadDataset } from '../dist/data/dataset.js';
import { toReference } from '../dist/engine/convert.js';
import { countClipping } from '../dist/flow/clipping.js';
import { flowTable } from '../dist/flow/flow.js';
import { initialGru, initialLstm, namedCellModel, templateRnn, uniformRnn } from '../dist/flow/models.js';
import { clipSummary, decayPerStep, formatValue } from '../dist/flow/report.js';
import { largestSingularValue, spectralRadius } from '../dist/flow/spectrum.js';
import { flowChartSvg } from '../dist/flow/svg.js';
import { initialCellState, trainCell } from '../dist/train/cell-train.js';
import { TEMPLATE_DEFAULTS } from '../dist/train/train.js';

const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback);
const iterations = option('--iterations', TEMPLATE_DEFAULTS.iterations);
const gatedIterations = option('--gated-iterations', iterations);
const T = 25;
const K = 10;
const seed = 0;
const nA = TEMPLATE_DEFAULTS.hidden;
const dataset = loadDataset('elements');
const V = dataset.vocabulary.length;
const started = performance.now();
const machine = `${cpus().length} cores, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} at the start`;

const flat = (M) => Float64Array.from(M.toArray().flat());
const spectrum = (params) => ({ rho: spectralRadius(flat(params.Waa), nA), sigma: largestSingularValue(flat(params.Waa), nA) });
const table = (label, model) => {
  const t0 = performance.now();
  const rows = flowTable(model, { T, sequences: K, seed });
  console.log(`${label}: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return { label, rows, model };
};

// 1. The vanilla cell at the template's initialisation.
const init = table('vanilla RNN, template init', templateRnn(nA, V));
// 2. The same cell trained as `rnn-oracle train` trains it, with the clip counts and ρ, σ₁ per checkpoint interval.
const t0 = performance.now();
const perWindow = [];
const config = { ...TEMPLATE_DEFAULTS, iterations };
const run = countClipping(dataset, config, {
  onWindow: (w, p) => perWindow.push({ ...w, ...spectrum({ Waa: toReference(p).Waa }) }),
  onProgress: (done, total) => done % 10000 === 0 && console.log(`  training ${done}/${total}`),
});
const trainSeconds = (performance.now() - t0) / 1000;
console.log(`training ${run.iterationsRun} iterations with clip counts: ${trainSeconds.toFixed(1)} s`);
const trained = table(`vanilla RNN, after ${run.iterationsRun} iterations`, { cell: 'rnn', params: toReference(run.params) });
// 3. The LSTM (split) and the GRU (PyTorch's convention) trained as `rnn-oracle train --cell … --variant …` trains them.
const gatedTrained = [
  ['lstm', 'split', 'LSTM split'],
  ['gru', 'after-matmul/gate-keeps-old', 'GRU after-matmul/gate-keeps-old'],
].map(([cell, variant, name]) => {
  const config = { ...TEMPLATE_DEFAULTS, iterations: gatedIterations, cell, variant };
  const start = table(`${name}, start of training`, namedCellModel(config, nA, V, initialCellState(config, nA, V, config).named));
  const t1 = performance.now();
  const result = trainCell(dataset, config, {
    onIteration: (j) => j % 10000 === 0 && console.log(`  training ${name} ${j}/${gatedIterations}`),
  });
  const seconds = (performance.now() - t1) / 1000;
  console.log(`training ${name} ${result.iterationsRun} iterations: ${seconds.toFixed(1)} s`);
  const model = namedCellModel({ cell, variant }, nA, V, result.named);
  return { ...table(`${name}, after ${result.iterationsRun} iterations`, model), seconds, iterationsRun: result.iterationsRun, smoothedLoss: result.smoothedLoss, diverged: result.diverged, start, parameters: Object.values(result.named).reduce((t, a) => t + a.length, 0) };
});
// 4. The vanilla cell at the gated cells' initialisation scale, then the gated cells at PyTorch's default initialisation.
const uniform = table('vanilla RNN, U(±1/√nA) init', uniformRnn(nA, V, seed));
const gated = [
  table('LSTM course, init', initialLstm(nA, V, 'course', seed)),
  table('LSTM split, init', initialLstm(nA, V, 'split', seed)),
  ...[
    ['after-matmul', 'gate-keeps-old'],
    ['after-matmul', 'gate-takes-new'],
    ['before-matmul', 'gate-keeps-old'],
    ['before-matmul', 'gate-takes-new'],
  ].map(([reset, blend]) => table(`GRU ${reset}/${blend}, init`, initialGru(nA, V, { reset, blend }, seed))),
];
const all = [init, trained, ...gatedTrained, uniform, ...gated];

const svg = await flowChartSvg(
  all.filter((s) => !s.label.startsWith('GRU') || s.label.includes('after-matmul/gate-keeps-old') || s.label.includes('before-matmul/gate-takes-new')),
  `‖∂l⟨T⟩/∂a⟨t⟩‖ against the lag, nA = ${nA}, T = ${T}, mean of ${K} random sequences`,
);
writeFileSync(new URL('../docs/gradient-flow.svg', import.meta.url), svg);

// ---- the document ----
const v = formatValue;
const at = (s, k) => s.rows[k];
const lags = [0, 1, 2, 5, 10, 15, 20, 25];
const lagTable = [
  `| model | ${lags.map((k) => `lag ${k}`).join(' | ')} | ratio lag ${T} / lag 0 | factor per step, lag 1→${T} |`,
  `|---|${lags.map(() => '---:').join('|')}|---:|---:|`,
  ...all.map((s) => `| ${s.label} | ${lags.map((k) => v(at(s, k).norm)).join(' | ')} | **${v(at(s, T).ratio)}** | ${v(decayPerStep(s.rows))} |`),
].join('\n');
const s0 = spectrum(init.model.params);
const s1 = spectrum(trained.model.params);
const su = spectrum(uniform.model.params);
const gruSpectra = gated.filter((s) => s.label.startsWith('GRU')).map((s) => ({ label: s.label, ...spectrum(s.model.params) }));
const lstmCell = gated.filter((s) => s.label.startsWith('LSTM')).map((s) => `${s.label}: ${v(at(s, T).cellNorm)} (‖∂l⟨T⟩/∂c⟨0⟩‖), ${v(at(s, T).norm)} (‖∂l⟨T⟩/∂a⟨0⟩‖)`);
const windows = perWindow.length > 12 ? perWindow.filter((_, i) => i % 5 === 0 || i === perWindow.length - 1) : perWindow;
const windowTable = [
  '| iterations | clip fired | share | in dWax | dWaa | dWya | dba | dby | smoothed loss | ρ(Waa) | σ₁(Waa) |',
  '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ...windows.map(
    (w) =>
      `| ${w.from}–${w.to - 1} | ${w.fired} | ${((100 * w.fired) / (w.to - w.from)).toFixed(1)}% | ${['dWax', 'dWaa', 'dWya', 'dba', 'dby'].map((n) => w.byGradient[n]).join(' | ')} | ${w.smoothedLoss.toFixed(3)} | ${w.rho.toFixed(3)} | ${w.sigma.toFixed(3)} |`,
  ),
].join('\n');
const firstFired = perWindow.find((w) => w.fired > 0);
const sum = (f) => run.windows.reduce((t, w) => t + f(w), 0);
const perWindowTotals = {
  fired: sum((w) => w.fired),
  dWaa: sum((w) => w.byGradient.dWaa),
  dWya: sum((w) => w.byGradient.dWya),
  others: Math.max(...['dWax', 'dWya', 'dba', 'dby'].map((g) => sum((w) => w.byGradient[g]))),
};
const finalLoss = run.windows[run.windows.length - 1].smoothedLoss.toFixed(6);
const wall = (performance.now() - started) / 1000;

const doc = (await import('./gradient-flow-text.mjs')).gradientFlowText({
  T, K, seed, nA, V, iterations: run.iterationsRun, fullRun: run.iterationsRun === TEMPLATE_DEFAULTS.iterations,
  lagTable, windowTable, everyShown: windows.length < perWindow.length, clipSummary: clipSummary(run.windows),
  s0, s1, su, uniform, perWindowTotals, finalLoss, gruSpectra, gatedTrained, gatedIterations, vanillaParameters: 2 * nA * V + nA * nA + nA + V, names: dataset.examples.length, longestName: Math.max(...dataset.examples.map((name) => name.length)), gruTrainedSpectrum: spectrum(gatedTrained[1].model.params), lstmCell, init, trained, gated, firstFired, v, at, decayPerStep, trainSeconds, wall, machine,
});
writeFileSync(new URL('../docs/gradient-flow.md', import.meta.url), doc);
console.log(`wrote docs/gradient-flow.md and docs/gradient-flow.svg in ${wall.toFixed(1)} s (${machine})`);
