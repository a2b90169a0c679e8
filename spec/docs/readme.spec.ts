import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

/** Every "$ npx rnn-oracle …" block of the README, with the output printed under it. */
const examples = [...readme.matchAll(/```\n\$ npx rnn-oracle ([^\n]*)\n([\s\S]*?)```/g)].map((m) => ({
  argv: m[1].split(' '),
  output: m[2],
}));

describe('README usage examples', () => {
  it('show at least the two gradcheck runs', () => {
    expect(examples.length).toBeGreaterThanOrEqual(2);
  });

  for (const { argv, output } of examples) {
    it(`print exactly what "rnn-oracle ${argv.join(' ')}" prints`, async () => {
      const { code, stdout } = await runCli(argv);
      expect(code).toBe(0);
      expect(stdout).toBe(output);
    });
  }
});
