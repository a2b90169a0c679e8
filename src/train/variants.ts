/**
 * The training variants beside the course template (issue #13): min-char-rnn's Adagrad and its
 * truncated BPTT over one continuous text (`--chunk K`), d2l's global-norm clipping, and the
 * perplexity printed beside the loss. An option left out means the template's behaviour, so a
 * configuration without any of them trains exactly as before (the golden runs replay it).
 *
 * The continuous text: the dataset's examples (its non-blank lines, lower-cased and stripped, as the
 * template reads them) in file order, not shuffled, each followed by "\n" — so the newline is a
 * symbol of the stream, as in a text file read whole, and the model learns where names end.
 * Chunks are min-char-rnn's: at position p the inputs are stream[p : p+K] and the targets
 * stream[p+1 : p+K+1]; p advances by K; before an iteration, if p + K + 1 ≥ L (the stream's length)
 * p returns to 0 and the carried hidden state to zeros (as at the first iteration). So iteration j
 * uses the chunk at (j mod m)·K, m = chunksPerPass(L, K), and the last few characters of the stream
 * may never be an input, exactly as in min-char-rnn.
 */
import { MAX_LINE_LENGTH, type Dataset } from '../data/dataset.js';
import { UserInputError } from '../errors.js';
import type { CellKind } from '../engine/gated-cell-engine.js';

export const OPTIMIZERS = ['sgd', 'adagrad'] as const;
export type Optimizer = (typeof OPTIMIZERS)[number];

/**
 * The options that change how training runs; absent means the template (SGD, elementwise clip, one
 * name per iteration, the vanilla cell with one layer). Each field is left out of a template run's
 * model file, checked in variant-check.ts, compared on --resume (src/cli/train-command.ts's
 * RUN_OPTIONS); the cell settings (src/train/cells.ts) choose CellTrainingRun over TrainingRun.
 */
export interface TrainVariants extends CellSettings {
  readonly optimizer?: Optimizer;
  /** d2l's global-norm bound; when set, the elementwise `clip` is absent. */
  readonly clipNorm?: number;
  /** Truncated BPTT over chunks of K characters of the continuous text. */
  readonly chunk?: number;
}

/** The cell settings of a run (src/train/cells.ts); all absent for the template (vanilla cell, one layer). */
export interface CellSettings {
  readonly cell?: CellKind;
  /** The LSTM's or GRU's convention, always recorded for them (their default spelled out). */
  readonly variant?: string;
  /** Stacked vanilla layers (absent for one). */
  readonly layers?: number;
  /** The LSTM forget gate's initial bias (absent for 0). */
  readonly forgetBias?: number;
}

/** Whether the run goes through a cell engine (anything but the one-layer vanilla cell). */
export function isCellRun(s: CellSettings): boolean {
  return (s.cell ?? 'rnn') !== 'rnn' || (s.layers ?? 1) > 1;
}

/** The longest chunk: a chunk costs what a line of the same length does, and lines stop at MAX_LINE_LENGTH (src/data/dataset.ts says why). */
export const MAX_CHUNK = MAX_LINE_LENGTH;

/** A configuration or model file that asks for something the data or the other options cannot give. */
export class TrainConfigError extends UserInputError {}

/** Whether the configuration trains exactly as the template (its log then stays the template's, without perplexity). */
export function isTemplate(v: TrainVariants): boolean {
  return (v.optimizer ?? 'sgd') === 'sgd' && v.clipNorm === undefined && v.chunk === undefined && !isCellRun(v);
}

/** The characters every template iteration starts its smoothed loss with (7·ln V: a seven-character name at uniform odds). */
export const TEMPLATE_START_LENGTH = 7;

/** The length the smoothed loss and length start from: 7 for names, K for chunks (min-char-rnn's −ln(1/V)·seq_length). */
export function startLength(v: TrainVariants): number {
  return v.chunk ?? TEMPLATE_START_LENGTH;
}

/** The continuous text of `--chunk` as character indices: the examples in file order, each followed by "\n". */
export function trainingStream(dataset: Dataset): Int32Array {
  const newline = dataset.charToIndex.get('\n')!;
  const out: number[] = [];
  for (const example of dataset.examples) {
    for (const c of example) out.push(dataset.charToIndex.get(c)!);
    out.push(newline);
  }
  return Int32Array.from(out);
}

/** How many chunks of K a stream of L characters gives before p returns to 0: the count of p = iK with p + K + 1 < L. */
export function chunksPerPass(L: number, K: number): number {
  return L < K + 2 ? 0 : Math.floor((L - K - 2) / K) + 1;
}

/** Refuses a chunk length the dataset's stream cannot fill at least once (one line naming --chunk). */
export function checkChunk(dataset: Dataset, K: number): void {
  const L = trainingStream(dataset).length;
  if (chunksPerPass(L, K) === 0) {
    throw new TrainConfigError(`--chunk ${K}: ${dataset.source} is ${L} characters as one text (its lines each followed by a newline); a chunk needs K + 2 ≤ ${L}, so K ≤ ${L - 2}`);
  }
}

/** One iteration's sequence: inputs, targets, and whether the carried hidden state starts again from zeros. */
export interface Sequence {
  readonly X: readonly (number | null)[];
  readonly Y: readonly number[];
  readonly fresh: boolean;
}

/** The chunk iteration j trains on, and where it starts in the stream. */
export function chunkAt(stream: Int32Array, K: number, j: number): Sequence & { start: number } {
  const m = chunksPerPass(stream.length, K);
  const start = (j % m) * K;
  return { X: Array.from(stream.subarray(start, start + K)), Y: Array.from(stream.subarray(start + 1, start + K + 1)), fresh: start === 0, start };
}

/**
 * The smoothed number of predicted characters after `iterationsRun` iterations, smoothed exactly as
 * the loss (s ← 0.999·s + 0.001·T, from startLength): a run's perplexity is exp(smoothed loss /
 * smoothed length). It depends only on the sequence lengths, so a resumed run recomputes it.
 */
export function smoothedLength(v: TrainVariants, lengthAt: (j: number) => number, iterationsRun: number): number {
  let s = startLength(v);
  for (let j = 0; j < iterationsRun; j++) s = s * 0.999 + lengthAt(j) * 0.001;
  return s;
}

/** Perplexity — exp of the smoothed loss per predicted character (each name's characters and its closing newline, or a chunk's K targets). */
export function perplexity(smoothedLoss: number, smoothedChars: number): number {
  return Math.exp(smoothedLoss / smoothedChars);
}
