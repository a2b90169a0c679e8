/** The engines' common training shape (src/engine/gated-cell-engine.ts) against train.ts and the references. */
import { describe, expect, it } from 'vitest';
import { loadDataset } from '../../src/data/dataset.js';
import { CELL_KINDS, createCellEngine, type CellEngine, type CellKind } from '../../src/engine/gated-cell-engine.js';
import { lossAndGradients } from '../../src/reference/bptt.js';
import { deepBackward, deepForward } from '../../src/reference/deep/bptt.js';
import { clipElementwise } from '../../src/reference/clip.js';
import { gruLossAndGradients } from '../../src/reference/gru/bptt.js';
import { GRU_VARIANTS, type GruParams } from '../../src/reference/gru/types.js';
import { column, fromRows, realPart, type Matrix } from '../../src/reference/linalg.js';
import { lstmLossAndGradients } from '../../src/reference/lstm/bptt.js';
import type { LstmParams } from '../../src/reference/lstm/types.js';
import type { Params } from '../../src/reference/types.js';
import { encodeExample, shuffledExamples, train } from '../../src/train/train.js';
import { expectNamedClose } from '../helpers/gated-engine.js';
import { GATED_ENGINE_AGREEMENT } from '../helpers/tolerances.js';

const dataset = loadDataset('elements');
const V = dataset.vocabulary.length;
const examples = shuffledExamples(dataset).map((e) => encodeExample(e, dataset.charToIndex));

/** The template's per-name loop on an engine: state carried, clip 5, SGD lr. */
function trainWith(engine: CellEngine, iterations: number, lr: number): { state: Float64Array; losses: number[] } {
  let state: Float64Array = new Float64Array(engine.stateLength);
  const losses: number[] = [];
  for (let j = 0; j < iterations; j++) {
    const { X, Y } = examples[j % examples.length];
    losses.push(engine.forward(X, Y, state));
    engine.backward(X, Y);
    expect(engine.clipAndStep(5, lr)).toBeUndefined();
    state = engine.finalState(X.length);
  }
  return { state, losses };
}

/** Flat named arrays as the reference's matrices, nA×… shapes read from the names' known sizes. */
function asMatrices(named: Record<string, Float64Array>, rowsOf: (name: string) => number): Record<string, Matrix> {
  return Object.fromEntries(Object.entries(named).map(([n, v]) => {
    const r = rowsOf(n);
    const c = v.length / r;
    return [n, fromRows(Array.from({ length: r }, (_, i) => Array.from(v.subarray(i * c, (i + 1) * c))))];
  }));
}

/** The stacked reference's loss, gradients by engine name (`dWax[1]`) and last states, for named matrices. */
function deepReference(p: Record<string, Matrix>, X: (number | null)[], Y: number[], state: number[], nA: number) {
  const L = state.length / nA;
  const params = { layers: Array.from({ length: L }, (_, k) => ({ Wax: p[`Wax[${k + 1}]`], Waa: p[`Waa[${k + 1}]`], ba: p[`ba[${k + 1}]`] })), Wya: p.Wya, by: p.by };
  const forward = deepForward(params, X, Y, Array.from({ length: L }, (_, k) => column(state.slice(k * nA, (k + 1) * nA))));
  const g = deepBackward(params, forward);
  const grads: Record<string, Matrix> = { dWya: g.dWya, dby: g.dby };
  g.layers.forEach((layer, k) => Object.entries(layer).forEach(([n, M]) => (grads[`${n}[${k + 1}]`] = M)));
  const states = forward.steps[forward.steps.length - 1].states.slice(1);
  return { loss: forward.loss, grads, nextState: states.flatMap((a) => (a.toArray() as number[][]).flat()) };
}

/** One template step done by the reference: loss, gradients, clip at 5, θ ← θ + (−lr)·g, and the state reached. */
function referenceStep(cell: CellKind, p: Record<string, Matrix>, X: (number | null)[], Y: number[], state: number[], nA: number, lr: number) {
  if (cell === 'rnn' && state.length > nA) {
    const { loss, grads, nextState } = deepReference(p, X, Y, state, nA);
    const next = Object.fromEntries(Object.entries(p).map(([n, M]) => [n, M.map((v, [i, j]) => v + -lr * (clipElementwise(grads[`d${n}`], 5).get([i, j]) as number))]));
    return { loss: realPart(loss), next, nextState };
  }
  const run =
    cell === 'rnn' ? lossAndGradients(p as unknown as Params, X, Y, column(state))
    : cell === 'lstm' ? lstmLossAndGradients({ variant: 'split', ...p } as unknown as LstmParams, X, Y, column(state.slice(0, nA)), column(state.slice(nA)))
    : gruLossAndGradients({ variant: GRU_VARIANTS[2], ...p } as unknown as GruParams, X, Y, column(state));
  const grads = (cell === 'rnn' ? run.gradients : (run.gradients as { dParams: Record<string, Matrix> }).dParams) as Record<string, Matrix>;
  const next = Object.fromEntries(Object.entries(p).map(([n, M]) => [n, M.map((v, [i, j]) => v + -lr * (clipElementwise(grads[`d${n}`], 5).get([i, j]) as number))]));
  const last = run.forward.steps[run.forward.steps.length - 1] as unknown as { a: Matrix; c?: Matrix };
  const nextState = [...(last.a.toArray() as number[][]).flat(), ...(last.c ? (last.c.toArray() as number[][]).flat() : [])];
  return { loss: realPart(run.loss), next, nextState };
}

