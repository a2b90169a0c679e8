import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { datasetFromText, loadDataset } from '../../src/data/dataset.js';
import { checkModel } from '../../src/train/model-check.js';
import { MODEL_FORMAT, modelJson } from '../../src/train/model-file.js';
import { resumePlan } from '../../src/train/resume.js';
import { checkpointFormat, formatCheckpoint, train, type Checkpoint, type StepInfo, type TrainConfig, type TrainResult } from '../../src/train/train.js';
import { checkChunk, chunkAt, chunksPerPass, isTemplate, trainingStream } from '../../src/train/variants.js';

const small = datasetFromText('Ada\nBo\nCyrus\nDi\nEve\nFlo\nGus\n', 'small');
const base: TrainConfig = { hidden: 6, iterations: 61, lr: 0.05, clip: 5, every: 10, samples: 2 };
const { clip: _clip, ...unclipped } = base;
/** Each variant and the pairs of them; every one must resume bit for bit. */
const VARIANTS: Record<string, TrainConfig> = {
  'the template (its perplexity, which a resumed run recomputes)': base,
  adagrad: { ...base, optimizer: 'adagrad', lr: 0.1 },
  'clip-norm': { ...unclipped, clipNorm: 1 },
  chunk: { ...base, chunk: 4 },
  'adagrad + chunk (min-char-rnn)': { ...base, optimizer: 'adagrad', lr: 0.1, chunk: 5 },
  'adagrad + clip-norm + chunk': { ...unclipped, optimizer: 'adagrad', lr: 0.1, clipNorm: 0.5, chunk: 3 },
};

/** A run's whole output: its log (with perplexity) and final state, as bytes. */
function fingerprint(r: TrainResult, log: string): string {
  const bytes = (a?: Float64Array) => (a ? Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('hex') : '-');
  return [log, ...(['Wax', 'Waa', 'Wya', 'ba', 'by'] as const).map((n) => bytes(r.params[n])), bytes(r.aLast), bytes(r.memory), String(r.smoothedLoss), r.iterationsRun].join('|');
}

function straight(config: TrainConfig): string {
  let log = '';
  const r = train(small, config, { onCheckpoint: (c) => (log += checkpointFormat(config)(c) + c.perplexity) });
  return fingerprint(r, log);
}

/** Stops after each of `stops`, writes the model file's JSON, reads it back and resumes. */
function interrupted(config: TrainConfig, stops: readonly number[]): string {
  let log = '';
  const hooks = (stop?: number) => ({ onCheckpoint: (c: Checkpoint) => (log += checkpointFormat(config)(c) + c.perplexity), shouldStop: (n: number) => n === stop });
  let r = train(small, config, hooks(stops[0]));
  for (let k = 1; k <= stops.length; k++) {
    const plan = resumePlan(checkModel(JSON.parse(modelJson(small, config, r)), 'run.json', MODEL_FORMAT), 'run.json', small);
    expect(plan.config).toEqual(config);
    r = train(small, plan.config, hooks(stops[k]), plan.state);
  }
  return fingerprint(r, log);
}

describe('the training variants resume bit for bit from their model files', () => {
  for (const [name, config] of Object.entries(VARIANTS)) {
    it(`${name}: wherever and however often the run is interrupted`, () => {
      const reference = straight(config);
      const stops = fc.uniqueArray(fc.integer({ min: 1, max: config.iterations - 1 }), { minLength: 1, maxLength: 4 }).map((s) => s.sort((x, y) => x - y));
      fc.assert(fc.property(stops, (s) => {
        expect(interrupted(config, s)).toBe(reference);
      }), { numRuns: 6 });
    });
  }
});

