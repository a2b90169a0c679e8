import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDataset } from '../../src/data/dataset.js';
import { flowTable, type FlowModel } from '../../src/flow/flow.js';
import { fileModel, gruVariantOf, layersOf } from '../../src/flow/models.js';
import { initGru } from '../../src/reference/gru/types.js';
import { fromRows, shape, type Matrix } from '../../src/reference/linalg.js';
import { initLstm, type LstmVariant } from '../../src/reference/lstm/types.js';
import { trainCell } from '../../src/train/cell-train.js';
import { modelJson, readAnyModel } from '../../src/train/model-file.js';
import { TEMPLATE_DEFAULTS } from '../../src/train/train.js';

const dir = mkdtempSync(join(tmpdir(), 'rnn-oracle-flow-file-'));
const dataset = loadDataset('elements');
const V = dataset.vocabulary.length;
const nA = 3;

/** The reference's parameters rebuilt by hand from the flat arrays, each reshaped to the reference's own matrix of that name (not through src/engine). */
function byName(template: Record<string, unknown>, named: Record<string, Float64Array>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...template };
  for (const [name, values] of Object.entries(named)) {
    const [r, c] = shape(template[name] as Matrix);
    expect(values.length).toBe(r * c);
    out[name] = fromRows(Array.from({ length: r }, (_, i) => Array.from(values.subarray(i * c, (i + 1) * c))));
  }
  return out;
}

/** Trains a cell run a few iterations, writes its model file as `train --out` does, and returns the path and the trained parameters by name. */
function trainedFile(cell: 'lstm' | 'gru' | 'rnn', variant: string | undefined, layers = 1) {
  const config = { ...TEMPLATE_DEFAULTS, hidden: nA, iterations: 30, cell, ...(variant ? { variant } : {}), ...(layers > 1 ? { layers } : {}) };
  const result = trainCell(dataset, config);
  const path = join(dir, `${cell}-${(variant ?? String(layers)).replace('/', '-')}.json`);
  writeFileSync(path, modelJson(dataset, config, result));
  return { path, named: result.named };
}

const flow = (model: FlowModel) => flowTable(model, { T: 4, sequences: 2, seed: 0 });

describe('the gradient flow of a trained model read from its file', () => {
  it.each(['course', 'split'] as const)('equals, for the LSTM (%s), the flow of the same trained parameters rebuilt by name', (variant: LstmVariant) => {
    const { path, named } = trainedFile('lstm', variant);
    const model = fileModel(readAnyModel(path));
    expect(model.cell).toBe('lstm');
    const direct = byName(initLstm({ nA, nX: V, nY: V }, { variant }) as unknown as Record<string, unknown>, named);
    // the file holds the trained numbers exactly (JSON round-trips a double), so the two flows are the same numbers
    expect(flow(model)).toEqual(flow({ cell: 'lstm', params: direct as never }));
  });

  it.each(['after-matmul/gate-keeps-old', 'before-matmul/gate-takes-new'])('equals, for the GRU (%s), the flow of the same trained parameters rebuilt by name', (variant) => {
    const { path, named } = trainedFile('gru', variant);
    const model = fileModel(readAnyModel(path));
    expect(model.cell).toBe('gru');
    const direct = byName(initGru({ nA, nX: V, nY: V }, gruVariantOf(variant)) as unknown as Record<string, unknown>, named);
    expect(flow(model)).toEqual(flow({ cell: 'gru', params: direct as never }));
  });

  it('counts the layers of a stacked vanilla file and does not measure it', () => {
    const file = readAnyModel(trainedFile('rnn', undefined, 2).path);
    expect(layersOf(file)).toBe(2);
    expect(() => fileModel(file)).toThrow(/stacked model \(2 layers\)/);
  });
});
