import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { inputVector, type Input } from '../../src/reference/inputs.js';
import { entries, fromRows, realPart, shape, type Matrix } from '../../src/reference/linalg.js';
import { lstmBackward, lstmForward, lstmLossAndGradients } from '../../src/reference/lstm/bptt.js';
import { initLstm, LSTM_VARIANTS, lstmDimensions, lstmShapes, type LstmParams, type LstmVariant } from '../../src/reference/lstm/types.js';
import { gatedDimsArb, namedMatricesArb, sequenceArb, statesArb, readsTheState, type GatedDims } from '../helpers/gated-arbitraries.js';
import { centralDifferenceGradient, complexStepGradient, worstDisagreement, type Named } from '../helpers/gated-gradcheck.js';
import { plainLstm } from '../helpers/independent-gated.js';
import { rowsOf } from '../helpers/matrices.js';
import { CENTRAL_DIFFERENCE_GATED, CENTRAL_DIFFERENCE_STEP, GATED_CHECK_FAILS, GATED_COMPLEX_STEP, ROUNDING } from '../helpers/tolerances.js';

/** Runs per property; MEASURE_GATED=N runs N and prints the worst agreement seen. */
const MEASURE = Number(process.env.MEASURE_GATED ?? 0);
const runs = (n: number) => ({ numRuns: MEASURE || n });
/** A gate within this of 0 or 1 is saturated: σ′ = σ(1 − σ) < 1e-6, so its gradient all but vanishes. */
const SATURATED = 1e-6;

interface LstmProblem {
  dims: GatedDims;
  params: LstmParams;
  states: Record<string, Matrix>;
  inputs: Input[];
  targets: number[];
}

const problemArb = (variant: LstmVariant, max = 1): fc.Arbitrary<LstmProblem> =>
  gatedDimsArb().chain((dims) =>
    fc
      .tuple(namedMatricesArb(lstmShapes(variant, dims), max), statesArb(dims.nA, ['a0', 'c0']), sequenceArb(dims))
      .map(([m, states, { inputs, targets }]) => ({ dims, params: { variant, ...m } as unknown as LstmParams, states, inputs, targets })),
  );

/** The loss as a function of the named parameters and initial states (for the numerical checks). */
const lossOf = ({ params, inputs, targets }: LstmProblem) => (m: Named) =>
  lstmForward({ ...params, ...m } as LstmParams, inputs, targets, m.a0, m.c0).loss;

/** Parameters and initial states, by name: the point the gradient is taken at. */
const pointOf = ({ params, states }: LstmProblem): Named => {
  const { variant: _variant, ...matrices } = params;
  return { ...matrices, ...states };
};

const analyticOf = (p: LstmProblem, backward = lstmBackward): Named => {
  const g = backward(p.params, lstmForward(p.params, p.inputs, p.targets, p.states.a0, p.states.c0));
  return { ...g.dParams, a0: g.da0, c0: g.dc0 };
};

/** The course parameters rewritten in the split form: rows i, f, g, o; input and recurrent columns apart. */
function toSplit(p: LstmParams & { variant: 'course' }, nA: number): LstmParams {
  const gates = [p.Wi, p.Wf, p.Wc, p.Wo].map(rowsOf);
  return {
    variant: 'split',
    Wih: fromRows(gates.flatMap((W) => W.map((row) => row.slice(nA)))),
    Whh: fromRows(gates.flatMap((W) => W.map((row) => row.slice(0, nA)))),
    bih: fromRows([p.bi, p.bf, p.bc, p.bo].flatMap(rowsOf)),
    bhh: fromRows(Array.from({ length: 4 * nA }, () => [0])),
    Wya: p.Wya,
    by: p.by,
  };
}

let worstComplex = 0;
let worstCentral = 0;

