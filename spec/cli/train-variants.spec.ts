import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'rnn-oracle-variants-'));
const names = join(dir, 'names.txt');
writeFileSync(names, 'Ada\nBo\nCyrus\nDi\nEve\nFlo\nGus\n');
const quick = ['--dataset', names, '--hidden', '5', '--every', '20', '--samples', '2'];
const minchar = [...quick, '--optimizer', 'adagrad', '--lr', '0.1', '--chunk', '5'];

describe('train --optimizer, --clip-norm, --chunk, --init', () => {
  it('a min-char-rnn-style run prints the perplexity beside the loss and resumes to the same log and the same file', async () => {
    const straight = await runCli(['train', ...minchar, '--iterations', '61', '--out', join(dir, 'straight.json')]);
    expect(straight.code).toBe(0);
    expect(straight.stdout.split('\n').filter((l) => l.startsWith('Iteration'))).toHaveLength(4);
    expect(straight.stdout).toMatch(/^Iteration: 0, Loss: \d+\.\d{6}, Perplexity: \d+\.\d{6}\n/);
    const part = join(dir, 'part.json');
    const first = await runCli(['train', ...minchar, '--iterations', '30', '--out', part]);
    const rest = await runCli(['train', '--resume', part, '--iterations', '61']);
    expect(rest.code).toBe(0);
    expect(first.stdout + rest.stdout).toBe(straight.stdout);
    expect(readFileSync(part, 'utf8')).toBe(readFileSync(join(dir, 'straight.json'), 'utf8'));
  });

  it('a run clipped by the global norm records no elementwise clip, and --init starts from a model’s parameters', async () => {
    const out = join(dir, 'norm.json');
    expect((await runCli(['train', ...quick, '--clip-norm', '1', '--iterations', '5', '--out', out])).code).toBe(0);
    const model = JSON.parse(readFileSync(out, 'utf8'));
    expect(model.config).toMatchObject({ clipNorm: 1 });
    expect(model.config.clip).toBeUndefined();
    const again = join(dir, 'again.json');
    const init = await runCli(['train', '--dataset', names, '--init', out, '--iterations', '1', '--samples', '0', '--out', again]);
    expect(init.code).toBe(0);
    expect(JSON.parse(readFileSync(again, 'utf8')).config).toMatchObject({ hidden: 5, init: out });
  });

  it('refuses bad values and combinations in one line, exit 2', async () => {
    const model = join(dir, 'straight.json');
    const cases: [string[], string][] = [
      [['--clip', '3', '--clip-norm', '1'], '--clip 3 and --clip-norm 1: give one of them — every entry clipped to [-C, C], or all the gradients scaled to a global norm of at most C — not both'],
      [['--chunk', '0'], "option '--chunk <K>' argument '0' is invalid. expected an integer from 1 to 1000, got '0'."],
      [['--clip-norm', '0'], "option '--clip-norm <C>' argument '0' is invalid. expected a number greater than 0 and at most 1000000, got '0'."],
      [['--optimizer', 'adam'], "option '--optimizer <NAME>' argument 'adam' is invalid. expected one of sgd, adagrad, got 'adam'."],
      [['--dataset', names, '--chunk', '27'], `--chunk 27: ${names} is 28 characters as one text (its lines each followed by a newline); a chunk needs K + 2 ≤ 28, so K ≤ 26`],
      [['--resume', model, '--optimizer', 'sgd'], `--optimizer sgd: the run in ${model} uses adagrad; a resumed run keeps its settings (only --iterations, --out and --dataset may be given)`],
      [['--resume', model, '--chunk', '6'], `--chunk 6: the run in ${model} uses 5; a resumed run keeps its settings (only --iterations, --out and --dataset may be given)`],
      [['--resume', model, '--clip-norm', '2'], `--clip-norm 2: the run in ${model} uses none; a resumed run keeps its settings (only --iterations, --out and --dataset may be given)`],
      [['--resume', model, '--init', model], `--init ${model}: a resumed run continues from the parameters in ${model}; --init starts a new run`],
      [['--init', ''], '--init: the path is empty'],
      [['--dataset', names, '--init', model, '--hidden', '6'], `--hidden 6: the parameters in --init ${model} have nA = 5`],
      [['--dataset', 'elements', '--init', model], `--init ${model}: its vocabulary "\\nabcdefgilorsuvy" is not elements's (`],
    ];
    for (const [args, message] of cases) {
      const { code, stderr } = await runCli(['train', ...args]);
      expect({ args, code }).toEqual({ args, code: 2 });
      expect(stderr.startsWith(`rnn-oracle: ${message}`), stderr).toBe(true);
      expect(stderr.trimEnd().split('\n')).toHaveLength(1);
    }
  });
});
