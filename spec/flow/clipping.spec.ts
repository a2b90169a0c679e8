import { describe, expect, it } from 'vitest';
import { datasetFromText, loadDataset, type Dataset } from '../../src/data/dataset.js';
import { toReference } from '../../src/engine/convert.js';
import { clipChanges, countClipping, GRADIENT_NAMES } from '../../src/flow/clipping.js';
import { lossAndGradients } from '../../src/reference/bptt.js';
import { clipGradients, sgdStep } from '../../src/reference/clip.js';
import { entries, realPart } from '../../src/reference/linalg.js';
import type { Gradients } from '../../src/reference/types.js';
import { encodeExample, initialState, shuffledExamples, train, type TrainConfig } from '../../src/train/train.js';

const small = datasetFromText('Ada\nBo\nCyrus\nDi\nEve\nFlo\nGus\n', 'small');

/** The same run on the mathjs reference: per iteration, whether clipGradients changed dWax…dby. */
function referenceClipCounts(dataset: Dataset, config: TrainConfig & { readonly clip: number }): number[] {
  const examples = shuffledExamples(dataset);
  const start = initialState(config.hidden, dataset.vocabulary.length);
  let params = toReference(start.params);
  let aPrev = toReference({ ...start.params, ba: start.aLast }).ba;
  const fired: number[] = [];
  for (let j = 0; j < config.iterations; j++) {
    const { X, Y } = encodeExample(examples[j % examples.length], dataset.charToIndex);
    const { gradients, forward } = lossAndGradients(params, X, Y, aPrev);
    const clipped = clipGradients(gradients, config.clip);
    const changed = GRADIENT_NAMES.some((name) => entries(gradients[name as keyof Gradients]).some((v, k) => realPart(v) !== realPart(entries(clipped[name as keyof Gradients])[k])));
    if (j % config.every === 0) fired.push(0);
    if (changed) fired[fired.length - 1]++;
    params = sgdStep(params, clipped, config.lr);
    aPrev = forward.aLast;
  }
  return fired;
}

describe('countClipping — how often the elementwise clip changes a gradient during training', () => {
  it('replays rnn-oracle train’s run: the same parameters, bit for bit, after 300 iterations on elements', () => {
    const config = { hidden: 10, iterations: 300, lr: 0.01, clip: 5, every: 100, samples: 0 } satisfies TrainConfig;
    const dataset = loadDataset('elements');
    const atWindows: Float64Array[] = [];
    const replay = countClipping(dataset, config, { onWindow: (_, params) => atWindows.push(params.Waa.slice()) });
    const trained = train(dataset, config);
    for (const name of ['Wax', 'Waa', 'Wya', 'ba', 'by'] as const) expect(replay.params[name]).toEqual(trained.params[name]);
    expect(atWindows[0]).toEqual(train(dataset, { ...config, iterations: 100 }).params.Waa);
    expect(atWindows[2]).toEqual(trained.params.Waa);
    expect(replay.iterationsRun).toBe(300);
    expect(replay.windows.map((w) => [w.from, w.to])).toEqual([[0, 100], [100, 200], [200, 300]]);
    expect(replay.windows[2].smoothedLoss).toBe(trained.smoothedLoss);
  });

  it('counts the iterations that the reference’s clipGradients changes, window by window, on a run where the clip sometimes fires', () => {
    const config = { hidden: 3, iterations: 60, lr: 0.5, clip: 0.8, every: 20, samples: 0 } satisfies TrainConfig;
    const run = countClipping(small, config);
    const expected = referenceClipCounts(small, config);
    expect(run.windows.map((w) => w.fired)).toEqual(expected);
    const total = expected.reduce((s, n) => s + n, 0);
    expect(total).toBeGreaterThan(0);
    expect(total).toBeLessThan(config.iterations);
    for (const w of run.windows) for (const name of GRADIENT_NAMES) expect(w.byGradient[name]).toBeLessThanOrEqual(w.fired);
  });

  it('never fires with a bound above every gradient, and fires at every iteration with a bound of zero', () => {
    const config = { hidden: 3, iterations: 20, lr: 0.01, clip: 1e6, every: 10, samples: 0 } satisfies TrainConfig;
    expect(countClipping(small, config).windows.map((w) => w.fired)).toEqual([0, 0]);
    expect(countClipping(small, { ...config, clip: 0 }).windows.map((w) => w.fired)).toEqual([10, 10]);
  });

  it('calls a change only an entry strictly outside [−c, c], and leaves NaN alone as np.clip does', () => {
    expect(clipChanges(Float64Array.from([5, -5, 0]), 5)).toBe(false);
    expect(clipChanges(Float64Array.from([5.000000000000001]), 5)).toBe(true);
    expect(clipChanges(Float64Array.from([-6]), 5)).toBe(true);
    expect(clipChanges(Float64Array.from([NaN]), 5)).toBe(false);
  });

  it('stops at a diverging iteration and says which quantity went bad', () => {
    const run = countClipping(small, { hidden: 3, iterations: 50, lr: 1e300, clip: 1e300, every: 10, samples: 0 });
    expect(run.diverged).toBeDefined();
    expect(run.iterationsRun).toBe(run.diverged?.iteration);
  });
});
