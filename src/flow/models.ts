/**
 * The models the explorer measures at initialisation: the vanilla cell as the course template
 * initialises it (numpy seed(1), Wax, Waa, Wya = randn·0.01, biases 0 — src/engine/model.ts), and
 * the gated cells as PyTorch's nn.LSTM / nn.GRU do by default: every weight uniform in
 * [−1/√nA, 1/√nA], here with zero biases (the LSTM's forget bias too), from numpy's stream; and,
 * so that cell and initialisation can be told apart, the vanilla cell at that scale too.
 *
 * Shapes: nA = hidden size, V = vocabulary size (nX = nY = V).
 */
import { toReference } from '../engine/convert.js';
import { templateInit, zeroParams } from '../engine/model.js';
import type { GruVariant } from '../reference/gru/types.js';
import { initGru } from '../reference/gru/types.js';
import type { LstmVariant } from '../reference/lstm/types.js';
import { initLstm } from '../reference/lstm/types.js';
import { NumpyRandom } from '../random/numpy.js';
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
