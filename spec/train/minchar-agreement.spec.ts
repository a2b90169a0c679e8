import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDataset } from '../../src/data/dataset.js';
import { readModel } from '../../src/train/model-file.js';
import { initialState, train, type TrainConfig, type TrainState } from '../../src/train/train.js';
import { runCli } from '../helpers/cli.js';
import { MINCHAR_LOSS, MINCHAR_PARAMS } from '../helpers/tolerances.js';

/**
 * bench/minchar_rnn.py (min-char-rnn written again in numpy) run for 300 iterations; its command,
 * in the first line of losses.txt, wrote init.json (its initial parameters), losses.txt (each
 * iteration's chunk start, loss and smoothed loss) and final.json (its final parameters).
 */
const fixture = (name: string) => new URL(`../../fixtures/minchar/${name}`, import.meta.url).pathname;
const rows = readFileSync(fixture('losses.txt'), 'utf8').split('\n').filter((l) => l !== '' && !l.startsWith('#')).map((l) => l.split(' ').map(Number));
const numpyFinal = JSON.parse(readFileSync(fixture('final.json'), 'utf8')).params as Record<string, number[][]>;
const NAMES = ['Wax', 'Waa', 'Wya', 'ba', 'by'] as const;

const elements = loadDataset('elements');
const init = readModel(fixture('init.json')).params;
const config: TrainConfig = { hidden: 16, iterations: 300, lr: 0.1, clip: 5, every: 1_000_000, samples: 0, optimizer: 'adagrad', chunk: 25 };
const start = () => initialState(16, elements.vocabulary.length, config, init);

/** Runs one iteration at a time, letting `meddle` change the state between iterations; returns every loss and the final state. */
function stepwise(meddle: (s: TrainState) => TrainState, iterations = config.iterations): { losses: number[]; state: TrainState } {
  const losses: number[] = [];
  let state = start();
  for (let j = 0; j < iterations; j++) state = meddle(train(elements, { ...config, iterations: j + 1 }, { onStep: (s) => void losses.push(s.loss) }, state));
  return { losses, state };
}

/** The worst relative difference from the fixture's column (2: loss, 3: smoothed loss). */
const worstLoss = (values: readonly number[], column = 2) => Math.max(...values.map((v, j) => Math.abs(v - rows[j][column]) / rows[j][column]));
function worstParam(params: Record<(typeof NAMES)[number], ArrayLike<number>>): number {
  let worst = 0;
  for (const n of NAMES) numpyFinal[n].flat().forEach((v, k) => (worst = Math.max(worst, Math.abs(v - params[n][k]))));
  return worst;
}

describe('--optimizer adagrad --chunk 25 against min-char-rnn written in numpy', () => {
  const losses: number[] = [];
  const smoothed: number[] = [];
  const result = train(elements, config, { onStep: (s) => void losses.push(s.loss), onIteration: (_, l) => void smoothed.push(l) }, start());

  it('has the fixture the spec expects: 300 iterations, chunks starting again at 0 every 41 iterations', () => {
    expect(rows).toHaveLength(300);
    expect(rows.filter((r) => r[1] === 0).map((r) => r[0])).toEqual([0, 41, 82, 123, 164, 205, 246, 287]);
  });

  it('gives every iteration’s loss and smoothed loss, and the final parameters, to rounding', () => {
    expect(result.iterationsRun).toBe(300);
    expect(worstLoss(losses)).toBeLessThanOrEqual(MINCHAR_LOSS);
    expect(worstLoss(smoothed, 3)).toBeLessThanOrEqual(MINCHAR_LOSS);
    expect(worstParam(result.params)).toBeLessThanOrEqual(MINCHAR_PARAMS);
  });

  it('would tell a run that drops the carried state, forgets Adagrad’s memory or takes one step more', () => {
    const zeros = new Float64Array(16);
    expect(worstLoss(stepwise((s) => ({ ...s, aLast: zeros })).losses)).toBeGreaterThan(1e3 * MINCHAR_LOSS);
    const forgetful = stepwise((s) => ({ ...s, memory: new Float64Array(s.memory!.length) }));
    expect(worstLoss(forgetful.losses)).toBeGreaterThan(1e3 * MINCHAR_LOSS);
    expect(worstParam(train(elements, { ...config, iterations: 301 }, {}, start()).params)).toBeGreaterThan(1e3 * MINCHAR_PARAMS);
  });

  it('is what the command line trains with --init, written to its model file', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'rnn-oracle-minchar-')), 'run.json');
    const args = ['--init', fixture('init.json'), '--optimizer', 'adagrad', '--chunk', '25', '--lr', '0.1', '--iterations', '300', '--every', '100', '--samples', '0'];
    const { code, stdout } = await runCli(['train', ...args, '--out', out]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Iteration: 0, Loss: 80\.471896, Perplexity: \d+\.\d{6}\n/);
    expect(worstParam(readModel(out).params)).toBeLessThanOrEqual(MINCHAR_PARAMS);
    expect(readModel(out).run?.config).toMatchObject({ hidden: 16, optimizer: 'adagrad', chunk: 25, init: fixture('init.json') });
  });
});
