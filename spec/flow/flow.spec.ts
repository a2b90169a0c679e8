import fc from 'fast-check';
import { complex } from 'mathjs';
import { describe, expect, it } from 'vitest';
import { lastLossGradients, norm, type FlowModel, type FlowSequence } from '../../src/flow/flow.js';
import { backwardSequence, forwardSequence } from '../../src/reference/bptt.js';
import { gruBackward, gruForward } from '../../src/reference/gru/bptt.js';
import { GRU_VARIANTS, gruShapes, type GruParams } from '../../src/reference/gru/types.js';
import { column, entries, fromRows, imagPart, matmul, minus, realPart, transpose, zeros, type Matrix, type Scalar } from '../../src/reference/linalg.js';
import { lstmBackward, lstmForward } from '../../src/reference/lstm/bptt.js';
import { LSTM_VARIANTS, lstmShapes, type LstmParams } from '../../src/reference/lstm/types.js';
import type { Params } from '../../src/reference/types.js';
import { gatedDimsArb, namedMatricesArb, readsTheState, sequenceArb, type GatedDims } from '../helpers/gated-arbitraries.js';
import { COMPLEX_STEP_H } from '../helpers/gated-gradcheck.js';
import { CLEARLY_WRONG, FLOW_BPTT_SUM, FLOW_COMPLEX_STEP } from '../helpers/tolerances.js';

/** Runs per property; MEASURE_FLOW=N runs N and prints the worst disagreement seen. */
const MEASURE = Number(process.env.MEASURE_FLOW ?? 0);
const runs = (n: number) => ({ numRuns: MEASURE || n });
const worst: Record<string, number> = {};
const record = (key: string, v: number) => (worst[key] = Math.max(worst[key] ?? 0, v));

type Cell = { name: string; shapes: (d: GatedDims) => Record<string, [number, number]>; model: (m: Record<string, Matrix>) => FlowModel };
const CELLS: Cell[] = [
  { name: 'rnn', shapes: ({ nA, nX, nY }) => ({ Wax: [nA, nX], Waa: [nA, nA], Wya: [nY, nA], ba: [nA, 1], by: [nY, 1] }), model: (m) => ({ cell: 'rnn', params: m as unknown as Params }) },
  ...LSTM_VARIANTS.map((variant): Cell => ({ name: `lstm ${variant}`, shapes: (d) => lstmShapes(variant, d), model: (m) => ({ cell: 'lstm', params: { variant, ...m } as unknown as LstmParams }) })),
  ...GRU_VARIANTS.map((variant): Cell => ({ name: `gru ${variant.reset}/${variant.blend}`, shapes: (d) => gruShapes(variant, d), model: (m) => ({ cell: 'gru', params: { variant, ...m } as unknown as GruParams }) })),
];

/** A random model of the cell and a sequence; the loss must read the state (else ∂l/∂a is 0 up to rounding, and relative errors mean nothing). */
const caseArb = (cell: Cell) =>
  gatedDimsArb(5)
    .chain((dims) => fc.tuple(namedMatricesArb(cell.shapes(dims)), sequenceArb(dims)).map(([m, seq]) => ({ model: cell.model(m), seq })))
    .filter(({ model }) => readsTheState(model));

/** The states (a⟨t⟩, c⟨t⟩) of the plain forward pass, t = 0…T, from a⟨0⟩ = c⟨0⟩ = 0. */
function states(model: FlowModel, { inputs, targets }: FlowSequence): { a: Matrix[]; c?: Matrix[] } {
  const nA = model.params.Wya.size()[1];
  if (model.cell === 'rnn') return { a: [zeros(nA, 1), ...forwardSequence(model.params, inputs, targets).steps.map((s) => s.a)] };
  if (model.cell === 'gru') return { a: [zeros(nA, 1), ...gruForward(model.params, inputs, targets).steps.map((s) => s.a)] };
  const steps = lstmForward(model.params, inputs, targets).steps;
  return { a: [zeros(nA, 1), ...steps.map((s) => s.a)], c: [zeros(nA, 1), ...steps.map((s) => s.c)] };
}

/** l⟨T⟩ alone, running the cell's own forward pass from step t + 1 with a⟨t⟩ (and c⟨t⟩) given. */
function lastLossFrom(model: FlowModel, { inputs, targets }: FlowSequence, t: number, a: Matrix, c?: Matrix): Scalar {
  const [xs, ys] = [inputs.slice(t), targets.slice(t)];
  const steps =
    model.cell === 'rnn' ? forwardSequence(model.params, xs, ys, a).steps : model.cell === 'gru' ? gruForward(model.params, xs, ys, a).steps : lstmForward(model.params, xs, ys, a, c).steps;
  return steps[steps.length - 1].loss;
}

