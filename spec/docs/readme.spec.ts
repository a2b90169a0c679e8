import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

/** Every "$ npx rnn-oracle …" block of the README, with the output printed under it. */
const examples = [...readme.matchAll(/```\n\$ npx rnn-oracle ([^\n]*)\n([\s\S]*?)```/g)].map((m) => ({
  argv: m[1].split(' '),
  output: m[2],
}));

/** Files the examples write or read (model.json) live in a temporary folder. */
const dir = mkdtempSync(join(tmpdir(), 'rnn-oracle-readme-'));
const inTemp = (argv: string[]) => argv.map((a) => (a.endsWith('.json') ? join(dir, a) : a));

describe('README usage examples, run in order', () => {
  it('show train, sample and two gradcheck runs', () => {
    expect(examples.map((e) => e.argv[0])).toEqual(['train', 'sample', 'gradcheck', 'gradcheck']);
  });

  for (const { argv, output } of examples) {
    it(`print exactly what "rnn-oracle ${argv.join(' ')}" prints`, async () => {
      const { code, stdout } = await runCli(inTemp(argv));
      expect(code).toBe(0);
      expect(stdout).toBe(output);
    });
  }
});
