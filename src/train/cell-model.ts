/**
 * A cell run's model file (src/train/model-file.ts gives the format): $.config records the cell —
 * config.cell ("lstm", "gru", or "rnn" with config.layers ≥ 2), config.variant (the LSTM's or GRU's
 * convention as `--variant` spells it), config.layers, config.forgetBias — and $.params holds the
 * parameters by the reference's names (Wf, bf, …; Wih, bih, …; Wrx, …, bhn; Wax[1], Waa[2], …), each
 * a flat row-major array; $.aLast is the carried state ([a; c] for the LSTM, [a[1]; …; a[L]] when
 * stacked). Errors are one line naming the file and the JSON path.
 */
import { encodeNumber } from '../data/json-numbers.js';
import type { NamedParams } from '../engine/gated-params.js';
import { cellEngine, CELLS, MAX_TRAIN_LAYERS, TRAIN_CELL_VARIANTS, type CellSettings } from './cells.js';
import type { ModelRun } from './model-check.js';
import { decodeNumber, ModelFileError, type Fail } from './model-values.js';
import { INIT_SEED } from './sequences.js';

/** A model file of a cell run. */
export interface CellModelFile {
  readonly settings: CellSettings;
  readonly named: NamedParams;
  readonly vocabulary: readonly string[];
  readonly aLast: Float64Array;
  readonly smoothedLoss: number;
  readonly run: ModelRun;
}

/** Whether a parsed file's $.config names a cell run. */
export function isCellConfig(c: unknown): boolean {
  const config = c as Record<string, unknown> | undefined;
  return typeof config === 'object' && config !== null && (config.cell !== undefined || config.layers !== undefined || config.variant !== undefined || config.forgetBias !== undefined);
}

/** The cell settings of $.config, each checked (one line naming the JSON path). */
export function checkCellSettings(c: Record<string, unknown>, fail: Fail): CellSettings {
  if (!(CELLS as readonly unknown[]).includes(c.cell)) fail('$.config.cell', `must be ${CELLS.map((k) => `"${k}"`).join(', ')}, got ${JSON.stringify(c.cell)}`);
  const cell = c.cell as CellSettings['cell'] & string;
  const variants = TRAIN_CELL_VARIANTS[cell];
  if (variants.length > 0 && !variants.includes(c.variant as string)) fail('$.config.variant', `must be one of ${variants.join(', ')} for the ${cell}, got ${JSON.stringify(c.variant)}`);
  if (variants.length === 0 && c.variant !== undefined) fail('$.config.variant', `is set but the ${cell} cell has no variants`);
  const layers = c.layers ?? 1;
  if (!(Number.isSafeInteger(layers) && (layers as number) >= 1 && (layers as number) <= MAX_TRAIN_LAYERS)) fail('$.config.layers', `must be an integer from 1 to ${MAX_TRAIN_LAYERS}, got ${JSON.stringify(c.layers)}`);
  if ((layers as number) > 1 && cell !== 'rnn') fail('$.config.layers', `is ${layers} but stacked layers are for the vanilla cell only`);
  if (cell === 'rnn' && layers === 1) fail('$.config.cell', 'is "rnn" with one layer: that is the template, whose file has no $.config.cell');
  if (c.forgetBias !== undefined && !(cell === 'lstm' && typeof c.forgetBias === 'number' && Math.abs(c.forgetBias) < 100)) fail('$.config.forgetBias', `must be a number in (-100, 100) and only for the lstm, got ${JSON.stringify(c.forgetBias)}`);
  for (const k of ['optimizer', 'clipNorm', 'init'] as const) if (c[k] !== undefined) fail(`$.config.${k}`, `is set but a ${cell} run steps with the template's clip and SGD from its own initialisation`);
  return { cell, ...(c.variant !== undefined ? { variant: c.variant as string } : {}), ...(layers !== 1 ? { layers: layers as number } : {}), ...(c.forgetBias !== undefined ? { forgetBias: c.forgetBias as number } : {}) };
}

/** The parameters of $.params by name and the carried state $.aLast, checked against the cell's names and sizes. */
export function readCellState(m: Record<string, unknown>, settings: CellSettings, nA: number, V: number, path: string): { named: NamedParams; aLast: Float64Array } {
  const engine = cellEngine(settings, nA, V, INIT_SEED);
  const expected = engine.namedParams();
  const raw = m.params as Record<string, unknown> | undefined;
  if (typeof raw !== 'object' || raw === null) throw new ModelFileError(`${path}: $.params must be an object of the ${settings.cell}'s parameters by name (${Object.keys(expected).join(', ')})`);
  const vector = (v: unknown, where: string, n: number) => {
    if (!Array.isArray(v) || v.length !== n) throw new ModelFileError(`${path}: ${where} must be an array of ${n} numbers, got ${Array.isArray(v) ? `${v.length}` : typeof v}`);
    return Float64Array.from(v, (x, k) => decodeNumber(x, `${path}: ${where}[${k}]`));
  };
  const named: NamedParams = {};
  for (const [name, value] of Object.entries(expected)) named[name] = vector(raw[name], `$.params[${JSON.stringify(name)}]`, value.length);
  const extra = Object.keys(raw).find((k) => !(k in expected));
  if (extra !== undefined) throw new ModelFileError(`${path}: $.params[${JSON.stringify(extra)}] is not a parameter of this ${settings.cell} (${Object.keys(expected).join(', ')})`);
  return { named, aLast: vector(m.aLast, '$.aLast', engine.stateLength) };
}

/** Named parameters as the file writes them: flat arrays, non-finite numbers as strings. */
export function namedJson(named: Readonly<NamedParams>): Record<string, (number | string)[]> {
  return Object.fromEntries(Object.entries(named).map(([n, v]) => [n, Array.from(v, encodeNumber)]));
}
