#!/usr/bin/env node
/**
 * Start-up time of the built CLI (issue #8's targets: `--help` ≤ 0.3 s, `train --iterations 1`
 * ≤ 0.5 s wall): runs each command N times (default 7) and prints the median and the range, with
 * the machine's load average beside them.
 *
 *   npm run bench:startup [-- N]
 */
import { spawnSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';

const cli = new URL('../dist/cli/main.js', import.meta.url).pathname;
const runs = Number(process.argv[2] ?? 7);
const commands = [
  ['--help'],
  ['--version'],
  ['train', '--iterations', '1'],
  ['gradcheck', '--steps', '2', '--hidden', '2', '--vocab', '2', '--method', 'complex'],
  ['evaluate', new URL('../docs/examples/case.json', import.meta.url).pathname],
];
console.log(`${cpus().length} cores (${cpus()[0].model}), load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}; ${runs} runs each`);
for (const argv of commands) {
  const times = [];
  for (let k = 0; k < runs; k++) {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, [cli, ...argv], { stdio: 'ignore' });
    times.push((performance.now() - t0) / 1000);
    if (r.status !== 0) throw new Error(`rnn-oracle ${argv.join(' ')} exited ${r.status}`);
  }
  times.sort((a, b) => a - b);
  console.log(`rnn-oracle ${argv.join(' ').padEnd(60)} median ${times[runs >> 1].toFixed(3)} s  (${times[0].toFixed(3)}–${times.at(-1).toFixed(3)})`);
}
