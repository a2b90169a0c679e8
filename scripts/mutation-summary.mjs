#!/usr/bin/env node
/**
 * Mutation score per folder from StrykerJS's JSON reports (reports/mutation/*.json, written by
 * `npm run mutation`). Score = (killed + timeout) / (all − ignored − compile errors), as Stryker
 * counts it; "survived" and "no coverage" lower it. Lists the survivors of each folder.
 */
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';

const paths = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const files = Object.assign({}, ...(paths.length ? paths : ['reports/mutation/all.json']).map((p) => JSON.parse(readFileSync(p, 'utf8')).files));
const folders = new Map();
for (const [file, { mutants }] of Object.entries(files)) {
  const f = folders.get(dirname(file)) ?? { killed: 0, timeout: 0, survived: 0, noCoverage: 0, errors: 0, survivors: [] };
  for (const m of mutants) {
    if (m.status === 'Killed') f.killed++;
    else if (m.status === 'Timeout') f.timeout++;
    else if (m.status === 'Survived') f.survived++;
    else if (m.status === 'NoCoverage') f.noCoverage++;
    else f.errors++;
    if (m.status === 'Survived' || m.status === 'NoCoverage') f.survivors.push(`${file}:${m.location.start.line} ${m.mutatorName} → ${JSON.stringify(m.replacement ?? '').slice(0, 60)}`);
  }
  folders.set(dirname(file), f);
}
const pct = (f) => (100 * (f.killed + f.timeout)) / Math.max(1, f.killed + f.timeout + f.survived + f.noCoverage);
console.log('folder                killed  timeout  survived  no-cov  errors  score');
for (const [name, f] of [...folders].sort()) {
  console.log(`${name.padEnd(20)}  ${String(f.killed).padStart(6)}  ${String(f.timeout).padStart(7)}  ${String(f.survived).padStart(8)}  ${String(f.noCoverage).padStart(6)}  ${String(f.errors).padStart(6)}  ${pct(f).toFixed(1)}%`);
}
if (process.argv.includes('--survivors')) for (const [name, f] of folders) for (const s of f.survivors) console.log(`  ${name}: ${s}`);
