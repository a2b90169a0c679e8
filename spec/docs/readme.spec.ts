import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { hasNumpy } from '../helpers/python.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

/** Splits a command line as a shell would for our examples: on spaces, keeping "double quoted" words whole. */
export function shellWords(line: string): string[] {
  return [...line.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2]);
}

/**
 * Every "$ npx rnn-oracle …" block of the README, with the output printed under it. A block may
 * end with "$ echo $?" and the exit code; without it the command must exit 0.
 */
const examples = [...readme.matchAll(/```\n\$ npx rnn-oracle ([^\n]*)\n([\s\S]*?)```/g)].map((m) => {
  const status = /\$ echo \$\?\n(\d+)\n$/.exec(m[2]);
  return {
    line: m[1],
    argv: shellWords(m[1]),
    output: status ? m[2].slice(0, status.index) : m[2],
    code: status ? Number(status[1]) : 0,
  };
});

/** Files the examples write and read back (--out model.json, --model model.json) live in a temporary folder. */
const dir = mkdtempSync(join(tmpdir(), 'rnn-oracle-readme-'));
const inTemp = (argv: string[]) => argv.map((a, i) => (['--out', '--model'].includes(argv[i - 1]) ? join(dir, a) : a));

/** The conform example runs docs/examples/numpy_rnn.py, which needs python3 with numpy. */
const needsNumpy = (line: string) => line.includes('python3');

describe('README usage examples, run in order', () => {
  it('show the version, gradient flow, two gradchecks, check, conform, train, sample, a min-char-rnn-style run and an LSTM', () => {
    expect(examples.map((e) => e.argv[0])).toEqual(['--version', 'gradient-flow', 'gradcheck', 'gradcheck', 'check', 'conform', 'train', 'sample', 'train', 'train', 'sample']);
  });

  it('split quoted command lines as the shell does', () => {
    expect(shellWords('conform --command "python3 docs/examples/numpy_rnn.py" --timeout 5')).toEqual(['conform', '--command', 'python3 docs/examples/numpy_rnn.py', '--timeout', '5']);
  });

  for (const { line, argv, output, code } of examples) {
    const title = `print exactly what "rnn-oracle ${line}" prints, exit code ${code}`;
    it.runIf(!needsNumpy(line) || hasNumpy)(needsNumpy(line) && !hasNumpy ? `${title} (SKIPPED: no python3 with numpy)` : title, async () => {
      const result = await runCli(inTemp(argv));
      expect(result.stdout).toBe(output);
      expect(result.code).toBe(code);
    });
  }
});
