#!/usr/bin/env node
/**
 * Rewrites the output under every "$ npx rnn-oracle …" block of README.md with what the built CLI
 * prints now (and "$ echo $?" with its exit code when it is not 0), running the blocks in order in
 * a temporary folder for the files they write — as spec/docs/readme.spec.ts checks them.
 *
 *   npm run build && node scripts/readme-blocks.mjs
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const readmePath = new URL('../README.md', import.meta.url);
const cli = new URL('../dist/cli/main.js', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'rnn-oracle-readme-'));
const words = (line) => [...line.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2]);
const inTemp = (argv) => argv.map((a, i) => (['--out', '--model'].includes(argv[i - 1]) ? join(dir, a) : a));

const readme = readFileSync(readmePath, 'utf8');
const updated = readme.replace(/```\n\$ npx rnn-oracle ([^\n]*)\n([\s\S]*?)```/g, (_, line) => {
  const run = spawnSync(process.execPath, [cli, ...inTemp(words(line))], { encoding: 'utf8', cwd: new URL('..', import.meta.url).pathname });
  const status = run.status === 0 ? '' : `$ echo $?\n${run.status}\n`;
  return `\`\`\`\n$ npx rnn-oracle ${line}\n${run.stdout}${status}\`\`\``;
});
writeFileSync(readmePath, updated);
console.log(updated === readme ? 'README.md: no output block changed' : 'README.md: output blocks rewritten; review with git diff README.md');
