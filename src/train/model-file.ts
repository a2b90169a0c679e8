/**
 * The trained-model file, format `rnn-oracle/model@1` (JSON):
 *   { format, config: { dataset, datasetSha256, hidden, iterations, lr, clip, every, samples },
 *     vocabulary: [characters], params: { Wax, Waa, Wya, ba, by } as nested rows (vectors n×1),
 *     aLast: [nA numbers], smoothedLoss, iterationsRun, diverged?: { iteration, quantity } }
 * Numbers are written as JavaScript's shortest round-trip decimal, so they read back bit-identical.
 * JSON has no NaN or ±Infinity: they are written as the strings "NaN", "Infinity", "-Infinity".
 */
import { createHash } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { Dataset } from '../data/dataset.js';
import { encodeNumber, isNonFiniteString } from '../data/json-numbers.js';
import type { FastParams } from '../engine/model.js';
import type { TrainConfig, TrainResult } from './train.js';

export const MODEL_FORMAT = 'rnn-oracle/model@1';

export interface ModelFile {
  readonly params: FastParams;
  readonly vocabulary: readonly string[];
  readonly aLast: Float64Array;
  readonly smoothedLoss: number;
}

export class ModelFileError extends Error {}

/** A number as the format reads it; `where` names the JSON path in the error. */
export function decodeNumber(v: unknown, where: string): number {
  if (typeof v === 'number') return v;
  if (isNonFiniteString(v)) return Number(v);
  throw new ModelFileError(`${where}: expected a number, got ${JSON.stringify(v)}`);
}

function rows(a: Float64Array, r: number, c: number): (number | string)[][] {
  return Array.from({ length: r }, (_, i) => Array.from(a.subarray(i * c, (i + 1) * c), encodeNumber));
}

/** The file's JSON text for a training run. */
export function modelJson(dataset: Dataset, config: TrainConfig, result: TrainResult): string {
  const { params: p } = result;
  const body = {
    format: MODEL_FORMAT,
    config: { dataset: dataset.source, datasetSha256: createHash('sha256').update(dataset.text).digest('hex'), ...config },
    vocabulary: dataset.vocabulary,
    params: { Wax: rows(p.Wax, p.nA, p.V), Waa: rows(p.Waa, p.nA, p.nA), Wya: rows(p.Wya, p.V, p.nA), ba: rows(p.ba, p.nA, 1), by: rows(p.by, p.V, 1) },
    aLast: Array.from(result.aLast, encodeNumber),
    smoothedLoss: encodeNumber(result.smoothedLoss),
    iterationsRun: result.iterationsRun,
    ...(result.diverged ? { diverged: result.diverged } : {}),
  };
  return `${JSON.stringify(body)}\n`;
}

/** Writes through a temporary file and a rename, so a failed write never leaves half a model. */
export function writeModel(path: string, json: string): void {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, json);
  renameSync(tmp, path);
}

/** Reads and checks a model file; errors are one line naming the JSON path. */
export function readModel(path: string): ModelFile {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ModelFileError(`${path}: ${code === 'ENOENT' ? 'no such file' : code ? `cannot read (${code})` : `not JSON (${(error as Error).message})`}`);
  }
  const m = raw as Record<string, unknown>;
  if (m?.format !== MODEL_FORMAT) throw new ModelFileError(`${path}: $.format must be "${MODEL_FORMAT}", got ${JSON.stringify(m?.format)}`);
  const vocabulary = m.vocabulary;
  if (!Array.isArray(vocabulary) || !vocabulary.every((c) => typeof c === 'string') || !vocabulary.includes('\n')) {
    throw new ModelFileError(`${path}: $.vocabulary must be an array of characters including "\\n"`);
  }
  const params = m.params as Record<string, unknown> | undefined;
  const V = vocabulary.length;
  const nA = Array.isArray(params?.ba) ? params.ba.length : 0;
  const matrix = (name: string, r: number, c: number): Float64Array => {
    const v = params?.[name];
    const where = `$.params.${name}`;
    if (!Array.isArray(v) || v.length !== r) throw new ModelFileError(`${path}: ${where} must have ${r} rows, got ${Array.isArray(v) ? v.length : typeof v}`);
    const out = new Float64Array(r * c);
    v.forEach((row: unknown, i) => {
      if (!Array.isArray(row) || row.length !== c) throw new ModelFileError(`${path}: ${where}[${i}] must have ${c} entries`);
      row.forEach((x: unknown, j) => (out[i * c + j] = decodeNumber(x, `${path}: ${where}[${i}][${j}]`)));
    });
    return out;
  };
  if (nA === 0) throw new ModelFileError(`${path}: $.params.ba must be a non-empty column`);
  const p: FastParams = { nA, V, Wax: matrix('Wax', nA, V), Waa: matrix('Waa', nA, nA), Wya: matrix('Wya', V, nA), ba: matrix('ba', nA, 1), by: matrix('by', V, 1) };
  const aLast = Array.isArray(m.aLast) && m.aLast.length === nA ? Float64Array.from(m.aLast, (x, k) => decodeNumber(x, `${path}: $.aLast[${k}]`)) : new Float64Array(nA);
  return { params: p, vocabulary, aLast, smoothedLoss: decodeNumber(m.smoothedLoss ?? 'NaN', `${path}: $.smoothedLoss`) };
}