describe('LSTM forward — (L1)–(L9)', () => {
  it('gives every gate and state the shape nA×1 and the loss the sum of the steps’ losses', () => {
    fc.assert(
      fc.property(problemArb('course'), ({ dims, params, states, inputs, targets }) => {
        const f = lstmForward(params, inputs, targets, states.a0, states.c0);
        expect(f.steps).toHaveLength(dims.T);
        for (const s of f.steps) for (const v of [s.gf, s.gi, s.cTilde, s.go, s.c, s.a]) expect(shape(v)).toEqual([dims.nA, 1]);
        expect(shape(f.steps[0].yHat)).toEqual([dims.nY, 1]);
        const sum = f.steps.reduce((acc, s) => acc + realPart(s.loss), 0);
        expect(Math.abs(realPart(f.loss) - sum)).toBeLessThanOrEqual(ROUNDING * dims.T);
      }),
      runs(25),
    );
  });

  it('agrees with a plain-number LSTM written from docs/lstm.md: every gate strictly inside (0, 1), and (L6) c⟨t⟩ = Γf⊙c⟨t−1⟩ + Γi⊙c̃⟨t⟩', () => {
    fc.assert(
      fc.property(problemArb('course'), ({ dims, params, states, inputs, targets }) => {
        const f = lstmForward(params, inputs, targets, states.a0, states.c0);
        const named = params as unknown as Record<string, Matrix>;
        const plainParams = Object.fromEntries(Object.keys(lstmShapes('course', dims)).map((n) => [n, rowsOf(named[n])]));
        const xs = inputs.map((x) => entries(inputVector(x, dims.nX)).map(realPart));
        const plain = plainLstm(plainParams, xs, targets, entries(states.a0).map(realPart), entries(states.c0).map(realPart));
        expect(Math.abs(realPart(f.loss) - plain.loss)).toBeLessThanOrEqual(ROUNDING * Math.max(1, plain.loss));
        f.steps.forEach((s, t) => {
          const cPrev = entries(s.cPrev).map(realPart);
          const [gf, gi, cTilde, c] = [s.gf, s.gi, s.cTilde, s.c].map((v) => entries(v).map(realPart));
          for (const gate of [gf, gi, entries(s.go).map(realPart)]) for (const g of gate) expect(g > 0 && g < 1).toBe(true);
          c.forEach((ci, i) => expect(Math.abs(ci - (gf[i] * cPrev[i] + gi[i] * cTilde[i]))).toBeLessThanOrEqual(ROUNDING));
          const mine = [s.gf, s.gi, s.cTilde, s.go, s.c, s.a].map((v) => entries(v).map(realPart));
          const theirs = [plain.steps[t].gf, plain.steps[t].gi, plain.steps[t].cTilde, plain.steps[t].go, plain.steps[t].c, plain.steps[t].a];
          mine.forEach((v, k) => v.forEach((vi, i) => expect(Math.abs(vi - theirs[k][i])).toBeLessThanOrEqual(ROUNDING)));
        });
      }),
      runs(25),
    );
  });

  it('computes the same function in the split (PyTorch) form once the course matrices are rearranged into it', () => {
    fc.assert(
      fc.property(problemArb('course'), ({ dims, params, states, inputs, targets }) => {
        const course = lstmForward(params, inputs, targets, states.a0, states.c0);
        const split = lstmForward(toSplit(params as LstmParams & { variant: 'course' }, dims.nA), inputs, targets, states.a0, states.c0);
        expect(Math.abs(realPart(split.loss) - realPart(course.loss))).toBeLessThanOrEqual(ROUNDING * Math.max(1, realPart(course.loss)));
      }),
      runs(20),
    );
  });

  it('starts the forget gate at σ(forgetBias) in both variants when the model is built with that option', () => {
    for (const variant of LSTM_VARIANTS) {
      const params = initLstm({ nA: 3, nX: 2, nY: 2 }, { variant, forgetBias: 1, scale: 0 });
      const { steps } = lstmForward(params, [0], [1]);
      for (const g of entries(steps[0].gf)) expect(Math.abs(realPart(g) - 1 / (1 + Math.exp(-1)))).toBeLessThanOrEqual(ROUNDING);
      for (const g of entries(steps[0].gi)) expect(realPart(g)).toBe(0.5);
      const random = initLstm({ nA: 3, nX: 2, nY: 2 }, { variant });
      expect(lstmDimensions(random)).toEqual({ nA: 3, nX: 2, nY: 2 });
    }
  });

  it('saturates without overflow: with weights up to ±60 gates reach 0 or 1 and every gradient stays finite', () => {
    let saturated = 0;
    fc.assert(
      fc.property(problemArb('course', 60), problemArb('split', 60), (...problems) => {
        for (const p of problems) {
          const { forward, gradients } = lstmLossAndGradients(p.params, p.inputs, p.targets, p.states.a0, p.states.c0);
          for (const s of forward.steps) {
            for (const g of [s.gf, s.gi, s.go].flatMap(entries).map(realPart)) {
              expect(g >= 0 && g <= 1).toBe(true);
              if (g < SATURATED || g > 1 - SATURATED) saturated++;
            }
          }
          const all = [...Object.values(gradients.dParams), gradients.da0, gradients.dc0].flatMap(entries).map(realPart);
          expect(all.every(Number.isFinite)).toBe(true);
        }
      }),
      runs(20),
    );
    expect(saturated).toBeGreaterThan(0);
  });

  it('names the first parameter of the wrong shape, a mismatched sequence, and a wrong c0 in one line', () => {
    const params = initLstm({ nA: 2, nX: 2, nY: 2 });
    expect(() => lstmDimensions({ ...params, bi: fromRows([[0]]) } as LstmParams)).toThrow('bi must be 2×1, got 1×1');
    expect(() => lstmDimensions({ ...params, Wf: fromRows([[0, 0], [0, 0]]) } as LstmParams)).toThrow('Wf must have 3 columns or more (nA = 2 from Wya), got 2');
    expect(() => lstmForward(params, [0, 1], [1])).toThrow('inputs and targets must have the same length');
    expect(() => lstmForward(params, [0], [1], undefined, fromRows([[0, 0]]))).toThrow('c0 must be 2×1, got 1×2');
  });
});

