/**
 * Checking a model file's contents (src/train/model-file.ts describes the format). Every error is
 * one line naming the file and the JSON path: shapes against the vocabulary size and the hidden
 * size, one-character distinct vocabulary entries, finite parameters and state, a consistent run.
 */
import { decodeNumber, ModelFileError, readMatrix, type Fail } from './model-values.js';
import type { FastParams } from '../engine/model.js';
import type { TrainConfig } from './train.js';
import { checkVariantRun, readMemory } from './variant-check.js';
import { checkCellSettings, isCellConfig, readCellState, type CellModelFile } from './cell-model.js';

export { decodeNumber, ModelFileError } from './model-values.js';


/** What a model file says about the run that made it (absent in hand-made files: then it cannot be resumed). */
export interface ModelRun {
  readonly config: TrainConfig & { readonly dataset: string; readonly datasetSha256: string };
  readonly iterationsRun: number;
  readonly status: 'complete' | 'interrupted' | 'diverged';
  readonly diverged?: { readonly iteration: number; readonly quantity: string };
  readonly nextExample?: number;
  readonly exampleCount?: number;
  /** With --chunk: how many chunks one pass over the text gives (checked against the dataset on resume). */
  readonly chunkCount?: number;
}

export interface ModelFile {
  readonly params: FastParams;
  readonly vocabulary: readonly string[];
  readonly aLast: Float64Array;
  readonly smoothedLoss: number;
  readonly run?: ModelRun;
  /** Adagrad's memory, laid out as the parameters (only a run with --optimizer adagrad has one). */
  readonly memory?: Float64Array;
}


function checkVocabulary(v: unknown, path: string): string[] {
  if (!Array.isArray(v)) throw new ModelFileError(`${path}: $.vocabulary must be an array of characters including "\\n"`);
  const seen = new Map<string, number>();
  v.forEach((c: unknown, i) => {
    if (typeof c !== 'string' || [...c].length !== 1) throw new ModelFileError(`${path}: $.vocabulary[${i}] must be one character, got ${JSON.stringify(c)}`);
    if (seen.has(c)) throw new ModelFileError(`${path}: $.vocabulary[${i}] ${JSON.stringify(c)} repeats $.vocabulary[${seen.get(c)}]`);
    seen.set(c, i);
  });
  if (!seen.has('\n')) throw new ModelFileError(`${path}: $.vocabulary must be an array of characters including "\\n"`);
  return v as string[];
}

/** The ranges `train` accepts for these options (src/cli/train-command.ts); a resumed run must be within them too. */
const RUN_COUNTS = [['hidden', 1, 1000], ['iterations', 1, 10_000_000], ['every', 1, 10_000_000], ['samples', 0, 1000]] as const;
const RUN_RATES = [['lr', 1000], ['clip', 1e6]] as const;


const isCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;

/** A fail function for `path`: one line naming the file, the JSON path and what is wrong. */
const failIn = (path: string): Fail => (where, what) => {
  throw new ModelFileError(`${path}: ${where} ${what}`);
};

function checkRun(m: Record<string, unknown>, nA: number, path: string): ModelRun | undefined {
  const c = m.config as Record<string, unknown> | undefined;
  if (c === undefined || m.iterationsRun === undefined) return undefined;
  const fail = failIn(path);
  if (typeof c !== 'object' || c === null) fail('$.config', 'must be an object');
  for (const k of ['dataset', 'datasetSha256'] as const) if (typeof c![k] !== 'string') fail(`$.config.${k}`, 'must be a string');
  for (const [k, min, max] of RUN_COUNTS) {
    if (!isCount(c![k]) || (c![k] as number) < min || (c![k] as number) > max) fail(`$.config.${k}`, `must be an integer from ${min} to ${max}, got ${JSON.stringify(c![k])}`);
  }
  for (const [k, max] of RUN_RATES) {
    if (k === 'clip' && c!.clipNorm !== undefined && c!.clip === undefined) continue; // clipped by norm instead (variant-check.ts)
    if (!(typeof c![k] === 'number' && (c![k] as number) > 0 && (c![k] as number) <= max)) fail(`$.config.${k}`, `must be a number greater than 0 and at most ${max}, got ${JSON.stringify(c![k])}`);
  }
  if (c!.hidden !== nA) fail('$.config.hidden', `is ${c!.hidden} but the parameters have nA = ${nA}`);
  if (!isCount(m.iterationsRun)) fail('$.iterationsRun', `must be a non-negative integer, got ${JSON.stringify(m.iterationsRun)}`);
  const status = m.status ?? (m.diverged ? 'diverged' : (m.iterationsRun as number) >= (c!.iterations as number) ? 'complete' : 'interrupted');
  if (status !== 'complete' && status !== 'interrupted' && status !== 'diverged') fail('$.status', `must be "complete", "interrupted" or "diverged", got ${JSON.stringify(status)}`);
  if ((status === 'diverged') !== (m.diverged !== undefined)) fail('$.diverged', status === 'diverged' ? 'is missing for a diverged run' : `is set but $.status is "${status}"`);
  for (const k of ['nextExample', 'exampleCount'] as const) if (m[k] !== undefined && !isCount(m[k])) fail(`$.${k}`, `must be a non-negative integer, got ${JSON.stringify(m[k])}`);
  if (m.nextExample !== undefined && m.exampleCount !== undefined && m.nextExample !== (m.iterationsRun as number) % (m.exampleCount as number)) {
    fail('$.nextExample', `is ${m.nextExample} but iteration ${m.iterationsRun} uses example ${(m.iterationsRun as number) % (m.exampleCount as number)} of ${m.exampleCount}`);
  }
  const chunks = checkVariantRun(m, c!, fail);
  return {
    ...chunks,
    config: c as unknown as ModelRun['config'],
    iterationsRun: m.iterationsRun as number,
    status: status as ModelRun['status'],
    ...(m.diverged ? { diverged: m.diverged as ModelRun['diverged'] } : {}),
    ...(m.nextExample !== undefined ? { nextExample: m.nextExample as number } : {}),
    ...(m.exampleCount !== undefined ? { exampleCount: m.exampleCount as number } : {}),
  };
}

