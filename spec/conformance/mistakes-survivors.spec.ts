/**
 * Which catalogued mistake the diagnosis may name for which case (mistakes.ts, cells/mistakes.ts),
 * the mistakes' own computations where the catalogue specs do not reach them (evaluate.ts), and the
 * equation numbers the GRU's conventions and mistakes are named by.
 */
import { describe, expect, it } from 'vitest';
import { parseAnyCase } from '../../src/conformance/any-case.js';
import { parseCase, type ParsedCase } from '../../src/conformance/case.js';
import { decimalNum } from '../../src/conformance/cells/arithmetic.js';
import { CELL_MISTAKES, conventionName } from '../../src/conformance/cells/mistakes.js';
import type { CellCase } from '../../src/conformance/cells/model.js';
import { compareResult, FLOAT64_TOLERANCE, quantitiesOf } from '../../src/conformance/compare.js';
import { evaluate, toResultJson } from '../../src/conformance/evaluate.js';
import { MISTAKES } from '../../src/conformance/mistakes.js';
import { oracleSteps } from '../../src/conformance/steps.js';
import type { GruVariant } from '../../src/reference/gru/types.js';
import { readFileSync } from 'node:fs';
import type { CellVectorSuite } from '../../src/conformance/vectors2.js';
import { lazy } from '../helpers/lazy.js';
import { ROUNDING } from '../helpers/tolerances.js';

/** nX = 2 (index inputs), nA = 2, nY = 3: a T-step case, with a⟨0⟩ when asked. */
const vanilla = (T: number, extra: { a0?: number[]; clip?: number; lr?: number } = {}): ParsedCase =>
  parseCase({
    format: 'rnn-oracle/case@1',
    params: { Wax: [[0.6, -0.4], [0.3, 0.8]], Waa: [[0.5, -0.7], [0.9, 0.4]], Wya: [[1.1, -0.6], [-0.8, 0.9], [0.4, 1.3]], ba: [0.1, -0.2], by: [0.2, 0, -0.1] },
    inputs: Array.from({ length: T }, (_, t) => t % 2),
    targets: Array.from({ length: T }, (_, t) => (t + 1) % 3),
    ...extra,
  });
const mistake = (id: string) => MISTAKES.find((m) => m.id === id)!;
/** The ids of the catalogued mistakes check names for a result computed with `id`'s mistake. */
const named = (c: ParsedCase, id: string) => {
  const report = compareResult(c, quantitiesOf(toResultJson(evaluate(c, mistake(id)))), FLOAT64_TOLERANCE);
  return { agree: report.agree, ids: new Set(report.quantities.flatMap((q) => (q.mistake ? [q.mistake.id] : []))) };
};

describe('when the vanilla catalogue names a mistake (mistakes.ts, applies)', () => {
  it('names tanh-derivative-dropped over several steps without a⟨0⟩, and over one step when a⟨0⟩ is given', () => {
    expect(named(vanilla(3), 'tanh-derivative-dropped').ids.has('tanh-derivative-dropped')).toBe(true);
    expect(named(vanilla(1, { a0: [0.3, -0.5] }), 'tanh-derivative-dropped').ids.has('tanh-derivative-dropped')).toBe(true);
  });

  it('does not name tanh-derivative-dropped for one step without a⟨0⟩, nor no-recurrent-term for one step: only ∂L/∂a⟨0⟩ would show them', () => {
    const oneStep = named(vanilla(1), 'tanh-derivative-dropped');
    expect(oneStep.agree).toBe(false); // their da0 differs …
    expect(oneStep.ids.has('tanh-derivative-dropped')).toBe(false); // … but the catalogue does not claim it
    const zeroDa0 = named(vanilla(1, { a0: [0.3, -0.5] }), 'no-recurrent-term');
    expect(zeroDa0.agree).toBe(false);
    expect(zeroDa0.ids.has('no-recurrent-term')).toBe(false);
    expect(named(vanilla(2), 'no-recurrent-term').ids.has('no-recurrent-term')).toBe(true);
  });
});