describe('createCellEngine — one training shape for every cell', () => {
  it('trains the vanilla cell bit for bit as train() does (template initialisation, state carried, clip, SGD)', () => {
    const engine = createCellEngine('rnn', 8, V);
    const { state } = trainWith(engine, 30, 0.01);
    const ref = train(dataset, { hidden: 8, iterations: 30, lr: 0.01, clip: 5, every: 1000, samples: 0 });
    expect(state).toEqual(ref.aLast);
    for (const [n, v] of Object.entries(engine.namedParams())) expect(v, n).toEqual(ref.params[n as 'Wax']);
  });

  it.each([['rnn', 1], ['lstm', 1], ['gru', 1], ['rnn', 2], ['rnn', 3]] as const)('takes the same %s training steps (%i layers) as the reference (loss, clipped SGD update, carried state) on real names', (cell, layers) => {
    const nA = 3;
    const engine = createCellEngine(cell, nA, V, { lstmVariant: 'split', gruVariant: GRU_VARIANTS[2], seed: 4, layers });
    const rowsOf = (n: string) => (n === 'Wya' || n === 'by' ? V : cell === 'lstm' ? 4 * nA : nA);
    expect(engine.stateLength).toBe((cell === 'lstm' ? 2 : layers) * nA);
    let p = asMatrices(engine.namedParams(), rowsOf);
    let state = new Array(engine.stateLength).fill(0);
    for (let j = 0; j < 4; j++) {
      const { X, Y } = examples[j];
      const ref = referenceStep(cell, p, X, Y, state, nA, 0.5);
      const loss = engine.forward(X, Y, Float64Array.from(state));
      expect(Math.abs(loss - ref.loss) / ref.loss).toBeLessThanOrEqual(GATED_ENGINE_AGREEMENT);
      engine.backward(X, Y);
      expect(engine.clipAndStep(5, 0.5)).toBeUndefined();
      expectNamedClose(engine.namedParams(), ref.next, GATED_ENGINE_AGREEMENT);
      [...engine.finalState(X.length)].forEach((v, k) => expect(Math.abs(v - ref.nextState[k])).toBeLessThanOrEqual(GATED_ENGINE_AGREEMENT));
      p = ref.next;
      state = ref.nextState;
    }
  });

  it.each(CELL_KINDS)('lowers the smoothed loss of the %s cell over 300 names (the step descends)', (cell) => {
    const { losses } = trainWith(createCellEngine(cell, 16, V), 300, 0.05);
    const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(mean(losses.slice(-50))).toBeLessThan(mean(losses.slice(0, 50)));
  });

  it('refuses stacked gated layers and a layer count that is not a whole number ≥ 1, in one line', () => {
    expect(() => createCellEngine('lstm', 4, V, { layers: 2 })).toThrow('layers > 1 is for the vanilla cell only (src/reference/deep/ stacks vanilla layers), got 2 for lstm');
    expect(() => createCellEngine('rnn', 4, V, { layers: 0 })).toThrow('layers must be a whole number ≥ 1, got 0');
  });

  it('trains two stacked layers so that the loss falls too', () => {
    const { losses } = trainWith(createCellEngine('rnn', 16, V, { layers: 2 }), 300, 0.05);
    const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(mean(losses.slice(-50))).toBeLessThan(mean(losses.slice(0, 50)));
  });

  it.each([['rnn', 1], ['lstm', 1], ['gru', 1], ['rnn', 2]] as const)('loads the %s parameters (%i layers) it gives, names a mis-sized one, and gives ŷ as a distribution', (cell, layers) => {
    const engine = createCellEngine(cell, 4, V, { seed: 3, layers });
    const named = engine.namedParams();
    engine.loadNamed(named);
    expect(engine.namedParams()).toEqual(named);
    const first = Object.keys(named)[0];
    expect(() => engine.loadNamed({ ...named, [first]: new Float64Array(1) })).toThrow(`${first} must have`);
    engine.forward([null, 2], [2, 0], new Float64Array(engine.stateLength));
    expect([...engine.probabilities(1)].reduce((s, x) => s + x, 0)).toBeCloseTo(1, 14);
  });
});
