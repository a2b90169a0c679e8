#!/usr/bin/env node
// npm run experiments — re-runs the document's four configurations (Tables 1 and 2) for 70,000
// iterations, and its stated learning rate 0.1, then writes docs/results.md and the loss curves
// docs/results/{elements,movies}-loss.svg (vega-lite); then the gated and deep cells and min-char-rnn's
// run (scripts/experiments-cells.mjs) with docs/results/*-cells-loss.svg. Uses the built code in dist/.
// The tracked files hold only deterministic figures (losses, iterations, names), so that a run
// leaves the clone clean; wall times depend on the machine and go to reports/experiments.txt
// (untracked, in .gitignore), with the machine they were measured on.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import * as vega from 'vega';
import * as vl from 'vega-lite';
import { loadDataset } from '../dist/data/dataset.js';
import { GOLDEN_CONFIGS } from '../dist/train/golden.js';
import { train } from '../dist/train/train.js';
import { BASELINE_HIDDEN, cellsSection, runCells, runMinchar, SPEED_SECTION } from './experiments-cells.mjs';

/** The document's Tables 1 and 2: best smoothed loss, its iteration, and the names shown. */
const DOCUMENT = {
  'elements/50': { loss: 6.129626, iteration: 30000, names: ['Targon', 'Tadgium', 'Tine', 'Tadcium', 'Tine', 'Oadhium', 'Tine'] },
  'elements/100': { loss: 12.529147, iteration: 12000, names: ['Piupspemium', 'On', 'Pturice', 'Peicker', 'Toorium', 'Hadium', 'Ton'] },
  'movies/30': { loss: 33.902076, iteration: 60000, names: ['Thitog nais', 'The 400nd and the wilds', 'Toy speanday', 'The doud', 'Ursent on wator', 'Ga', 'The lerl'] },
  'movies/50': { loss: 37.672859, iteration: 18000, names: ['The tramedfathe taringot', 'Peaf', 'Rysuran', 'The grin-', 'Ving', 'Ie', 'The of thieris'] },
};
const CURVE_EVERY = 250;

const started = performance.now();
const runs = [];
for (const config of GOLDEN_CONFIGS) {
  const dataset = loadDataset(config.dataset);
  const curve = [];
  const t0 = performance.now();
  const result = train(dataset, config, {
    onIteration: (j, loss) => {
      if (j % CURVE_EVERY === 0) curve.push({ iteration: j, loss, run: `nA = ${config.hidden}` });
    },
  });
  const seconds = (performance.now() - t0) / 1000;
  // Iteration 0 shows the template's starting value 7·ln V blended in for one step; for movie titles,
  // which cost more than 7 characters' worth, that start is lower than any trained value, so the
  // lowest checkpoint is taken from 2,000 on.
  const best = result.checkpoints.slice(1).reduce((a, b) => (b.loss < a.loss ? b : a));
  runs.push({ config, dataset, result, best, curve, seconds, document: DOCUMENT[`${config.dataset}/${config.hidden}`] });
  console.log(`${config.dataset} nA = ${config.hidden}: best ${best.loss.toFixed(6)} at ${best.iteration}, final ${result.smoothedLoss.toFixed(6)} (${seconds.toFixed(1)} s)`);
}
const diverging = [];
for (const config of GOLDEN_CONFIGS) {
  const r = train(loadDataset(config.dataset), { ...config, lr: 0.1, samples: 0, every: config.iterations + 1 });
  diverging.push({ config, diverged: r.diverged, final: r.smoothedLoss });
  console.log(`${config.dataset} nA = ${config.hidden}, lr 0.1: ${r.diverged ? `diverged at ${r.diverged.iteration}` : 'did not diverge'}`);
}
const cells = {};
for (const name of ['elements', 'movies']) {
  const baseline = runs.find((r) => r.config.dataset === name && r.config.hidden === BASELINE_HIDDEN);
  cells[name] = runCells(baseline.dataset, baseline, GOLDEN_CONFIGS[0]);
}
const minchar = runMinchar(loadDataset('movies'));
const wall = (performance.now() - started) / 1000;

