/** The engines' common training shape (src/engine/gated-cell-engine.ts) against train.ts and the references. */
import { describe, expect, it } from 'vitest';
import { loadDataset } from '../../src/data/dataset.js';
import { CELL_KINDS, createCellEngine, type CellEngine, type CellKind } from '../../src/engine/gated-cell-engine.js';
import { GRU_VARIANTS } from '../../src/reference/gru/types.js';
import { encodeExample, shuffledExamples, train } from '../../src/train/train.js';
import { asMatrices, referenceStep } from '../helpers/cell-steps.js';
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
