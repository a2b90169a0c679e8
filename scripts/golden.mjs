#!/usr/bin/env node
// Golden runs (fixtures/golden/): `node scripts/golden.mjs write` regenerates them (npm run
// golden:write); `node scripts/golden.mjs check [ITERATIONS]` replays them (npm run test:golden
// replays all 70,000 iterations). `write CELLS` regenerates only the cells' runs. Uses the built code in dist/.
import { readFileSync, writeFileSync } from 'node:fs';
import { GOLDEN_CELL_CONFIGS, GOLDEN_CONFIGS as TEMPLATE_CONFIGS, goldenFileName, goldenRun, replayGolden } from '../dist/train/golden.js';

/** The template's four configurations and one of each new cell (src/train/golden.ts). */
const GOLDEN_CONFIGS = [...TEMPLATE_CONFIGS, ...GOLDEN_CELL_CONFIGS];

const dir = new URL('../fixtures/golden/', import.meta.url);
const [command, iterationsArg] = process.argv.slice(2);

if (command === 'write') {
  for (const config of iterationsArg === 'CELLS' ? GOLDEN_CELL_CONFIGS : GOLDEN_CONFIGS) {
    const t0 = performance.now();
    writeFileSync(new URL(goldenFileName(config), dir), `${JSON.stringify(goldenRun(config), null, 1)}\n`);
    console.log(`wrote fixtures/golden/${goldenFileName(config)} (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  }
} else if (command === 'check') {
  let failed = 0;
  for (const config of GOLDEN_CONFIGS) {
    const golden = JSON.parse(readFileSync(new URL(goldenFileName(config), dir), 'utf8'));
    const iterations = iterationsArg ? Number(iterationsArg) : config.iterations;
    const problem = replayGolden(golden, iterations);
    console.log(problem ? `MISMATCH ${problem}` : `OK ${goldenFileName(config)}: ${iterations} iterations replayed`);
    if (problem) failed++;
  }
  console.log(`Tests: ${GOLDEN_CONFIGS.length - failed} passed, ${failed} failed`);
  process.exitCode = failed ? 1 : 0;
} else {
  console.error('usage: node scripts/golden.mjs write | check [ITERATIONS]');
  process.exitCode = 2;
}
