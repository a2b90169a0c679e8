/**
 * The models the explorer measures at initialisation: the vanilla cell as the course template
 * initialises it (numpy seed(1), Wax, Waa, Wya = randn·0.01, biases 0 — src/engine/model.ts), and
 * the gated cells as PyTorch's nn.LSTM / nn.GRU do by default: every weight uniform in
 * [−1/√nA, 1/√nA], here with zero biases (the LSTM's forget bias too), from numpy's stream; and,
 * so that cell and initialisation can be told apart, the vanilla cell at that scale too. And the
 * models `rnn-oracle train` wrote (vanilla, LSTM or GRU, any variant), as the reference's matrices.
 *
 * Shapes: nA = hidden size, V = vocabulary size (nX = nY = V).
 */
import { toReference } from '../engine/convert.js';
import { gruToReference, lstmToReference } from '../engine/gated-convert.js';
import { gruFromNamed } from '../engine/gru-params.js';
import { lstmFromNamed } from '../engine/lstm-params.js';
import { templateInit, zeroParams } from '../engine/model.js';
import type { GruVariant, ResetPlacement, UpdateBlend } from '../reference/gru/types.js';
import { initGru } from '../reference/gru/types.js';
import type { LstmVariant } from '../reference/lstm/types.js';
import { initLstm } from '../reference/lstm/types.js';
import { NumpyRandom } from '../random/numpy.js';
import type { NamedParams } from '../engine/gated-params.js';
import type { CellModelFile } from '../train/cell-model.js';
import type { CellSettings } from '../train/cells.js';
import type { ModelFile } from '../train/model-file.js';
import { INIT_SEED } from '../train/train.js';
import type { FlowModel } from './flow.js';

/** The template's vanilla RNN before training (its own seed, INIT_SEED = 1). */
export function templateRnn(nA: number, V: number): FlowModel {
  return { cell: 'rnn', params: toReference(templateInit(nA, V, INIT_SEED)) };
}

/** The vanilla RNN at PyTorch's nn.RNN default instead: Wax, Waa, Wya uniform in [−1/√nA, 1/√nA] (in that order), biases 0. */
export function uniformRnn(nA: number, V: number, seed: number): FlowModel {
  const rng = new NumpyRandom(seed);
  const p = zeroParams(nA, V);
  const s = pytorchScale(nA);
  for (const W of [p.Wax, p.Waa, p.Wya]) for (let k = 0; k < W.length; k++) W[k] = (2 * rng.randomSample() - 1) * s;
  return { cell: 'rnn', params: toReference(p) };
}

/** PyTorch's default scale for a hidden size nA: weights uniform in [−1/√nA, 1/√nA]. */
export function pytorchScale(nA: number): number {
  return 1 / Math.sqrt(nA);
}

/** An LSTM at PyTorch's default scale, weights from numpy's seed(`seed`). */
export function initialLstm(nA: number, V: number, variant: LstmVariant, seed: number): FlowModel {
  const rng = new NumpyRandom(seed);
  return { cell: 'lstm', params: initLstm({ nA, nX: V, nY: V }, { variant, scale: pytorchScale(nA), random: () => rng.randomSample() }) };
}

/** A GRU at PyTorch's default scale, weights from numpy's seed(`seed`). */
export function initialGru(nA: number, V: number, variant: GruVariant, seed: number): FlowModel {
  const rng = new NumpyRandom(seed);
  return { cell: 'gru', params: initGru({ nA, nX: V, nY: V }, variant, pytorchScale(nA), () => rng.randomSample()) };
}

/** A GRU convention from its `--variant` spelling ("after-matmul/gate-keeps-old"). */
export function gruVariantOf(name: string): GruVariant {
  const [reset, blend] = name.split('/') as [ResetPlacement, UpdateBlend];
  return { reset, blend };
}

/** The hidden layers of a model file: 1, or config.layers of a stacked vanilla run. */
export function layersOf(file: ModelFile | CellModelFile): number {
  return 'named' in file ? (file.settings.layers ?? 1) : 1;
}

/** A trained LSTM or GRU from its parameters by the reference's names (what trainCell returns and a model file holds), as the reference's matrices. */
export function namedCellModel(settings: CellSettings, nA: number, V: number, named: Readonly<NamedParams>): FlowModel {
  if (settings.cell === 'lstm') return { cell: 'lstm', params: lstmToReference(lstmFromNamed(settings.variant as LstmVariant, nA, V, named)) };
  if (settings.cell === 'gru') return { cell: 'gru', params: gruToReference(gruFromNamed(gruVariantOf(settings.variant!), nA, V, named)) };
  throw new RangeError(`namedCellModel: a stacked model (${settings.layers ?? 1} layers) has no single recurrent Jacobian here`);
}

/** The model in a file `rnn-oracle train` wrote, as the reference's matrices: the vanilla cell, or an LSTM or GRU of any variant (not stacked). */
export function fileModel(file: ModelFile | CellModelFile): FlowModel {
  if (!('named' in file)) return { cell: 'rnn', params: toReference(file.params) };
  return namedCellModel(file.settings, file.run.config.hidden, file.vocabulary.length, file.named);
}
