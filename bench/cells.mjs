#!/usr/bin/env node
// npm run bench:cells — iterations/s of per-name training (the course template's loop: one name per
// iteration, loss = Σₜ cross-entropy, state carried, clip 5, SGD lr 0.01) on elements at nA = 100,
// for the vanilla cell, the LSTM (split convention) and the GRU (PyTorch's convention), beside:
//   - the straightforward numpy loops bench/numpy_template.py, numpy_lstm.py, numpy_gru.py (python3),
//   - a PyTorch CPU loop, bench/torch_cells.py, where /usr/bin/python3 imports torch.
// All start from the same numbers (numpy's seed(1), randn·0.01 in the reference's order), so each
// line also prints the final smoothed loss of each implementation: equal losses show the same work.
// Each rate is printed twice: by wall-clock time and by CPU time (user + system; for python, the
// child's getrusage minus that of a 0-iteration run, so interpreter start-up and imports are not
// counted). On a shared, loaded machine the CPU-time rates are the steadier comparison.
// Then our engines alone for the other conventions (LSTM course, three GRU ones) and 2 stacked layers.
// BENCH_ITERATIONS (default 2000) and BENCH_HIDDEN (default 100) change the run. Uses dist/.
import { execFileSync, spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { loadDataset } from '../dist/data/dataset.js';
import { createCellEngine } from '../dist/engine/gated-cell-engine.js';
import { GRU_VARIANTS } from '../dist/reference/gru/types.js';
import { encodeExample, shuffledExamples } from '../dist/train/train.js';

const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 2000);
const HIDDEN = Number(process.env.BENCH_HIDDEN ?? 100);
const here = (f) => fileURLToPath(new URL(f, import.meta.url));
const datasetFile = here('../fixtures/datasets/elements.txt');
const dataset = loadDataset('elements');
const V = dataset.vocabulary.length;
const examples = shuffledExamples(dataset).map((e) => encodeExample(e, dataset.charToIndex));

/** The template's loop on one engine; returns iterations/s (wall, CPU) and the final smoothed loss. */
function ours(cell, iterations, options = { lstmVariant: 'split', gruVariant: GRU_VARIANTS[0] }) {
  const engine = createCellEngine(cell, HIDDEN, V, options);
  let state = new Float64Array(engine.stateLength);
  let smoothed = -Math.log(1 / V) * 7;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let j = 0; j < iterations; j++) {
    const { X, Y } = examples[j % examples.length];
    const loss = engine.forward(X, Y, state);
    engine.backward(X, Y);
    engine.clipAndStep(5, 0.01);
    state = engine.finalState(X.length);
    smoothed = smoothed * 0.999 + loss * 0.001;
  }
  const wall = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  return { rate: iterations / wall, cpuRate: iterations / ((cpu.user + cpu.system) / 1e6), loss: smoothed };
}

/** Runs a child under /usr/bin/python3, which prints the child's CPU seconds (getrusage) last on stderr. */
const RUSAGE = `import resource, subprocess, sys
p = subprocess.run(sys.argv[1:], capture_output=True, text=True)
r = resource.getrusage(resource.RUSAGE_CHILDREN)
sys.stdout.write(p.stdout)
sys.stderr.write(p.stderr + "\\ncpu %.6f\\n" % (r.ru_utime + r.ru_stime))
sys.exit(p.returncode)`;
function withCpu(exe, args) {
  const run = spawnSync('/usr/bin/python3', ['-c', RUSAGE, exe, ...args], { encoding: 'utf8' });
  const lines = run.stderr.trim().split('\n');
  return { run, cpu: Number.parseFloat(lines.pop().slice(4)), stderr: lines.join('\n') };
}

/** A python loop: its stdout ends with the final smoothed loss, its stderr with iterations/s (wall). */
function python(exe, script, args) {
  const timed = withCpu(exe, [script, ...args, '--iterations', String(ITERATIONS)]);
  if (timed.run.status !== 0) return { error: timed.stderr.trim().split('\n').pop() };
  const idle = withCpu(exe, [script, ...args, '--iterations', '0']);
  return { rate: Number.parseFloat(timed.stderr), cpuRate: ITERATIONS / (timed.cpu - idle.cpu), loss: Number.parseFloat(timed.run.stdout) };
}

const works = (exe, module) => spawnSync(exe, ['-c', `import ${module}`], { stdio: 'ignore' }).status === 0;
const hasNumpy = works('python3', 'numpy');
const hasTorch = works('/usr/bin/python3', 'torch');
const NUMPY = { rnn: 'numpy_template.py', lstm: 'numpy_lstm.py', gru: 'numpy_gru.py' };
// (numpy_template.py prints no loss when it times itself)
const fmt = (r) =>
  r.error
    ? `failed: ${r.error}`
    : `${r.rate.toFixed(0).padStart(5)} it/s wall, ${r.cpuRate.toFixed(0).padStart(5)} it/s CPU${Number.isNaN(r.loss) ? '' : `, final smoothed loss ${r.loss.toFixed(12)}`}`;
const ratio = (us, them, name) => (them.error ? '' : `  → ours ${(us.rate / them.rate).toFixed(2)}× ${name} (wall), ${(us.cpuRate / them.cpuRate).toFixed(2)}× (CPU)`);

console.log(`elements, nA = ${HIDDEN}, ${ITERATIONS} iterations per run, lr 0.01, clip 5; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')} on ${execFileSync('nproc').toString().trim()} cores`);
for (const cell of ['rnn', 'lstm', 'gru']) {
  ours(cell, Math.min(300, ITERATIONS)); // warm-up
  const us = ours(cell, ITERATIONS);
  const lines = [`${cell.padEnd(4)} ours  ${fmt(us)}`];
  if (hasNumpy) {
    const np = python('python3', here(NUMPY[cell]), ['--dataset', datasetFile, '--hidden', String(HIDDEN), '--time']);
    lines.push(`     numpy ${fmt(np)}${ratio(us, np, 'numpy')}`);
  } else lines.push('     numpy not timed: python3 with numpy is not available');
  if (hasTorch) {
    const th = python('/usr/bin/python3', here('torch_cells.py'), ['--cell', cell, '--dataset', datasetFile, '--hidden', String(HIDDEN)]);
    lines.push(`     torch ${fmt(th)}${ratio(us, th, 'PyTorch')}`);
  } else lines.push('     torch not timed: /usr/bin/python3 cannot import torch');
  console.log(lines.join('\n'));
}
// The other conventions and stacked layers, ours only (no numpy or PyTorch loop of their own).
const others = [
  ['lstm, course convention', 'lstm', { lstmVariant: 'course' }],
  ...GRU_VARIANTS.slice(1).map((v) => [`gru, reset ${v.reset}, ${v.blend}`, 'gru', { gruVariant: v }]),
  ['rnn, 2 stacked layers', 'rnn', { layers: 2 }],
];
for (const [label, cell, options] of others) {
  ours(cell, Math.min(300, ITERATIONS), options);
  console.log(`ours ${label}: ${fmt(ours(cell, ITERATIONS, options))}`);
}
console.log(`load average after: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