mkdirSync(new URL('../docs/results/', import.meta.url), { recursive: true });
const plots = ['elements', 'movies'].flatMap((name) => [
  { file: `${name}-loss.svg`, title: `Smoothed training loss, ${name} (lr 0.01, clip 5)`, legend: 'hidden size', values: runs.filter((r) => r.config.dataset === name).flatMap((r) => r.curve) },
  { file: `${name}-cells-loss.svg`, title: `Smoothed training loss by cell, ${name} (parameter counts matched)`, legend: 'cell', values: cells[name].flatMap((r) => r.curve) },
]);
for (const { file, title, legend, values } of plots) {
  const spec = vl.compile({
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title,
    width: 560,
    height: 280,
    data: { values },
    mark: { type: 'line', strokeWidth: 1.5 },
    encoding: {
      x: { field: 'iteration', type: 'quantitative', title: 'iteration' },
      y: { field: 'loss', type: 'quantitative', title: 'smoothed loss', scale: { zero: false } },
      color: { field: 'run', type: 'nominal', title: legend },
    },
  }).spec;
  const svg = await new vega.View(vega.parse(spec), { renderer: 'none' }).toSVG();
  writeFileSync(new URL(`../docs/results/${file}`, import.meta.url), svg);
}

const fmt = (x) => x.toFixed(6);
const names = (xs) => xs.map((n) => n.trim()).join(', ');
const rows = runs
  .map(
    (r) =>
      `| ${r.config.dataset} | ${r.config.hidden} | ${fmt(r.best.loss)} at ${r.best.iteration.toLocaleString('en-US')} | ${r.document.loss} at ${r.document.iteration.toLocaleString('en-US')} | ${fmt(r.result.smoothedLoss)} |`,
  )
  .join('\n');
const nameRows = runs
  .map((r) => `| ${r.config.dataset}, nA = ${r.config.hidden} | ${names(r.best.names)} | ${names(r.document.names)} |`)
  .join('\n');
const divRows = diverging
  .map((d) => `| ${d.config.dataset} | ${d.config.hidden} | ${d.diverged ? `stopped at iteration ${d.diverged.iteration.toLocaleString('en-US')}: non-finite ${d.diverged.quantity}` : `no divergence in 70,000 iterations (final smoothed loss ${fmt(d.final)})`} |`)
  .join('\n');
const vocab = (r) => r.dataset.vocabulary.length;
const run = (d, h) => runs.find((r) => r.config.dataset === d && r.config.hidden === h);
const at = (r) => `${fmt(r.best.loss)} at ${r.best.iteration.toLocaleString('en-US')}`;
const meanLength = (r) => r.dataset.examples.reduce((a, e) => a + [...e].length, 0) / r.dataset.examples.length;
function survivors() {
  const alive = diverging.filter((d) => !d.diverged);
  if (alive.length === 0) return 'none survived';
  return 'the ones that ran to the end finished at ' + alive
    .map((d) => `${fmt(d.final)} (${d.config.dataset} nA = ${d.config.hidden}; ${fmt(run(d.config.dataset, d.config.hidden).result.smoothedLoss)} at 0.01)`)
    .join(' and ');
}
function discussion() {
  const e50 = run('elements', 50), e100 = run('elements', 100), m30 = run('movies', 30), m50 = run('movies', 50);
  const div = diverging.filter((d) => d.diverged).map((d) => `${d.config.dataset} nA = ${d.config.hidden} (at ${d.diverged.iteration.toLocaleString('en-US')})`);
  return [
    `- **Where the best checkpoint falls** at the template's learning rate of 0.01, against the document's:`,
    ...[e50, e100, m30, m50].map((r) => {
      const { loss, iteration } = DOCUMENT[`${r.config.dataset}/${r.config.hidden}`];
      const apart = Math.abs(r.best.iteration - iteration);
      const where = apart === 0 ? 'the same checkpoint' : apart <= 4000 ? `${apart.toLocaleString('en-US')} iterations apart` : `far apart (${apart.toLocaleString('en-US')} iterations)`;
      return `  ${r.config.dataset} nA = ${r.config.hidden}: ours ${at(r)}, the document's ${fmt(loss)} at ${iteration.toLocaleString('en-US')} — ${where};`;
    }),
    `  the smaller hidden size reaches the lower loss ${e50.best.loss < e100.best.loss && m30.best.loss < m50.best.loss ? 'in both datasets, as in the document' : 'not in both datasets, unlike the document'}.`,
    `  Where the minimum of a noisy, slowly drifting curve falls is fragile: changing only the order in which`,
    `  softmax's denominator is summed (a last-bit difference) moved movies nA = 50's best checkpoint from 20,000 to`,
    `  68,000 and elements nA = 100's from 10,000 to 12,000; compare the curves, not single checkpoints.`,
    `- **The learning rate.** The document says it trained with 0.1. At 0.1 ${div.length ? div.join(' and ') + ' diverged' : 'nothing diverged'};`,
    `  ${survivors()}. Where a 0.1 run breaks also depends on rounding (docs/errata.md). The losses at 0.01 are`,
    `  of the document's size and at 0.1 several times larger, which suggests, but cannot prove, that its tables came from 0.01.`,
    `- **Levels differ.** Elements nA = 50 stays above the document's 6.13 (our lowest is ${fmt(e50.best.loss)}); the element`,
    `  names are the course's, so this is not a data difference, and we did not try other seeds to chase it. The`,
    `  movie levels are not comparable: our list is our own (${mv.dataset.examples.length} titles, mean length ${meanLength(mv).toFixed(1)} characters),`,
    `  and a title's loss grows with its length.`,
    `- **The first checkpoint.** The smoothed loss starts at 7·ln V (the template's get_initial_loss), which for movie`,
    `  titles is below the loss of any real title, so iteration 0 would be the "best" checkpoint; we skip it.`,
    `- **One run is one sample.** Our run and numpy's part after about 5,000 iterations (docs/training.md), so only`,
    `  the overall shape and level are comparable across implementations; fixtures/golden/ pins our exact run.`,
  ].join('\n');
}
const el = runs.find((r) => r.config.dataset === 'elements');
const mv = runs.find((r) => r.config.dataset === 'movies');

