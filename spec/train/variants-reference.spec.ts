import { describe, expect, it } from 'vitest';
import { datasetFromText } from '../../src/data/dataset.js';
import { fromReference, toReference } from '../../src/engine/convert.js';
import { templateInit } from '../../src/engine/model.js';
import { lossAndGradients } from '../../src/reference/bptt.js';
import { clipByGlobalNorm, clipGradients, sgdStep } from '../../src/reference/clip.js';
import { column, realPart, type Matrix } from '../../src/reference/linalg.js';
import type { Gradients, Params } from '../../src/reference/types.js';
import { adagradStep, zeroMemory, type AdagradMemory } from '../../src/reference/update.js';
import { sequences } from '../../src/train/sequences.js';
import { initialState, train, type TrainConfig } from '../../src/train/train.js';
import { ENGINE_AGREEMENT } from '../helpers/tolerances.js';

const small = datasetFromText('Ada\nBo\nCyrus\nDi\nEve\nFlo\nGus\n', 'small');
const V = small.vocabulary.length;

/**
 * The same run written with the readable reference only: eqs. (1)–(26) for the loss and gradients,
 * then clipGradients or clipByGlobalNorm, then sgdStep or adagradStep — the reference functions
 * each variant names — over the sequences the run trains on.
 */
function referenceRun(config: TrainConfig): Params {
  let params = toReference(templateInit(config.hidden, V));
  let memory: AdagradMemory = zeroMemory(params);
  let a: Matrix = column(Array(config.hidden).fill(0));
  const at = sequences(small, config);
  for (let j = 0; j < config.iterations; j++) {
    const { X, Y, fresh } = at.at(j);
    const { gradients, forward } = lossAndGradients(params, X, Y, fresh ? column(Array(config.hidden).fill(0)) : a);
    const g: Gradients = config.clipNorm !== undefined ? clipByGlobalNorm(gradients, config.clipNorm).clipped : clipGradients(gradients, config.clip!);
    if (config.optimizer === 'adagrad') ({ params, memory } = adagradStep(params, g, config.lr, memory));
    else params = sgdStep(params, g, config.lr);
    a = forward.aLast;
  }
  return params;
}

/** The largest |engine − reference| over all parameters, relative to the largest parameter (at least 1). */
function difference(config: TrainConfig): number {
  const ours = train(small, config, {}, initialState(config.hidden, V, config)).params;
  const ref = fromReference(referenceRun(config));
  let worst = 0;
  for (const n of ['Wax', 'Waa', 'Wya', 'ba', 'by'] as const) ours[n].forEach((v, k) => (worst = Math.max(worst, Math.abs(v - realPart(ref[n][k])))));
  return worst;
}

describe('a variant’s training is its reference functions applied in turn (engine step = reference step)', () => {
  const base = { hidden: 4, iterations: 12, lr: 0.1, every: 1000, samples: 0 };
  const cases: Record<string, TrainConfig> = {
    'Adagrad with the elementwise clip, on chunks (min-char-rnn)': { ...base, clip: 5, optimizer: 'adagrad', chunk: 6 },
    'SGD with d2l’s global-norm clip, on names': { ...base, clipNorm: 0.25 },
    'Adagrad with the global-norm clip, on chunks': { ...base, clipNorm: 0.25, optimizer: 'adagrad', chunk: 5 },
  };
  for (const [name, config] of Object.entries(cases)) {
    // the update rules are bit for bit their references (spec/engine/update.spec.ts); forward and BPTT agree
    // to rounding, so 12 iterations stay within ENGINE_AGREEMENT (measured at most 1.6e-15)
    it(`${name}: the parameters after 12 iterations agree to rounding`, () => {
      expect(difference(config)).toBeLessThanOrEqual(ENGINE_AGREEMENT);
    });
  }
});