describe('the mistakes’ computations (evaluate.ts)', () => {
  it('softmax without its max-shift gives the loss and ŷ of the shifted one where nothing overflows', () => {
    const c = vanilla(4);
    const [naive, shifted] = [evaluate(c, { naiveSoftmax: true }), evaluate(c)];
    expect(Math.abs(naive.loss - shifted.loss)).toBeLessThanOrEqual(ROUNDING * Math.abs(shifted.loss));
    naive.yHat!.flat().forEach((v, k) => expect(Math.abs(v - shifted.yHat!.flat()[k])).toBeLessThanOrEqual(ROUNDING));
  });

  it('gives no updated parameters when the case has no lr, with or without clip', () => {
    expect(evaluate(vanilla(2)).updated).toBeUndefined();
    const clipped = evaluate(vanilla(2, { clip: 0.1 }));
    expect(clipped.clipped).toBeDefined();
    expect(clipped.updated).toBeUndefined();
    expect(Object.keys(toResultJson(clipped))).not.toContain('updated');
  });

  it('clip-before-accumulation sums each step’s term clipped: dby = Σₜ clip(∂L/∂o⟨t⟩), dba = Σₜ clip(∂L/∂z⟨t⟩), dWya = Σₜ clip(∂L/∂o⟨t⟩·a⟨t⟩ᵀ)', () => {
    const clip = 0.05;
    const c = vanilla(3, { clip });
    const s = oracleSteps(c).steps;
    const cl = (v: number) => Math.min(clip, Math.max(-clip, v));
    const sum = (term: (t: number) => number[][]) => term(0).map((r, i) => r.map((_, j) => s.reduce((acc, _s, t) => acc + cl(term(t)[i][j]), 0)));
    const expected = {
      by: sum((t) => s[t].dO.map((v) => [v])),
      ba: sum((t) => s[t].dz.map((v) => [v])),
      Wya: sum((t) => s[t].dO.map((o) => s[t].a.map((a) => o * a))),
    };
    const got = evaluate(c, { clipEachStep: true }).clipped!;
    for (const k of ['by', 'ba', 'Wya'] as const) {
      got[k].flat().forEach((v, i) => expect(Math.abs(v - expected[k].flat()[i]), `${k}[${i}]`).toBeLessThanOrEqual(ROUNDING));
    }
    // the case discriminates: clipping each term is not clipping the sum, nor leaving the sum alone
    const plain = evaluate(c).gradients.by.flat();
    expect(plain.some((v, i) => Math.abs(v - expected.by.flat()[i]) > clip / 10)).toBe(true);
  });
});

const cellTests = lazy(() => (JSON.parse(readFileSync(new URL('../../fixtures/conformance/cells.json', import.meta.url), 'utf8')) as CellVectorSuite).testGroups.flatMap((g) => g.tests));
const gruCase = (blend: GruVariant['blend']) => parseAnyCase(cellTests().find((t) => t.case.cell === 'gru' && (t.case.variant as GruVariant).blend === blend)!.case) as CellCase;

describe('the GRU’s conventions and mistakes are named by their equations (cells/mistakes.ts)', () => {
  it('conventionName names (G3) or (G4) by where the reset is, and (G5) or (G6) by the blend', () => {
    const name = (reset: GruVariant['reset'], blend: GruVariant['blend']) => conventionName({ reset, blend } as GruVariant);
    for (const blend of ['gate-keeps-old', 'gate-takes-new'] as const) {
      expect(name('after-matmul', blend)).toMatch(/\(G4\)/);
      expect(name('after-matmul', blend)).not.toMatch(/\(G3\)/);
      expect(name('before-matmul', blend)).toMatch(/\(G3\)/);
      expect(name('before-matmul', blend)).not.toMatch(/\(G4\)/);
    }
    for (const reset of ['after-matmul', 'before-matmul'] as const) {
      expect(name(reset, 'gate-keeps-old')).toMatch(/\(G5\)/);
      expect(name(reset, 'gate-keeps-old')).not.toMatch(/\(G6\)/);
      expect(name(reset, 'gate-takes-new')).toMatch(/\(G6\)/);
      expect(name(reset, 'gate-takes-new')).not.toMatch(/\(G5\)/);
    }
  });

  it('gru-one-minus-path-dropped points at (G11) under the (G5) blend and at (G13) under the (G6) one', () => {
    const m = CELL_MISTAKES.find((x) => x.id === 'gru-one-minus-path-dropped')!;
    const keeps = m.when(gruCase('gate-keeps-old'));
    const takes = m.when(gruCase('gate-takes-new'));
    expect(keeps).toMatch(/\(G11\)/);
    expect(keeps).not.toMatch(/\(G13\)/);
    expect(takes).toMatch(/\(G13\)/);
    expect(takes).not.toMatch(/\(G11\)/);
  });
});

describe('the cells’ 40-digit numbers (cells/arithmetic.ts)', () => {
  it('carry 40 significant digits through each operation, the square root included', () => {
    const D = decimalNum();
    const third = D.div(D.lit(1), D.lit(3));
    expect(third.toString()).toBe(`0.${'3'.repeat(40)}`);
    const root = D.sqrt(D.of(2));
    expect(D.num(root)).toBe(Math.SQRT2);
    expect(Math.abs(D.num(D.sub(D.mul(root, root), D.lit(2))))).toBeLessThan(1e-38);
    expect(D.num(D.add(D.of(0.5), D.of(0.25)))).toBe(0.75);
    expect(D.num(D.exp(D.log(D.of(3))))).toBe(3);
    expect(Math.abs(D.num(D.tanh(D.of(0.5))) - Math.tanh(0.5))).toBeLessThanOrEqual(ROUNDING);
    expect([D.gt(D.of(2), D.of(1)), D.gt(D.of(1), D.of(2))]).toEqual([true, false]);
  });
});
