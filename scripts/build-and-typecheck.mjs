#!/usr/bin/env node
// npm test's first step: the build (tsconfig.build.json → dist/, which the CLI specs run) and the
// typecheck of src/ and spec/ (tsconfig.json) side by side — they are independent and each uses one
// core, so on our 2-core machines this halves the step. Prints each one's output; exits non-zero
// when either fails.
import { spawn } from 'node:child_process';

const run = (name, args) =>
  new Promise((resolve) => {
    const child = spawn(process.execPath, [new URL('../node_modules/typescript/bin/tsc', import.meta.url).pathname, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('close', (code) => resolve({ name, code, out }));
  });

const results = await Promise.all([run('build', ['-p', 'tsconfig.build.json']), run('typecheck', ['-p', 'tsconfig.json', '--noEmit'])]);
for (const r of results) {
  if (r.out) process.stdout.write(r.out);
  if (r.code !== 0) console.error(`${r.name} failed (tsc exit code ${r.code})`);
}
process.exit(results.some((r) => r.code !== 0) ? 1 : 0);
