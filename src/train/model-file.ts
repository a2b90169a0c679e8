/**
 * The trained-model file, format `rnn-oracle/model@1` (JSON):
 *   { format, config: { dataset, datasetSha256, hidden, iterations, lr, clip, every, samples },
 *     vocabulary: [characters], params: { Wax, Waa, Wya, ba, by } as nested rows (vectors n×1),
 *     aLast: [nA numbers], smoothedLoss, iterationsRun,
 *     status: "complete" | "interrupted" | "diverged", nextExample, exampleCount, shuffleSeed,
 *     diverged?: { iteration, quantity } }
 * `status`, `nextExample`, `exampleCount` and `shuffleSeed` were added for `train --resume`; files
 * without them still read (nextExample is then iterationsRun mod N). The training variants
 * (src/train/variants.ts) add, only when used: config.optimizer ("adagrad"), config.clipNorm (then
 * config.clip is absent), config.chunk, config.init (where the initial parameters came from);
 * adagradMemory { Wax, …, by } shaped as params; and, for chunks, nextChunk (the next chunk's first
 * character) and chunkCount (chunks per pass) in place of nextExample and exampleCount. A cell run
 * (`--cell lstm|gru`, `--layers N`) adds config.cell, config.variant, config.layers and
 * config.forgetBias, and its params are the reference's names as flat row-major arrays
 * (src/train/cell-model.ts); a vanilla one-layer run's file has none of them. Together with the parameters,
 * aLast, smoothedLoss and iterationsRun they are the whole state of a run (src/train/train.ts).
 * Numbers are written as JavaScript's shortest round-trip decimal, so they read back bit-identical.
 * JSON has no NaN or ±Infinity: the writer would write them as the strings "NaN", "Infinity",
 * "-Infinity", but a model never holds them — the reader refuses non-finite parameters and state.
 */
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import type { Dataset } from '../data/dataset.js';
import { encodeNumber } from '../data/json-numbers.js';
import type { FastParams } from '../engine/model.js';
import { checkAnyModel, type ModelFile } from './model-check.js';
import { namedJson, type CellModelFile } from './cell-model.js';
import type { CellTrainResult } from './cell-train.js';
import { describeCell } from './cells.js';
import { SHUFFLE_SEED, type TrainConfig, type TrainResult } from './train.js';
import { chunksPerPass, trainingStream } from './variants.js';

export { ModelFileError, type ModelFile, type ModelRun } from './model-check.js';
import { ModelFileError } from './model-check.js';

export const MODEL_FORMAT = 'rnn-oracle/model@1';

/** The largest model file read, in bytes (64 MiB): the largest model train makes (nA = 1000, V = 200) has 1.4 million numbers, about 31 MB at 22 bytes each. */
export const MAX_MODEL_BYTES = 64 * 1024 * 1024;

export type RunStatus = 'complete' | 'interrupted' | 'diverged';

function rows(a: Float64Array, r: number, c: number): (number | string)[][] {
  return Array.from({ length: r }, (_, i) => Array.from(a.subarray(i * c, (i + 1) * c), encodeNumber));
}

/** The five parameters' matrices as rows, from their arrays or from one span laid out Wax | Waa | Wya | ba | by. */
function parameterRows(p: FastParams | Float64Array, nA: number, V: number): Record<string, (number | string)[][]> {
  let o = 0;
  const part = (name: keyof FastParams & string, n: number) => (p instanceof Float64Array ? p.subarray(o, (o += n)) : (p[name] as Float64Array));
  return { Wax: rows(part('Wax', nA * V), nA, V), Waa: rows(part('Waa', nA * nA), nA, nA), Wya: rows(part('Wya', V * nA), V, nA), ba: rows(part('ba', nA), nA, 1), by: rows(part('by', V), V, 1) };
}

/** The configuration in the file's order (the template's keys first, as they always were, then the variants'), undefined ones left out. */
export function configFields(c: TrainConfig): TrainConfig {
  const { hidden, iterations, lr, clip, every, samples, optimizer, clipNorm, chunk, cell, variant, layers, forgetBias, init } = c;
  const fields = { hidden, iterations, lr, clip, every, samples, optimizer, clipNorm, chunk, cell, variant, layers, forgetBias, init };
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as unknown as TrainConfig;
}

