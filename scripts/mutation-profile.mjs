#!/usr/bin/env node
/**
 * Where a mutation run's time went, per mutant status: node scripts/mutation-profile.mjs <profile dir>
 * <report.json>. The profile is what spec/helpers/mutation-setup.ts writes under STRYKER_PROFILE: per
 * Stryker worker process, a line as each spec file starts and ends in a mutant's run.
 *
 * A mutant's cost is the time from its first spec file's start to the next mutant's first start in
 * the same process (worker start-up, imports, tests and Stryker's own work between them); static
 * mutants (run with every spec, in a fresh environment) are counted apart. A worker
 * process's last mutant (one that timed out, when Stryker replaces the process, or the run's last)
 * runs until the next process starts, or, for the run's last, until its last line.
 */
import { readdirSync, readFileSync } from 'node:fs';

const [dir, reportFile] = process.argv.slice(2);
if (!dir || !reportFile) {
  console.error('usage: node scripts/mutation-profile.mjs <profile dir> <report.json>');
  process.exit(2);
}
const status = new Map();
for (const file of Object.values(JSON.parse(readFileSync(reportFile, 'utf8')).files))
  for (const m of file.mutants) status.set(m.id, m.static ? `${m.status}, static` : m.status);

/** Per process: its mutant runs in order, each { id, first, last, files, fileMs }. */
const processes = readdirSync(dir).filter((f) => f.endsWith('.log')).map((f) => {
  const runs = [];
  const open = new Map();
  for (const line of readFileSync(`${dir}/${f}`, 'utf8').split('\n').filter(Boolean)) {
    const [ms, id, what, file] = line.split(' ');
    const t = Number(ms);
    let run = runs.at(-1);
    if (run?.id !== id) runs.push((run = { id, first: t, last: t, files: 0, fileMs: 0 }));
    run.last = t;
    if (what === 'start') { run.files++; open.set(file, t); }
    else if (open.has(file)) { run.fileMs += t - open.get(file); open.delete(file); }
  }
  return runs;
}).filter((runs) => runs.length > 0);

const starts = processes.map((runs) => runs[0].first).sort((a, b) => a - b);
const rows = new Map();
for (const runs of processes) runs.forEach((run, i) => {
  const next = runs[i + 1]?.first ?? starts.find((s) => s > run.last) ?? run.last;
  const row = rows.get(status.get(run.id) ?? '?') ?? { n: 0, ms: 0, fileMs: 0, files: 0 };
  row.n++; row.ms += next - run.first; row.fileMs += run.fileMs; row.files += run.files;
  rows.set(status.get(run.id) ?? '?', row);
});
const total = [...rows.values()].reduce((s, r) => s + r.ms, 0);
const min = (ms) => (ms / 60000).toFixed(1);
console.log('status           mutants  worker-min  share  s/mutant  spec files/mutant  in spec files');
for (const [s, r] of [...rows].sort((a, b) => b[1].ms - a[1].ms))
  console.log(`${s.padEnd(17)}${String(r.n).padStart(7)}${min(r.ms).padStart(12)}${(100 * r.ms / total).toFixed(0).padStart(6)}%` +
    `${(r.ms / r.n / 1000).toFixed(2).padStart(10)}${(r.files / r.n).toFixed(1).padStart(19)}${(100 * r.fileMs / r.ms).toFixed(0).padStart(15)}%`);
console.log(`all              ${String([...rows.values()].reduce((s, r) => s + r.n, 0)).padStart(7)}${min(total).padStart(12)}`);