/** ∂l⟨T⟩/∂a⟨t⟩ (or ∂/∂c⟨t⟩) by the complex step: a⟨t⟩ + ih·eⱼ injected, Im l⟨T⟩ / h, for each j. */
function complexStep(model: FlowModel, seq: FlowSequence, t: number, which: 'a' | 'c'): Matrix {
  const s = states(model, seq);
  const base = which === 'a' ? s.a[t] : (s.c as Matrix[])[t];
  const values = entries(base).map(realPart);
  const bumped = (j: number) => column(values.map((v, i): Scalar => (i === j ? complex(v, COMPLEX_STEP_H) : v)));
  return column(
    values.map((_, j) => imagPart(which === 'a' ? lastLossFrom(model, seq, t, bumped(j), s.c?.[t]) : lastLossFrom(model, seq, t, s.a[t], bumped(j))) / COMPLEX_STEP_H),
  );
}

/** ‖u − v‖ / max(‖v‖, tiny): the normwise relative disagreement. */
const relative = (u: Matrix, v: Matrix) => norm(minus(u, v)) / Math.max(norm(v), Number.MIN_VALUE);

describe('lastLossGradients — the product of step Jacobians, eq. (22) and its LSTM/GRU counterparts', () => {
  it.each(CELLS.map((c) => [c.name, c] as const))('equals the complex-step derivative of l⟨T⟩ with respect to an injected a⟨t⟩ at every t < T (%s)', (name, cell) => {
    fc.assert(
      fc.property(caseArb(cell), ({ model, seq }) => {
        const g = lastLossGradients(model, seq);
        for (let t = 0; t < seq.inputs.length; t++) {
          const e = relative(g.da[t], complexStep(model, seq, t, 'a'));
          record(name, e);
          expect(e).toBeLessThanOrEqual(FLOW_COMPLEX_STEP);
          if (g.dc) {
            const ec = relative(g.dc[t], complexStep(model, seq, t, 'c'));
            record(name, ec);
            expect(ec).toBeLessThanOrEqual(FLOW_COMPLEX_STEP);
          }
        }
      }),
      runs(10),
    );
  });

  it.each(CELLS.map((c) => [c.name, c] as const))('summed over every step s of the sequence, ∂l⟨s⟩/∂a⟨0⟩ is the reference BPTT’s ∂L/∂a⟨0⟩ (%s)', (name, cell) => {
    fc.assert(
      fc.property(caseArb(cell), ({ model, seq }) => {
        const T = seq.inputs.length;
        const prefixes = Array.from({ length: T }, (_, s) => lastLossGradients(model, { inputs: seq.inputs.slice(0, s + 1), targets: seq.targets.slice(0, s + 1) }).da[0]);
        const summed = prefixes.reduce((sum, d) => sum.map((v, i) => v + realPart(entries(d)[i])), entries(prefixes[0]).map(() => 0));
        const { inputs, targets } = seq;
        const da0 =
          model.cell === 'rnn'
            ? backwardSequence(model.params, forwardSequence(model.params, inputs, targets)).da0
            : model.cell === 'gru'
              ? gruBackward(model.params, gruForward(model.params, inputs, targets)).da0
              : lstmBackward(model.params, lstmForward(model.params, inputs, targets)).da0;
        const e = relative(column(summed), da0);
        record(`${name} (sum)`, e);
        expect(e).toBeLessThanOrEqual(FLOW_BPTT_SUM);
      }),
      runs(10),
    );
  });

  it('misses the complex step when the tanh derivative is dropped from eq. (22), as the document writes it', () => {
    // Wax·x + ba puts a⟨t⟩ far from 0, so that 1 − a⟨t⟩² is far from 1.
    const params: Params = {
      Wax: fromRows([[2], [-1.5]]),
      Waa: fromRows([[0.6, 0.3], [-0.4, -0.2]]),
      Wya: fromRows([[1, 0.5], [-1, -0.5]]),
      ba: column([0.3, 0.8]),
      by: zeros(2, 1),
    };
    const model: FlowModel = { cell: 'rnn', params };
    const seq = { inputs: [0, 0, 0], targets: [1, 0, 1] };
    const right = complexStep(model, seq, 0, 'a');
    const g = lastLossGradients(model, seq);
    // the document's (22): ∂a⟨t⟩/∂a⟨t−1⟩ = Waa, so each step back multiplies by Waaᵀ alone
    const literal = [3, 2, 1].reduce((v) => matmul(transpose(params.Waa), v), g.da[3]);
    expect(relative(g.da[0], right)).toBeLessThanOrEqual(FLOW_COMPLEX_STEP);
    expect(relative(literal, right)).toBeGreaterThan(CLEARLY_WRONG);
  });
});

if (MEASURE) {
  describe('measured', () => {
    it('prints the worst disagreements', () => {
      console.log('worst normwise relative disagreement:', JSON.stringify(worst));
    });
  });
}