describe('--chunk K — min-char-rnn’s chunks of one continuous text', () => {
  /** min-char-rnn's loop, literally: p += K, and p = 0 (state zeroed) when p + K + 1 ≥ L or n = 0. */
  function literal(L: number, K: number, iterations: number): { p: number; fresh: boolean }[] {
    const out = [];
    let p = 0;
    for (let n = 0; n < iterations; n++) {
      const fresh = p + K + 1 >= L || n === 0;
      if (fresh) p = 0;
      out.push({ p, fresh });
      p += K;
    }
    return out;
  }

  it('starts every iteration where min-char-rnn’s loop does, zeroing the state exactly when it returns to 0', () => {
    fc.assert(
      fc.property(fc.integer({ min: 3, max: 80 }), fc.integer({ min: 1, max: 30 }), (L, K) => {
        fc.pre(K + 2 <= L);
        const stream = Int32Array.from({ length: L }, (_, i) => i);
        literal(L, K, 2 * L + 3).forEach(({ p, fresh }, j) => {
          const c = chunkAt(stream, K, j);
          expect({ start: c.start, fresh: c.fresh }).toEqual({ start: p, fresh });
          expect(c.X).toEqual(Array.from({ length: K }, (_, i) => p + i));
          expect(c.Y).toEqual(Array.from({ length: K }, (_, i) => p + i + 1));
        });
      }),
      { numRuns: 40 },
    );
  });

  it('reads the dataset’s lines in file order, each followed by a newline, as one text', () => {
    const text = trainingStream(small);
    const back = Array.from(text, (i) => small.vocabulary[i]).join('');
    expect(back).toBe('ada\nbo\ncyrus\ndi\neve\nflo\ngus\n');
    expect(chunksPerPass(back.length, 4)).toBe(6); // p = 0, 4, …, 20: 20 + 5 < 28, 24 + 5 ≥ 28
  });

  it('refuses, in one line naming --chunk, a K the text cannot fill once', () => {
    expect(() => checkChunk(small, 26)).not.toThrow();
    expect(() => checkChunk(small, 27)).toThrow('--chunk 27: small is 28 characters as one text (its lines each followed by a newline); a chunk needs K + 2 ≤ 28, so K ≤ 26');
  });
});

describe('perplexity — exp of the smoothed loss per predicted character', () => {
  it('is exp(Σ-smoothed loss / Σ-smoothed characters), both smoothed by 0.999 from the start values, as computed here from each step', () => {
    for (const config of [base, VARIANTS.chunk]) {
      const steps: StepInfo[] = [];
      const checkpoints = train(small, config, { onStep: (s) => void steps.push(s) }).checkpoints;
      const V = small.vocabulary.length;
      let loss = -Math.log(1 / V) * (config.chunk ?? 7);
      let chars = config.chunk ?? 7;
      const expected = steps.map((s) => {
        loss = loss * 0.999 + s.loss * 0.001;
        chars = chars * 0.999 + s.characters * 0.001;
        return Math.exp(loss / chars);
      });
      for (const c of checkpoints) expect(c.perplexity).toBe(expected[c.iteration]);
      const lengths = new Set(config.chunk ? [config.chunk] : small.examples.map((e) => e.length + 1)); // a name's characters and its newline
      expect(steps.every((s) => lengths.has(s.characters))).toBe(true);
    }
  });

  it('is printed beside the loss only by the variants: the template’s log stays the template’s', () => {
    const c = { iteration: 3, loss: 12.5, names: ['Ab\n'], perplexity: 4.25 };
    expect(checkpointFormat(base)(c)).toBe(formatCheckpoint(c));
    expect(checkpointFormat(VARIANTS.chunk)(c)).toBe('Iteration: 3, Loss: 12.500000, Perplexity: 4.250000\n\nAb\n\n\n');
    expect(isTemplate({ optimizer: 'sgd' })).toBe(true);
    expect(isTemplate({ clipNorm: 1 })).toBe(false);
  });
});

describe('onStep — what the gradient-flow statistics read', () => {
  it('does not change the run, and says whether clipping fired and the norm before it', () => {
    const elements = loadDataset('elements');
    const config = { hidden: 8, iterations: 40, lr: 0.05, clip: 0.05, every: 100, samples: 0 };
    const steps: StepInfo[] = [];
    const watched = train(elements, config, { onStep: (s) => void steps.push(s) });
    expect(fingerprint(watched, '')).toBe(fingerprint(train(elements, config), ''));
    expect(steps.map((s) => s.iteration)).toEqual([...Array(40).keys()]);
    expect(steps.some((s) => s.clipped) && steps.every((s) => s.gradientNorm > 0)).toBe(true);
    const loose: StepInfo[] = [];
    train(elements, { ...config, clip: 1e6 }, { onStep: (s) => void loose.push(s) });
    expect(loose.some((s) => s.clipped)).toBe(false);
    const byNorm: StepInfo[] = [];
    const { clip: _c, ...rest } = config;
    train(elements, { ...rest, clipNorm: 0.5 }, { onStep: (s) => void byNorm.push(s) });
    expect(byNorm.every((s) => s.clipped === s.gradientNorm > 0.5)).toBe(true);
  });
});