/** Checks a parsed model file against `format`; `path` names it in errors. */
export function checkModel(raw: unknown, path: string, format: string): ModelFile {
  const m = raw as Record<string, unknown>;
  if (m?.format !== format) throw new ModelFileError(`${path}: $.format must be "${format}", got ${JSON.stringify(m?.format)}`);
  const vocabulary = checkVocabulary(m.vocabulary, path);
  const params = m.params as Record<string, unknown> | undefined;
  const V = vocabulary.length;
  const nA = Array.isArray(params?.ba) ? params.ba.length : 0;
  const matrix = (name: string, r: number, c: number) => readMatrix(params?.[name], `$.params.${name}`, path, r, c);
  if (nA === 0) throw new ModelFileError(`${path}: $.params.ba must be a non-empty column`);
  const p: FastParams = { nA, V, Wax: matrix('Wax', nA, V), Waa: matrix('Waa', nA, nA), Wya: matrix('Wya', V, nA), ba: matrix('ba', nA, 1), by: matrix('by', V, 1) };
  let aLast = new Float64Array(nA);
  if (m.aLast !== undefined) {
    if (!Array.isArray(m.aLast) || m.aLast.length !== nA) throw new ModelFileError(`${path}: $.aLast must have nA = ${nA} entries, got ${Array.isArray(m.aLast) ? m.aLast.length : typeof m.aLast}`);
    aLast = Float64Array.from(m.aLast, (x, k) => decodeNumber(x, `${path}: $.aLast[${k}]`));
  }
  const smoothedLoss = m.smoothedLoss === undefined ? NaN : decodeNumber(m.smoothedLoss, `${path}: $.smoothedLoss`);
  const run = checkRun(m, nA, path);
  if (run) for (const k of ['aLast', 'smoothedLoss']) if (m[k] === undefined) throw new ModelFileError(`${path}: $.${k} is missing (a run's state needs it)`);
  const memory = readMemory(m, run?.config, nA, V, path);
  return { params: p, vocabulary, aLast, smoothedLoss, ...(run ? { run } : {}), ...(memory ? { memory } : {}) };
}


/** Checks a parsed model file of any cell: a cell run's (its $.config names a cell: src/train/cell-model.ts) or the template's. */
export function checkAnyModel(raw: unknown, path: string, format: string): ModelFile | CellModelFile {
  const m = raw as Record<string, unknown>;
  if (!isCellConfig(m?.config)) return checkModel(raw, path, format);
  if (m.format !== format) throw new ModelFileError(`${path}: $.format must be "${format}", got ${JSON.stringify(m.format)}`);
  const vocabulary = checkVocabulary(m.vocabulary, path);
  const settings = checkCellSettings(m.config as Record<string, unknown>, failIn(path));
  const run = checkRun(m, (m.config as Record<string, unknown>).hidden as number, path);
  if (!run) throw new ModelFileError(`${path}: $.iterationsRun is missing (a ${settings.cell} model is always a run's)`);
  if (m.adagradMemory !== undefined) throw new ModelFileError(`${path}: $.adagradMemory is set but a ${settings.cell} run steps with SGD`);
  const { named, aLast } = readCellState(m, settings, run.config.hidden, vocabulary.length, path);
  return { settings, named, vocabulary, aLast, smoothedLoss: decodeNumber(m.smoothedLoss, `${path}: $.smoothedLoss`), run };
}
