#!/usr/bin/env node
// npm run bench — training speed of the fast engine on elements at nA = 50 and 100, and, when
// python3 with numpy is present, the independent numpy loop (bench/numpy_template.py) timed in the
// same run, with the ratio. Uses the built code in dist/ (npm run build first; npm run bench does).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { loadDataset } from '../dist/data/dataset.js';
import { train } from '../dist/train/train.js';

const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 10000);
const dataset = loadDataset('elements');
const datasetFile = fileURLToPath(new URL('../fixtures/datasets/elements.txt', import.meta.url));
const numpyScript = fileURLToPath(new URL('./numpy_template.py', import.meta.url));
const hasNumpy = spawnSync('python3', ['-c', 'import numpy'], { stdio: 'ignore' }).status === 0;

const shuffledLengths = dataset.examples.map((e) => [...e].length + 1);
const characters = Array.from({ length: ITERATIONS }, (_, j) => shuffledLengths[j % shuffledLengths.length]).reduce((a, b) => a + b, 0);

console.log(`elements, ${ITERATIONS} iterations, learning rate 0.01, no checkpoints`);
for (const hidden of [50, 100]) {
  const config = { hidden, iterations: ITERATIONS, lr: 0.01, clip: 5, every: ITERATIONS + 1, samples: 0 };
  train(dataset, { ...config, iterations: 500 }); // warm-up
  const t0 = performance.now();
  train(dataset, config);
  const seconds = (performance.now() - t0) / 1000;
  const ours = ITERATIONS / seconds;
  let line = `nA = ${hidden}: ${ours.toFixed(0)} iterations/s, ${(characters / seconds).toFixed(0)} characters/s`;
  if (hasNumpy) {
    const run = spawnSync('python3', [numpyScript, '--dataset', datasetFile, '--hidden', String(hidden), '--iterations', String(ITERATIONS), '--time'], { encoding: 'utf8' });
    const numpy = Number.parseFloat(run.stderr);
    line += `; numpy loop ${numpy.toFixed(0)} iterations/s; ratio ${(ours / numpy).toFixed(2)}×`;
  } else {
    line += '; numpy loop not timed: python3 with numpy is not available';
  }
  console.log(line);
}
