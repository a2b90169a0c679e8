#!/usr/bin/env node
/**
 * Mutation score per folder from StrykerJS's JSON reports (reports/mutation/*.json, written by
 * `npm run mutation`). Score = (killed + timeout) / (all − ignored − compile errors), as Stryker
 * counts it; "survived" and "no coverage" lower it. Lists the survivors of each folder.
 *
 * --compare before.json after.json: the mutants detected (killed or timed out) in the first report
 * and not in the second, matched by file, position, mutator and replacement (Stryker's ids change
 * from run to run), over the files both reports mutated, so a faster configuration can be shown to
 * lose no kills.
 */
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';

const paths = process.argv.slice(2).filter((a) => !a.startsWith('--'));
if (process.argv.includes('--compare')) {
  const detected = (p) => {
    const out = new Map();
    for (const [file, { mutants }] of Object.entries(JSON.parse(readFileSync(p, 'utf8')).files)) {
      for (const m of mutants) out.set(`${file}:${m.location.start.line}:${m.location.start.column} ${m.mutatorName} → ${JSON.stringify(m.replacement ?? '')}`, m.status);
    }
    return out;
  };
  const [before, after] = paths.map(detected);
  const fileOf = (k) => k.slice(0, k.indexOf(':'));
  const common = new Set([...before.keys()].map(fileOf).filter((f) => [...after.keys()].some((k) => fileOf(k) === f)));
  for (const map of [before, after]) for (const k of map.keys()) if (!common.has(fileOf(k))) map.delete(k);
  const isDetected = (s) => s === 'Killed' || s === 'Timeout';
  const lost = [...before].filter(([k, s]) => isDetected(s) && !isDetected(after.get(k)));
  const gained = [...after].filter(([k, s]) => isDetected(s) && !isDetected(before.get(k)));
  console.log(`detected before ${[...before.values()].filter(isDetected).length}, after ${[...after.values()].filter(isDetected).length}; lost ${lost.length}, gained ${gained.length}`);
  for (const [k, s] of lost) console.log(`  lost: ${k} (now ${after.get(k) ?? 'absent'})`);
  for (const [k] of gained) console.log(`  gained: ${k} (was ${before.get(k) ?? 'absent'})`);
  process.exit(0);
}
const files = Object.assign({}, ...(paths.length ? paths : ['reports/mutation/all.json']).map((p) => JSON.parse(readFileSync(p, 'utf8')).files));
const folders = new Map();
for (const [file, { mutants }] of Object.entries(files)) {
  const f = folders.get(dirname(file)) ?? { killed: 0, timeout: 0, survived: 0, noCoverage: 0, ignored: 0, errors: 0, survivors: [] };
  for (const m of mutants) {
    if (m.status === 'Ignored') f.ignored++;
    else if (m.status === 'Killed') f.killed++;
    else if (m.status === 'Timeout') f.timeout++;
    else if (m.status === 'Survived') f.survived++;
    else if (m.status === 'NoCoverage') f.noCoverage++;
    else f.errors++;
    if (m.status === 'Survived' || m.status === 'NoCoverage') f.survivors.push(`${file}:${m.location.start.line} ${m.mutatorName} → ${JSON.stringify(m.replacement ?? '').slice(0, 60)}`);
  }
  folders.set(dirname(file), f);
}
const pct = (f) => (100 * (f.killed + f.timeout)) / Math.max(1, f.killed + f.timeout + f.survived + f.noCoverage);
// Each top folder (src/conformance) also gets a line of its own with its subfolders (src/conformance/cells) added in.
const tops = new Map();
for (const [name, f] of folders) {
  const top = name.split('/').slice(0, 2).join('/');
  if (top === name && ![...folders.keys()].some((n) => n !== name && n.startsWith(`${name}/`))) continue;
  const t = tops.get(top) ?? { killed: 0, timeout: 0, survived: 0, noCoverage: 0, ignored: 0, errors: 0, survivors: [] };
  for (const k of ['killed', 'timeout', 'survived', 'noCoverage', 'ignored', 'errors']) t[k] += f[k];
  tops.set(top, t);
}
// Ignored: static mutants when the run had ignoreStatic (module-level code, see stryker.config.mjs); not in the score.
console.log('folder                   killed  timeout  survived  no-cov  ignored  errors  score');
const line = (name, f) =>
  console.log(`${name.padEnd(23)}  ${String(f.killed).padStart(6)}  ${String(f.timeout).padStart(7)}  ${String(f.survived).padStart(8)}  ${String(f.noCoverage).padStart(6)}  ${String(f.ignored).padStart(7)}  ${String(f.errors).padStart(6)}  ${pct(f).toFixed(1)}%`);
for (const [name, f] of [...folders].sort()) line(name, f);
for (const [name, f] of [...tops].sort()) line(`${name} (all)`, f);
if (process.argv.includes('--survivors')) for (const [name, f] of folders) for (const s of f.survivors) console.log(`  ${name}: ${s}`);