describe.each(LSTM_VARIANTS)('LSTM backpropagation through time, %s variant — (L11)–(L22)', (variant) => {
  it('equals the complex-step derivative of the loss for every parameter, a⟨0⟩ and c⟨0⟩', () => {
    fc.assert(
      fc.property(problemArb(variant), (p) => {
        const { error, where } = worstDisagreement(analyticOf(p), complexStepGradient(lossOf(p), pointOf(p)));
        worstComplex = Math.max(worstComplex, error);
        expect(error, where).toBeLessThanOrEqual(GATED_COMPLEX_STEP);
      }),
      runs(20),
    );
  });

  it('agrees with central differences too', () => {
    fc.assert(
      fc.property(problemArb(variant), (p) => {
        const { error, where } = worstDisagreement(analyticOf(p), centralDifferenceGradient(lossOf(p), pointOf(p), CENTRAL_DIFFERENCE_STEP));
        worstCentral = Math.max(worstCentral, error);
        expect(error, where).toBeLessThanOrEqual(CENTRAL_DIFFERENCE_GATED);
      }),
      runs(10),
    );
  });

  it('fails the complex-step check when the cell state’s gradient is not carried back through the forget gate', () => {
    const wrongs = [(dc: Matrix) => dc.map(() => 0) as Matrix, (dc: Matrix) => dc]; // (L19) dropped; ⊙Γf dropped
    for (const cellCarry of wrongs) {
      fc.assert(
        fc.property(problemArb(variant).filter(readsTheState), (p) => {
          const wrong = analyticOf(p, (params, forward) => lstmBackward(params, forward, { cellCarry }));
          expect(worstDisagreement(wrong, complexStepGradient(lossOf(p), pointOf(p))).error).toBeGreaterThan(GATED_CHECK_FAILS);
        }),
        runs(5),
      );
    }
  });
});

describe('measurement', () => {
  it.runIf(MEASURE > 0)('prints the worst agreement seen', () => {
    console.log(`LSTM worst BPTT vs complex step ${worstComplex.toExponential(2)}, vs central differences ${worstCentral.toExponential(2)}`);
  });
});