/** Where the next iteration starts: the example for names, the chunk for --chunk. */
function position(dataset: Dataset, config: TrainConfig, iterationsRun: number): Record<string, number> {
  if (config.chunk === undefined) return { nextExample: iterationsRun % dataset.examples.length, exampleCount: dataset.examples.length };
  const chunkCount = chunksPerPass(trainingStream(dataset).length, config.chunk);
  return { nextChunk: (iterationsRun % chunkCount) * config.chunk, chunkCount };
}

/** The SHA-256 of a dataset's text (as the template reads it), which a resumed run must match. */
export function datasetSha256(dataset: Dataset): string {
  return createHash('sha256').update(dataset.text).digest('hex');
}

/** Whether a run's result is complete, interrupted or diverged. */
export function runStatus(config: TrainConfig, result: TrainResult | CellTrainResult): RunStatus {
  return result.diverged ? 'diverged' : result.iterationsRun >= config.iterations ? 'complete' : 'interrupted';
}

/** The file's JSON text for a training run (complete, interrupted or diverged). */
export function modelJson(dataset: Dataset, config: TrainConfig, result: TrainResult | CellTrainResult): string {
  const vanilla = 'params' in result ? result : undefined;
  const p = vanilla?.params;
  const body = {
    format: MODEL_FORMAT,
    config: { dataset: dataset.source, datasetSha256: datasetSha256(dataset), ...configFields(config) },
    vocabulary: dataset.vocabulary,
    params: p ? parameterRows(p, p.nA, p.V) : namedJson((result as CellTrainResult).named),
    ...(p && vanilla?.memory ? { adagradMemory: parameterRows(vanilla.memory, p.nA, p.V) } : {}),
    aLast: Array.from(result.aLast, encodeNumber),
    smoothedLoss: encodeNumber(result.smoothedLoss),
    iterationsRun: result.iterationsRun,
    status: runStatus(config, result),
    ...position(dataset, config, result.iterationsRun),
    shuffleSeed: SHUFFLE_SEED,
    ...(result.diverged ? { diverged: result.diverged } : {}),
  };
  return `${JSON.stringify(body)}\n`;
}

/** Reads and checks a vanilla one-layer model file (the template's); a cell run's file is refused in one line. */
export function readModel(path: string): ModelFile {
  const model = readAnyModel(path);
  if ('named' in model) throw new ModelFileError(`${path}: a model of ${describeCell(model.settings)}; only a vanilla one-layer model (the template's) is read here`);
  return model;
}

/** Reads and checks a model file of any cell; errors are one line naming the file and the JSON path. */
export function readAnyModel(path: string): ModelFile | CellModelFile {
  let raw: unknown;
  try {
    const stat = statSync(path);
    if (stat.isFile() && stat.size > MAX_MODEL_BYTES) throw new ModelFileError(`${path}: ${stat.size} bytes is larger than the ${MAX_MODEL_BYTES}-byte limit for a model`);
    if (!stat.isFile() && !stat.isDirectory()) throw new ModelFileError(`${path}: not a regular file`);
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    if (error instanceof ModelFileError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new ModelFileError(`${path}: ${code === 'ENOENT' ? 'no such file' : code ? `cannot read (${code})` : `not JSON (${(error as Error).message})`}`);
  }
  return checkAnyModel(raw, path, MODEL_FORMAT);
}

/** Whether the file at `path` is an rnn-oracle model (any version): such a file may be replaced by --out. */
export function isModelFile(path: string): boolean {
  try {
    const stat = statSync(path);
    if (!stat.isFile() || stat.size > MAX_MODEL_BYTES) return false;
    const raw = JSON.parse(readFileSync(path, 'utf8')) as { format?: unknown };
    return typeof raw?.format === 'string' && raw.format.startsWith('rnn-oracle/model@');
  } catch {
    return false;
  }
}
