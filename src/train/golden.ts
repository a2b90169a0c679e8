/**
 * Golden runs, format `rnn-oracle/golden@1`: a training configuration, the SHA-256 of its dataset,
 * the command that wrote the file, and every checkpoint's smoothed loss (full float64) and sampled
 * names. Replaying a golden run makes any change in training behaviour visible.
 */
import { createHash } from 'node:crypto';
import { loadDataset } from '../data/dataset.js';
import { train, type Checkpoint, type TrainConfig } from './train.js';

export const GOLDEN_FORMAT = 'rnn-oracle/golden@1';

/** Names are compared exactly; losses to within this relative difference. */
export const GOLDEN_LOSS_TOLERANCE = 1e-9;

/** The four configurations of the document's Tables 1 and 2, with the template's other settings. */
export const GOLDEN_CONFIGS: readonly GoldenConfig[] = [
  { dataset: 'elements', hidden: 50 },
  { dataset: 'elements', hidden: 100 },
  { dataset: 'movies', hidden: 30 },
  { dataset: 'movies', hidden: 50 },
].map((c) => ({ ...c, iterations: 70_000, lr: 0.01, clip: 5, every: 2000, samples: 7 }));

export interface GoldenConfig extends TrainConfig {
  readonly dataset: string;
}

export interface GoldenFile {
  readonly format: typeof GOLDEN_FORMAT;
  readonly config: GoldenConfig;
  readonly datasetSha256: string;
  readonly generatedBy: string;
  readonly checkpoints: readonly Checkpoint[];
}

/** The command that regenerates the golden files. */
export const GOLDEN_REGENERATE = 'npm run golden:write';

/** The file name of a configuration's golden run. */
export function goldenFileName(c: GoldenConfig): string {
  return `${c.dataset}-hidden${c.hidden}.json`;
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Trains a configuration (for `iterations`, default all) and returns its golden record. */
export function goldenRun(config: GoldenConfig, iterations = config.iterations): GoldenFile {
  const dataset = loadDataset(config.dataset);
  const { checkpoints } = train(dataset, { ...config, iterations });
  return { format: GOLDEN_FORMAT, config, datasetSha256: sha256(dataset.text), generatedBy: GOLDEN_REGENERATE, checkpoints };
}

/**
 * Replays the first `iterations` of a golden run. Returns undefined when every checkpoint in that
 * range agrees, or one paragraph naming the configuration, the first differing checkpoint,
 * expected against actual, and the regeneration command. A changed dataset is reported as such.
 */
export function replayGolden(golden: GoldenFile, iterations: number): string | undefined {
  const c = golden.config;
  const label = `${c.dataset}, nA = ${c.hidden}, lr ${c.lr}, clip ${c.clip}`;
  if (golden.format !== GOLDEN_FORMAT) return `${label}: golden format is ${JSON.stringify(golden.format)}, expected ${GOLDEN_FORMAT}; regenerate with: ${GOLDEN_REGENERATE}`;
  const hash = sha256(loadDataset(c.dataset).text);
  if (hash !== golden.datasetSha256) {
    return `${label}: the dataset changed (SHA-256 ${hash}, golden run made from ${golden.datasetSha256}); this is not a numerical failure — regenerate with: ${GOLDEN_REGENERATE}`;
  }
  const actual = goldenRun(c, iterations).checkpoints;
  const expected = golden.checkpoints.filter((k) => k.iteration < iterations);
  for (let k = 0; k < expected.length; k++) {
    const e = expected[k];
    const a = actual[k];
    const lossOk = a !== undefined && Math.abs(a.loss - e.loss) <= GOLDEN_LOSS_TOLERANCE * Math.abs(e.loss);
    const namesOk = a !== undefined && a.names.join('') === e.names.join('');
    if (!lossOk || !namesOk) {
      const show = (x: Checkpoint | undefined) => (x ? `loss ${x.loss} names ${JSON.stringify(x.names.map((n) => n.trim()))}` : 'no checkpoint');
      return `${label}: first difference at checkpoint ${e.iteration}: expected ${show(e)}, actual ${show(a)}; regenerate with: ${GOLDEN_REGENERATE}`;
    }
  }
  return undefined;
}
