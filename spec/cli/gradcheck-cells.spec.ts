import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

/** Small enough for the mathjs references to check every entry by both methods in well under a second. */
const small = ['--hidden', '2', '--vocab', '3', '--steps', '3'];

describe('rnn-oracle gradcheck --cell, --layers, --variant', () => {
  const combinations: [string[], string, number][] = [
    [['--cell', 'lstm'], 'LSTM BPTT (variant course), (L11)–(L22) with ∂L/∂a0 and ∂L/∂c0', 12],
    [['--cell', 'lstm', '--variant', 'split'], 'LSTM BPTT (variant split)', 8],
    ...['after-matmul', 'before-matmul'].flatMap((reset) =>
      ['gate-keeps-old', 'gate-takes-new'].map(
        (blend): [string[], string, number] => [['--cell', 'gru', '--variant', `${reset}/${blend}`], `GRU BPTT (variant ${reset}/${blend}), (G9)–(G19)`, reset === 'after-matmul' ? 13 : 12],
      ),
    ),
    [['--cell', 'gru'], 'GRU BPTT (variant after-matmul/gate-keeps-old)', 13],
    [['--layers', '2'], 'stacked RNN BPTT (2 layers), (D5)–(D9) with every ∂L/∂a0[l]', 10],
    [['--cell', 'rnn', '--layers', '3'], 'stacked RNN BPTT (3 layers)', 14],
    [['--cell', 'lstm', '--variant', 'split', '--layers', '2'], 'stacked LSTM BPTT (2 layers, variant split), (D5), (D10), (D12) with every ∂L/∂a0[l] and ∂L/∂c0[l]', 14],
    [['--cell', 'gru', '--variant', 'before-matmul/gate-takes-new', '--layers', '2'], 'stacked GRU BPTT (2 layers, variant before-matmul/gate-takes-new), (D5), (D11), (D12)', 22],
  ];
  for (const [args, header, slots] of combinations) {
    it(`passes correct BPTT by both methods and exits 0 with ${args.join(' ')}`, async () => {
      const { code, stdout, stderr } = await runCli(['gradcheck', ...args, ...small]);
      expect(code, stdout).toBe(0);
      expect(stderr).toBe('');
      expect(stdout).toContain(`Gradient check of ${header}`);
      expect(stdout).toContain('nA = 2, nX = nY = 3, T = 3, seed = 0');
      expect(stdout.match(new RegExp(`^all ${slots} pass$`, 'gm'))).toHaveLength(2);
      expect(stdout).toContain('evaluated by the mathjs reference');
    });
  }

  it('prints, for the LSTM, a row for ∂L/∂c0 with both values and the error against its tolerance', async () => {
    const { stdout } = await runCli(['gradcheck', '--cell', 'lstm', '--method', 'complex', '--seed', '4', ...small]);
    expect(stdout).toMatch(/^c0\s+OK\s+\[\d, 0\]\s+-?\d\.\d{12}e[-+]\d+\s+-?\d\.\d{12}e[-+]\d+\s+\d\.\de-\d+ ≤ \d\.\de-\d+ {2}cond \d/m);
    expect(stdout).toContain('seed = 4');
  });

  it('keeps --cell rnn --layers 1 the vanilla check, byte for byte', async () => {
    const plain = await runCli(['gradcheck', ...small]);
    const explicit = await runCli(['gradcheck', '--cell', 'rnn', '--layers', '1', ...small]);
    expect(explicit).toEqual(plain);
    expect(plain.stdout).toContain('Gradient check of BPTT, eqs. (18)–(26) and ∂L/∂a0');
  });

  it('rejects combinations that make no sense with one line naming the options, exit 2', async () => {
    for (const [argv, says] of [
      [['--cell', 'gru', '--variant', 'split'], '--variant split is not a variant of --cell gru; --cell gru takes after-matmul/gate-keeps-old, '],
      [['--cell', 'lstm', '--variant', 'after-matmul/gate-keeps-old'], '--cell lstm takes course, split'],
      [['--variant', 'course'], '--variant course is not a variant of --cell rnn; --cell rnn has no variants'],
      [['--cell', 'lstm', '--layers', '2', '--directions', '3'], '--directions is for the single-layer vanilla RNN only; --cell lstm --layers 2 checks every entry'],
      [['--layers', '2', '--directions', '3'], '--directions is for the single-layer vanilla RNN only'],
      [['--cell', 'gru', '--directions', '3'], '--directions is for the single-layer vanilla RNN only'],
      [['--cell', 'tree'], "option '--cell <C>' argument 'tree' is invalid"],
      [['--layers', '0'], "option '--layers <N>' argument '0' is invalid"],
    ] as const) {
      const { code, stdout, stderr } = await runCli(['gradcheck', ...argv]);
      expect(code, argv.join(' ')).toBe(2);
      expect(stdout).toBe('');
      expect(stderr.trim().split('\n'), argv.join(' ')).toHaveLength(1);
      expect(stderr).toContain(says);
    }
  });

  it('refuses a check of a gated cell that would take hours, naming the entries and suggesting smaller sizes or --force, exit 2', async () => {
    const { code, stdout, stderr } = await runCli(['gradcheck', '--cell', 'lstm', '--hidden', '100', '--vocab', '100', '--steps', '1000']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trim()).toMatch(
      /^rnn-oracle: gradcheck: a full elementwise check of this model \(\d+ entries, mathjs reference\) would take at least [\d.]+ (min|h|days); a smaller --hidden, --vocab or --steps would be quicker; add --force to run it anyway$/,
    );
  });

  it('lists --cell, --layers and --variant with their choices in --help', async () => {
    const { code, stdout } = await runCli(['gradcheck', '--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/--cell <C>\s+rnn \(vanilla\), lstm or gru \(default: "rnn"\)/);
    expect(stdout).toMatch(/--layers <N>\s+stacked layers of the cell \(rnn, lstm or gru\), the output\s+layer on the top one \(default: 1\)/);
    expect(stdout).toContain('before-matmul or after-matmul');
    expect(stdout).toContain('gate-keeps-old or');
  });
});

describe('the gradcheck blocks in docs/lstm.md, docs/gru.md and docs/deep.md', () => {
  for (const doc of ['lstm', 'gru', 'deep']) {
    it(`are what the command prints today (docs/${doc}.md)`, async () => {
      const text = readFileSync(new URL(`../../docs/${doc}.md`, import.meta.url), 'utf8');
      const blocks = [...text.matchAll(/```text\n\$ npx rnn-oracle (gradcheck [^\n]*)\n([\s\S]*?)```/g)];
      expect(blocks.length).toBeGreaterThanOrEqual(1);
      for (const [, command, printed] of blocks) {
        const { code, stdout } = await runCli(command.split(' '));
        expect(code).toBe(0);
        expect(stdout).toBe(printed);
      }
    });
  }
});
