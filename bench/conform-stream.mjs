// Wall time of `rnn-oracle conform` on the 16-case suite against docs/examples/numpy_rnn.py,
// streaming (one process) and per process. Needs `npm run build` first and python3 with numpy.
//   node bench/conform-stream.mjs [repeats]
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';

const repeats = Number(process.argv[2] ?? 3);
const cli = new URL('../dist/cli/main.js', import.meta.url).pathname;
const example = new URL('../docs/examples/numpy_rnn.py', import.meta.url).pathname;

function time(args) {
  const walls = [];
  let last;
  for (let i = 0; i < repeats; i++) {
    const t0 = performance.now();
    last = spawnSync(process.execPath, [cli, 'conform', ...args], { encoding: 'utf8' });
    walls.push((performance.now() - t0) / 1000);
  }
  return { best: Math.min(...walls), summary: last.stdout.trim().split('\n').pop(), code: last.status };
}

for (const [label, args] of [
  ['--stream', ['--stream', '--command', `python3 ${example} --stream`]],
  ['per process', ['--command', `python3 ${example}`]],
]) {
  const r = time(args);
  console.log(`${label.padEnd(12)} best of ${repeats}: ${r.best.toFixed(2)} s wall  (exit ${r.code}; ${r.summary})`);
}