const md = `# Results: the document's experiments, re-run

"The document" is the CS-587 course report whose equations we implement ([model.md](model.md));
its Tables 1 and 2 list the lowest loss, the iteration where it occurred and seven generated names
for element names (nA = 50, 100) and movie titles (nA = 30, 50). "The course template" is explained
in the [glossary](model.md#glossary).

Written by \`npm run experiments\` (scripts/experiments.mjs) — do not edit by hand. Each configuration
trains for 70,000 iterations exactly as the course template does (seeds 1 and 0, learning rate 0.01,
clip 5, checkpoints every 2,000 iterations with 7 names sampled with seeds 0–6). Seeds were not tuned.
Datasets: elements (${el.dataset.examples.length} names, ${vocab(el)} symbols), movies (our own list of ${mv.dataset.examples.length} titles,
${vocab(mv)} symbols). Wall times depend on the machine, so they are not kept here: a run writes them to
reports/experiments.txt (not tracked).

## Lowest smoothed loss (Tables 1 and 2)

| dataset | nA | ours: lowest smoothed loss (checkpoints from 2,000 on) | document | ours: smoothed loss after 70,000 |
|---|---|---|---|---|
${rows}

Names sampled at our best checkpoint, next to the document's:

| run | ours | document |
|---|---|---|
${nameRows}

![Smoothed loss, elements](results/elements-loss.svg)

![Smoothed loss, movies](results/movies-loss.svg)

## The document's learning rate, 0.1

| dataset | nA | with lr 0.1 |
|---|---|---|
${divRows}

## What matches, what differs, and why

${discussion()}

${cellsSection(cells, minchar, mv.dataset)}
${SPEED_SECTION}`;
writeFileSync(new URL('../docs/results.md', import.meta.url), md);

const machine = `${cpus().length} cores, ${cpus()[0]?.model.trim() ?? 'unknown CPU'}, Node ${process.version}`;
const timings = [
  `npm run experiments, ${new Date().toISOString()}`,
  `machine: ${machine}`,
  ...runs.map((r) => `${r.config.dataset} nA = ${r.config.hidden}, lr 0.01, 70,000 iterations: ${r.seconds.toFixed(1)} s`),
  ...Object.values(cells).flatMap((rs) => rs.slice(1)).map((r) => `${r.config.dataset} ${r.label} (${r.params} parameters), 70,000 iterations: ${r.seconds.toFixed(1)} s`),
  `movies min-char-rnn (Adagrad, chunks of 25, nA = 100), 70,000 iterations: ${minchar.seconds.toFixed(1)} s`,
  `whole run, including the lr 0.1 runs: ${wall.toFixed(1)} s (load average at the end: ${loadavg().map((x) => x.toFixed(1)).join(', ')})`,
  '',
].join('\n');
mkdirSync(new URL('../reports/', import.meta.url), { recursive: true });
writeFileSync(new URL('../reports/experiments.txt', import.meta.url), timings);
console.log(`wrote docs/results.md, docs/results/*.svg and reports/experiments.txt (wall times) in ${wall.toFixed(1)} s on ${machine}`);
