#!/usr/bin/env node
/**
 * The cells' conformance numbers (issue #12), printed: `npm run conditioning:cells` (builds first).
 *
 *  1. Per test of fixtures/conformance/cells.json: the largest float64 condition estimate, and the
 *     largest ratio of a correct implementation's error to the study's spread over all quantities —
 *     for plain float64 loops (cells/arithmetic.ts FLOAT64_NUM) and the numpy examples
 *     (docs/examples/numpy_lstm.py, numpy_gru.py, when python3 has numpy: written independently, with
 *     another sigmoid formula). SAFETY (10) must exceed it times the growth of item 2. (The mathjs
 *     reference is compared within the tolerances by spec/conformance/cells.spec.ts.)
 *  2. The spread of 64 study runs against that of 16 (STUDY_RUNS), per test.
 *  3. Timings: generating the suite; one LSTM case with nA = nX = nY = 16, T = 100 (expected values
 *     and both studies), and that cost scaled (∝ T·n²) to the limits of src/conformance/limits.ts.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { isCellCase, parseAnyCase } from '../dist/conformance/any-case.js';
import { FLOAT64_NUM, roundedNum } from '../dist/conformance/cells/arithmetic.js';
import { cellExpected, evaluateCell } from '../dist/conformance/cells/evaluate.js';
import { cellConditioning, cellTable } from '../dist/conformance/cells/expected.js';
import { makeCellCase } from '../dist/conformance/cells/vectors.js';
import { study } from '../dist/conformance/conditioning.js';
import { MAX_CELL_STEPS, MAX_CELL_WIDTH } from '../dist/conformance/limits.js';
import { generateCellVectors } from '../dist/conformance/vectors2.js';
import { NumpyRandom } from '../dist/random/numpy.js';

const root = new URL('../', import.meta.url).pathname;
const suite = JSON.parse(readFileSync(`${root}fixtures/conformance/cells.json`, 'utf8'));
const hasNumpy = spawnSync('python3', ['-c', 'import numpy'], { stdio: 'ignore' }).status === 0;
const num = (v) => (typeof v === 'string' ? Number(v) : v);

/** A result@2 document's quantities by report name (flat vectors as n×1), via the kit's own reader. */
async function tableOfResult(doc, c) {
  const { theirCellTable } = await import('../dist/conformance/cells/compare.js');
  return theirCellTable(doc, c).table;
}

/** max over quantities and entries of |theirs − exact| / spread (spread 0: entries must be equal). */
function worstRatio(expected, theirs, spreads) {
  let worst = 0;
  for (const [name, rows] of expected) {
    const t = theirs.get(name);
    if (!t) continue;
    const s = spreads.get(name).spread;
    rows.forEach((row, i) => row.forEach((v, j) => {
      const d = Math.abs(num(t[i][j]) - v);
      worst = Math.max(worst, s > 0 ? d / s : d > 0 ? Infinity : 0);
    }));
  }
  return worst;
}

console.log('1–2. per test: largest float64 condition; worst error ÷ spread of correct implementations; spread(64 runs) ÷ spread(16)');
let overall = 0;
let growth = 0;
for (const g of suite.testGroups) {
  for (const t of g.tests) {
    const c = parseAnyCase(t.case);
    if (!isCellCase(c)) continue;
    const exact = cellExpected(c);
    const expected = cellTable(exact);
    const spreads = cellConditioning(c, 'float64', {}, exact);
    const condition = Math.max(...[...spreads.values()].map((q) => q.tolerance.condition));
    const loops = worstRatio(expected, cellTable(evaluateCell(c, FLOAT64_NUM)), spreads);
    let numpy = NaN;
    if (hasNumpy && c.model.cell !== 'rnn') {
      const script = `${root}docs/examples/numpy_${c.model.cell}.py`;
      const out = spawnSync('python3', [script], { input: JSON.stringify(t.case), encoding: 'utf8' }).stdout;
      numpy = worstRatio(expected, await tableOfResult(JSON.parse(out), c), spreads);
    }
    const many = study(expected, (ar) => cellTable(evaluateCell(c, roundedNum(ar))), 'float64', 64);
    const g64 = Math.max(...[...many].map(([n, q]) => (spreads.get(n).spread > 0 ? q.spread / spreads.get(n).spread : 1)));
    overall = Math.max(overall, loops, Number.isNaN(numpy) ? 0 : numpy);
    growth = Math.max(growth, g64);
    console.log(`  tc${t.tcId} ${g.name.padEnd(46)} condition ${condition.toExponential(1)}  loops ${loops.toFixed(2)}  numpy ${Number.isNaN(numpy) ? '—' : numpy.toFixed(2)}  64/16 ${g64.toFixed(2)}`);
  }
}
console.log(`  worst error ÷ spread of a correct implementation: ${overall.toFixed(2)}; worst spread growth 64/16 runs: ${growth.toFixed(2)}; SAFETY = 10`);

console.log('3. timings');
let t0 = performance.now();
generateCellVectors();
console.log(`  generating the cells' suite (${suite.numberOfTests} tests): ${(performance.now() - t0).toFixed(0)} ms`);
const spec = { cell: 'lstm', layers: 1, variant: 'split', sizes: [16, 16], nY: 16 };
const c = parseAnyCase(makeCellCase(new NumpyRandom(1), spec, { comment: 'timing', flags: [], T: 100 }));
t0 = performance.now();
const exact = cellExpected(c);
const tExact = performance.now() - t0;
t0 = performance.now();
cellConditioning(c, 'float64', {}, exact);
cellConditioning(c, 'float32', {}, exact);
const tStudy = performance.now() - t0;
const scale = (MAX_CELL_STEPS / 100) * (MAX_CELL_WIDTH / 16) ** 2;
console.log(`  LSTM split nA = nX = nY = 16, T = 100: expected values ${tExact.toFixed(0)} ms, both studies ${tStudy.toFixed(0)} ms`);
console.log(`  scaled to the limits (T = ${MAX_CELL_STEPS}, widths ${MAX_CELL_WIDTH}, cost ∝ T·n²): ~${((scale * (tExact + tStudy)) / 1000).toFixed(0)} s`);
