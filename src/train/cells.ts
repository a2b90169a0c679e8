/**
 * `train --cell rnn|lstm|gru [--variant …] [--layers N] [--forget-bias B]` (issue #13): which cell a
 * run trains, through the fast engines' common shape (src/engine/gated-cell-engine.ts). A run with
 * the vanilla cell and one layer is the template and leaves every cell field out (its model file and
 * log stay exactly as before); any other cell is a "cell run", whose settings are recorded in the
 * model file's $.config (cell, variant, layers, forgetBias) beside the template's.
 *
 * The engines step with the template's update only (elementwise clip, then SGD), so a cell run
 * refuses `--optimizer adagrad` and `--clip-norm`; `--chunk` works (a chunk is a sequence like a
 * name, and its "fresh" start zeroes the whole carried state: [a; c] for the LSTM, every layer's a
 * when stacked).
 */
import { createCellEngine, type CellEngine, type CellKind } from '../engine/gated-cell-engine.js';
import { GRU_VARIANTS, type GruVariant } from '../reference/gru/types.js';
import { LSTM_VARIANTS, type LstmVariant } from '../reference/lstm/types.js';
import { isCellRun, TrainConfigError, type CellSettings } from './variants.js';

export { isCellRun, type CellSettings } from './variants.js';

export type { CellKind } from '../engine/gated-cell-engine.js';
export const CELLS: readonly CellKind[] = ['rnn', 'lstm', 'gru'];

/** Each cell's conventions as `--variant` spells them (as gradcheck does); the first is the cell's default. */
export const TRAIN_CELL_VARIANTS: Readonly<Record<CellKind, readonly string[]>> = {
  rnn: [],
  lstm: LSTM_VARIANTS,
  gru: GRU_VARIANTS.map((v) => `${v.reset}/${v.blend}`),
};

/** Most stacked layers `--layers` takes (as gradcheck: each layer adds nA² + nA·nA weights and its BPTT). */
export const MAX_TRAIN_LAYERS = 8;

/** The settings as a run records them: the template's left out, the gated cells' variant spelled out; one-line refusals. */
export function cellSettings(s: CellSettings, optimizer?: string, clipNorm?: number): CellSettings {
  const cell = s.cell ?? 'rnn';
  const variants = TRAIN_CELL_VARIANTS[cell];
  if (s.variant !== undefined && !variants.includes(s.variant)) {
    throw new TrainConfigError(`--variant ${s.variant} is not a variant of --cell ${cell}${variants.length > 0 ? `; --cell ${cell} takes ${variants.join(', ')}` : '; --cell rnn has no variants'}`);
  }
  const layers = s.layers ?? 1;
  if (layers > 1 && cell !== 'rnn') throw new TrainConfigError(`--layers ${layers} with --cell ${cell}: stacked layers are for the vanilla cell only (--cell rnn --layers ${layers})`);
  if (s.forgetBias !== undefined && cell !== 'lstm') throw new TrainConfigError(`--forget-bias ${s.forgetBias}: only the LSTM has a forget gate (--cell lstm)`);
  const settings = { ...(cell !== 'rnn' ? { cell, variant: s.variant ?? variants[0] } : layers > 1 ? { cell } : {}), ...(layers > 1 ? { layers } : {}), ...(s.forgetBias ? { forgetBias: s.forgetBias } : {}) };
  if (isCellRun(settings) && (optimizer === 'adagrad' || clipNorm !== undefined)) {
    const what = optimizer === 'adagrad' ? '--optimizer adagrad' : `--clip-norm ${clipNorm}`;
    throw new TrainConfigError(`${what} with ${describeCell(settings)}: the cell engines step with the template's elementwise --clip and SGD only`);
  }
  return settings;
}

/** "--cell lstm --variant split", "--cell rnn --layers 2": the options that chose the cell. */
export function describeCell(s: CellSettings): string {
  return [`--cell ${s.cell ?? 'rnn'}`, s.variant && `--variant ${s.variant}`, s.layers && `--layers ${s.layers}`, s.forgetBias && `--forget-bias ${s.forgetBias}`].filter(Boolean).join(' ');
}

/** A GRU convention from its `--variant` spelling ("after-matmul/gate-keeps-old"). */
function gruVariant(name: string): GruVariant {
  return GRU_VARIANTS[TRAIN_CELL_VARIANTS.gru.indexOf(name)];
}

/** The engine of a cell run with nA units and a vocabulary of V, initialised with numpy's seed (the template's seed(1)). */
export function cellEngine(s: CellSettings, nA: number, V: number, seed: number): CellEngine {
  const cell = s.cell ?? 'rnn';
  return createCellEngine(cell, nA, V, {
    seed,
    layers: s.layers ?? 1,
    ...(cell === 'lstm' ? { lstmVariant: s.variant as LstmVariant, forgetBias: s.forgetBias ?? 0 } : {}),
    ...(cell === 'gru' ? { gruVariant: gruVariant(s.variant!) } : {}),
  });
}
