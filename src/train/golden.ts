/**
 * Golden runs, format `rnn-oracle/golden@1`: a training configuration, the SHA-256 of its dataset,
 * the command that wrote the file, and every checkpoint's smoothed loss (full float64) and sampled
 * names. Replaying a golden run makes any change in training behaviour visible.
 */
import { createHash } from 'node:crypto';
import { loadDataset } from '../data/dataset.js';
import { trainCell } from './cell-train.js';
import { describeCell } from './cells.js';
import { train, type Checkpoint, type TrainConfig } from './train.js';
import { isCellRun } from './variants.js';

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

/**
 * One configuration of each new cell (issue #13), with the template's other settings: the LSTM in
 * PyTorch's split convention, the GRU in PyTorch's, two stacked vanilla layers; nA = 20 so that
 * `npm test`'s prefix replay stays near a second each. Their first steps are checked against the
 * readable references in spec/train/cell-train.spec.ts; these files pin the whole 70,000 iterations.
 */
export const GOLDEN_CELL_CONFIGS: readonly GoldenConfig[] = [
  { dataset: 'elements', hidden: 20, cell: 'lstm', variant: 'split' },
  { dataset: 'movies', hidden: 20, cell: 'gru', variant: 'after-matmul/gate-keeps-old' },
  { dataset: 'elements', hidden: 20, cell: 'rnn', layers: 2 },
].map((c) => ({ ...c, iterations: 70_000, lr: 0.01, clip: 5, every: 2000, samples: 7 }) as GoldenConfig);

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
  const cell = !isCellRun(c) ? '' : c.cell === 'rnn' ? `-rnn${c.layers}layers` : `-${c.cell}-${c.variant!.replace('/', '-')}`;
  return `${c.dataset}${cell}-hidden${c.hidden}.json`;
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Trains a configuration (for `iterations`, default all) and returns its golden record. */
export function goldenRun(config: GoldenConfig, iterations = config.iterations): GoldenFile {
  const dataset = loadDataset(config.dataset);
  const { checkpoints } = isCellRun(config) ? trainCell(dataset, { ...config, iterations }) : train(dataset, { ...config, iterations });
  return { format: GOLDEN_FORMAT, config, datasetSha256: sha256(dataset.text), generatedBy: GOLDEN_REGENERATE, checkpoints };
}

/**
 * Replays the first `iterations` of a golden run. Returns undefined when every checkpoint in that
 * range agrees, or one paragraph naming the configuration, the first differing checkpoint,
 * expected against actual, and the regeneration command. A changed dataset is reported as such.
 */
export function replayGolden(golden: GoldenFile, iterations: number): string | undefined {
  const c = golden.config;
  const label = `${c.dataset}, nA = ${c.hidden}${isCellRun(c) ? `, ${describeCell(c)}` : ''}, lr ${c.lr}, clip ${c.clip}`;
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
