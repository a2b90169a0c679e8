// Prints the figures behind the dataset limits in src/data/dataset.ts (MAX_LINE_LENGTH,
// MAX_DATASET_BYTES): one training iteration's time and workspace size against the length of the
// example (nA = 100, V = 27), and the time to load a dataset at the size limit.
//   npm run build && node bench/limits.mjs
import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDataset, MAX_DATASET_BYTES } from '../dist/data/dataset.js';
import { templateInit } from '../dist/engine/model.js';
import { backward, clipAndStep, forward, Workspace } from '../dist/engine/rnn.js';

const nA = 100;
const V = 27;
for (const n of [100, 1000, 10_000, 100_000]) {
  const ws = new Workspace(nA, V);
  ws.load(templateInit(nA, V));
  const X = [null, ...Array.from({ length: n }, (_, i) => 1 + (i % 26))];
  const Y = [...X.slice(1), 0];
  const reps = Math.max(1, Math.round(20_000 / n));
  const t0 = performance.now();
  for (let r = 0; r < reps; r++) {
    forward(ws.params, X, Y, new Float64Array(nA), ws);
    backward(X, Y, ws);
    clipAndStep(ws, 5, 0.01);
  }
  const ms = (performance.now() - t0) / reps;
  console.log(`example of ${n} characters: ${ms.toFixed(1)} ms per iteration (${((ms * 1000) / n).toFixed(0)} µs per character)`);
}
const path = join(tmpdir(), `rnn-oracle-limit-${process.pid}.txt`);
const line = 'abcdefghijklmnopqrstuvwxy\n';
writeFileSync(path, line.repeat(Math.floor(MAX_DATASET_BYTES / line.length)));
const t0 = performance.now();
const d = loadDataset(path);
console.log(`dataset of ${MAX_DATASET_BYTES} bytes (${d.examples.length} lines): loaded in ${(performance.now() - t0).toFixed(0)} ms`);
rmSync(path);
