import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

/** Built by `npm test` (npm run build) before vitest starts. */
const builtCli = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));

describe('rnn-oracle gradcheck', () => {
  it('prints an all-pass table for both methods on the default random model and exits 0', async () => {
    const { code, stdout, stderr } = await runCli(['gradcheck']);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(stdout).toContain('nA = 5, nX = nY = 8, T = 10, seed = 0');
    expect(stdout.match(/all 6 pass/g)).toHaveLength(2);
    for (const name of ['Wax', 'Waa', 'Wya', 'ba', 'by', 'a0']) expect(stdout.match(new RegExp(`^${name}\\s+OK`, 'gm'))).toHaveLength(2);
    expect(stdout).toContain('analytic (BPTT)');
  });

  it('runs one method, with the sizes, steps and seed asked for', async () => {
    const { code, stdout } = await runCli(['gradcheck', '--hidden', '3', '--vocab', '4', '--steps', '31', '--seed', '7', '--method', 'complex']);
    expect(code).toBe(0);
    expect(stdout).toContain('nA = 3, nX = nY = 4, T = 31, seed = 7');
    expect(stdout).toContain('complex step (h = 1e-20), evaluated by the engine');
    expect(stdout).toMatch(/^tolerance = 10 × \(complex step’s rounding \+ float64 floor of BPTT\)$/m);
    expect(stdout).toMatch(/^Waa\s+OK\s+\[\d, \d\]\s+\S+\s+\S+\s+\d\.\de-\d+ ≤ \d\.\de-\d+ {2}cond \d/m);
    expect(stdout).not.toContain('central differences');
  });

  it('checks random directions with --directions, for large models', async () => {
    const { code, stdout } = await runCli(['gradcheck', '--hidden', '30', '--vocab', '10', '--directions', '3', '--method', 'central']);
    expect(code).toBe(0);
    expect(stdout).toContain('central differences, Richardson-extrapolated over halving steps h ≤ 0.002, directional');
    expect(stdout).toContain('all 3 directions pass');
  });

  it('passes correct BPTT on the exploding models a user reported failing with fixed budgets', async () => {
    // BPTT is within 4e-10 and 1.4e-8 (relative) of a 50-digit forward-mode derivative here.
    for (const [hidden, steps] of [['50', '50'], ['100', '25']]) {
      const { code, stdout } = await runCli(['gradcheck', '--hidden', hidden, '--vocab', '25', '--steps', steps, '--directions', '2']);
      expect(code, `--hidden ${hidden} --steps ${steps}`).toBe(0);
      expect(stdout.match(/all 2 directions pass/g)).toHaveLength(2);
      expect(stdout).toMatch(/cond \de\+[5-9]/);
    }
  });

  it('refuses a full check that would take hours, saying how long and suggesting --directions or --force, exit 2', async () => {
    const { code, stdout, stderr } = await runCli(['gradcheck', '--hidden', '200', '--vocab', '200', '--steps', '200']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr.trim()).toMatch(/^rnn-oracle: gradcheck: a full elementwise check of this model would take at least [\d.]+ (min|h|days); --directions 10 would take about \d+ (ms|s); add --force to run it anyway$/);
  });

  it('rejects a bad option value with one line naming the option, exit 2', async () => {
    for (const argv of [
      ['gradcheck', '--hidden', 'ten'],
      ['gradcheck', '--vocab', '1'],
      ['gradcheck', '--method', 'forward'],
      ['gradcheck', '--seed', '-3'],
      ['gradcheck', '--bogus'],
    ]) {
      const { code, stdout, stderr } = await runCli(argv);
      expect(code, argv.join(' ')).toBe(2);
      expect(stdout).toBe('');
      expect(stderr.trim().split('\n'), argv.join(' ')).toHaveLength(1);
      expect(stderr).toMatch(/^rnn-oracle: /);
    }
  });

  it('prints help and exits 0 with --help', async () => {
    const { code, stdout } = await runCli(['gradcheck', '--help']);
    expect(code).toBe(0);
    expect(stdout).toContain('--method <M>');
  });
});

describe('the built executable', () => {
  it('runs as a process and exits 2 with one line and no stack trace on bad input', () => {
    const ok = execFileSync(process.execPath, [builtCli, 'gradcheck', '--method', 'complex', '--steps', '3'], { encoding: 'utf8' });
    expect(ok).toContain('all 6 pass');
    const bad = spawnSync(process.execPath, [builtCli, 'gradcheck', '--steps', '0'], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).not.toMatch(/\bat .*\.js:\d+/);
  });
});
