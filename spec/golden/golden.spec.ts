import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GOLDEN_CELL_CONFIGS, GOLDEN_CONFIGS, GOLDEN_REGENERATE, goldenFileName, replayGolden, type GoldenFile } from '../../src/train/golden.js';
import { formatCheckpoint } from '../../src/train/train.js';

/** Golden runs: written by `npm run golden:write` (scripts/golden.mjs); all 70,000 iterations: npm run test:golden. */
const read = (name: string): GoldenFile => JSON.parse(readFileSync(new URL(`../../fixtures/golden/${name}`, import.meta.url), 'utf8'));

/** The prefix replayed inside npm test; the full replay is npm run test:golden. */
const PREFIX_ITERATIONS = 10_001;

describe('golden runs — the document’s four configurations', () => {
  for (const config of GOLDEN_CONFIGS) {
    it(`${config.dataset}, nA = ${config.hidden}: replaying 10,000 iterations gives the same names and losses`, () => {
      const golden = read(goldenFileName(config));
      expect(golden.config).toEqual(config);
      expect(golden.checkpoints.map((c) => c.iteration)).toEqual(Array.from({ length: 35 }, (_, k) => 2000 * k));
      expect(replayGolden(golden, PREFIX_ITERATIONS)).toBeUndefined();
    });
  }

  it('agree with the independent numpy loop at checkpoints 0, 2000 and 4000 for elements, nA = 50 and 100', () => {
    for (const hidden of [50, 100]) {
      const golden = read(`elements-hidden${hidden}.json`);
      const numpy = readFileSync(new URL(`../../fixtures/numpy/elements-hidden${hidden}-4001.txt`, import.meta.url), 'utf8');
      expect(golden.checkpoints.slice(0, 3).map(formatCheckpoint).join('')).toBe(numpy);
    }
  });
});

/** The cells' prefix in npm test (checkpoints 0 and 2000, about a second each); all of it: npm run test:golden. */
const CELL_PREFIX_ITERATIONS = 2001;

describe('golden runs — one configuration of each new cell (LSTM split, GRU PyTorch, two stacked layers)', () => {
  for (const config of GOLDEN_CELL_CONFIGS) {
    it(`${goldenFileName(config)}: replaying 2,000 iterations gives the same names and losses`, () => {
      const golden = read(goldenFileName(config));
      expect(golden.config).toEqual(config);
      expect(golden.checkpoints.map((c) => c.iteration)).toEqual(Array.from({ length: 35 }, (_, k) => 2000 * k));
      expect(replayGolden(golden, CELL_PREFIX_ITERATIONS)).toBeUndefined();
    });
  }

  it('name the cell in a mismatch', () => {
    const golden = read(goldenFileName(GOLDEN_CELL_CONFIGS[0]));
    const moved = structuredClone(golden) as unknown as { checkpoints: { loss: number }[] };
    moved.checkpoints[0].loss *= 1.01;
    expect(replayGolden(moved as unknown as GoldenFile, 1)).toMatch(/^elements, nA = 20, --cell lstm --variant split, lr 0\.01, clip 5: first difference at checkpoint 0/);
  });
});

describe('golden mismatches are reported usefully', () => {
  const golden = read('elements-hidden50.json');

  it('name the configuration, the first differing checkpoint, expected and actual, and the regeneration command', () => {
    const changed = structuredClone(golden) as unknown as { checkpoints: { loss: number; names: string[] }[] };
    changed.checkpoints[1].names[3] = 'Unobtanium\n';
    const message = replayGolden(changed as unknown as GoldenFile, 4001);
    expect(message).toMatch(/^elements, nA = 50, lr 0\.01, clip 5: first difference at checkpoint 2000: expected loss .*"Unobtanium".*, actual loss /);
    expect(message).toContain(`regenerate with: ${GOLDEN_REGENERATE}`);
  });

  it('catch a loss that moved by more than 1e-9 relative, and accept one within it', () => {
    const moved = structuredClone(golden) as unknown as { checkpoints: { loss: number }[] };
    moved.checkpoints[0].loss *= 1 + 2e-9;
    expect(replayGolden(moved as unknown as GoldenFile, 1)).toMatch(/first difference at checkpoint 0/);
    moved.checkpoints[0].loss = golden.checkpoints[0].loss * (1 + 5e-10);
    expect(replayGolden(moved as unknown as GoldenFile, 1)).toBeUndefined();
  });

  it('report a changed dataset as a changed dataset, not as a numerical failure', () => {
    const message = replayGolden({ ...golden, datasetSha256: '0'.repeat(64) }, 1);
    expect(message).toMatch(/the dataset changed \(SHA-256 [0-9a-f]{64}, golden run made from 0{64}\); this is not a numerical failure/);
  });

  it('refuse a file of another format', () => {
    expect(replayGolden({ ...golden, format: 'x' } as unknown as GoldenFile, 1)).toMatch(/golden format is "x", expected rnn-oracle\/golden@1/);
  });
});
