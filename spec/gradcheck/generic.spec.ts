import { describe, expect, it } from 'vitest';
import { deepProblem, gruProblem, lstmProblem } from '../../src/gradcheck/cells.js';
import { formatCheckReport } from '../../src/gradcheck/format.js';
import { centralDifferenceGradient, checkNamed, complexStepGradient, namedFloor, worstDisagreement, type Named, type NamedCheckReport, type NamedProblem } from '../../src/gradcheck/generic.js';
import { backpropBlend } from '../../src/reference/gru/cell.js';
import { entries, fromRows, realPart, sadd, smul, zeros, type Matrix, type Scalar } from '../../src/reference/linalg.js';
import { NumpyRandom } from '../../src/random/numpy.js';
import { EPSILON, ULP_RUNS, ULP_SIZE } from '../../src/gradcheck/tolerances.js';
import { oneMinus } from '../../src/reference/lstm/vectors.js';

/** Small models, as the CLI draws them: weights ~ N(0, 0.5²) from numpy's stream `seed`. */
const small = { nA: 2, vocab: 3, T: 4, seed: 3 };
const failing = (r: NamedCheckReport) => r.slots.filter((s) => !s.pass).map((s) => s.slot);

describe('checkNamed — the generic elementwise gradient check (src/gradcheck/generic.ts)', () => {
  it('passes the LSTM’s BPTT (L11)–(L22) with ∂L/∂c0 conclusively by both methods, sharing one measured floor', () => {
    const problem = lstmProblem('course', small);
    const floor = namedFloor(problem, problem.gradients(problem.at));
    for (const method of ['complex', 'central'] as const) {
      const report = checkNamed(problem, method, { floor });
      expect(report.pass && report.conclusive, formatCheckReport(report)).toBe(true);
      expect(report.slots.map((s) => s.slot)).toEqual(['Wf', 'Wi', 'Wc', 'Wo', 'bf', 'bi', 'bc', 'bo', 'Wya', 'by', 'a0', 'c0']);
    }
  });

  it('reports progress once per entry', () => {
    const problem = gruProblem({ reset: 'after-matmul', blend: 'gate-keeps-old' }, { ...small, nA: 1, vocab: 2, T: 2 });
    const seen: number[] = [];
    checkNamed(problem, 'complex', { onProgress: (done, total) => seen.push(done, total) });
    // 1×2 Wrx Wux Wax, 1×1 Wra br Wua bu Waa ba bhn a0, 2×1 Wya 2×1 by: 6 + 8 + 4 = 18 entries
    expect(seen.slice(-2)).toEqual([18, 18]);
  });

  it('fails the LSTM when the cell state’s gradient is not carried back through the forget gate (L19), naming c0 and not the output layer', () => {
    const right = lstmProblem('split', small);
    const wrong = lstmProblem('split', small, { cellCarry: (dc: Matrix) => dc.map(() => 0) as Matrix });
    for (const method of ['complex', 'central'] as const) {
      const report = checkNamed(right, method, { analytic: wrong.gradients(wrong.at) });
      expect(report.pass).toBe(false);
      expect(failing(report)).toContain('c0');
      expect(failing(report)).not.toContain('Wya');
      expect(failing(report)).not.toContain('by');
      expect(formatCheckReport(report)).toMatch(/^FAILED: .*c0/m);
    }
  });

  it('fails the GRU when the blend’s (1 − Γu) path (G11)–(G13) is dropped, in every convention', () => {
    for (const reset of ['before-matmul', 'after-matmul'] as const) {
      for (const blend of ['gate-keeps-old', 'gate-takes-new'] as const) {
        const dropped: typeof backpropBlend = (kind, da, s) => {
          const r = backpropBlend(kind, da, s);
          const zero = oneMinus(oneMinus(da)).map(() => 0) as Matrix;
          return kind === 'gate-keeps-old' ? { ...r, dTilde: zero } : { ...r, daPrev: zero };
        };
        const right = gruProblem({ reset, blend }, small);
        const wrong = gruProblem({ reset, blend }, small, { blend: dropped });
        const report = checkNamed(right, 'complex', { analytic: wrong.gradients(wrong.at) });
        expect(report.pass, `${reset}/${blend}`).toBe(false);
        expect(failing(report), `${reset}/${blend}`).not.toContain('by');
      }
    }
  });

  it('fails the stacked RNN when (D6)’s input term is dropped: the layers below the top fail, the top layer’s own recurrence does not', () => {
    const right = deepProblem(2, small);
    const wrong = deepProblem(2, small, { throughInput: (layer, dz) => zeros(layer.Wax.size()[1], dz.size()[1] ?? 1) });
    const report = checkNamed(right, 'complex', { analytic: wrong.gradients(wrong.at) });
    expect(report.pass).toBe(false);
    expect(failing(report)).toEqual(expect.arrayContaining(['Wax[1]', 'Waa[1]', 'ba[1]', 'a0[1]']));
    for (const top of ['Wax[2]', 'Waa[2]', 'ba[2]', 'Wya', 'by', 'a0[2]']) expect(failing(report)).not.toContain(top);
  });

  it('says which matrix has no analytic gradient', () => {
    const problem = deepProblem(1, small);
    const { Wya: _dropped, ...rest } = problem.gradients(problem.at);
    expect(() => checkNamed(problem, 'complex', { analytic: rest })).toThrow('Wya: no analytic gradient');
  });
});

describe('worstDisagreement — the gated specs’ measure of a gradient’s error', () => {
  const numeric = { A: fromRows([[100, 1], [-2, 3]]), B: fromRows([[0.5, 0.25]]) };

  it('measures each error against the largest |entry| of its numeric matrix, or 1 when all are smaller, and names the worst entry', () => {
    expect(worstDisagreement({ A: fromRows([[100, 1], [3, 3]]), B: numeric.B }, numeric)).toEqual({ error: 0.05, where: 'A[1][0]' });
    expect(worstDisagreement({ dA: numeric.A, dB: fromRows([[0.5, 0.5]]) }, numeric)).toEqual({ error: 0.25, where: 'B[0][1]' });
    expect(worstDisagreement(numeric, numeric).error).toBe(0);
    expect(worstDisagreement({}, {})).toMatchObject({ error: 0, where: expect.stringMatching(/\S/) });
  });

  it('names the first of equally bad entries', () => {
    expect(worstDisagreement({ A: fromRows([[101, 1], [-2, 4]]), B: numeric.B }, numeric)).toEqual({ error: 0.01, where: 'A[0][0]' });
  });

  it('is infinite, naming the matrix, when an analytic gradient is missing or has another shape', () => {
    for (const B of [undefined, fromRows([[0.5], [0.25]]), fromRows([[0.5, 0.25, 0]]), fromRows([[0.5, 0.25], [0, 0]])]) {
      const r = worstDisagreement(B ? { A: numeric.A, B } : { A: numeric.A }, numeric);
      expect(r.error).toBe(Infinity);
      expect(r.where).toMatch(/^B\b/);
    }
  });

  it('counts a NaN entry as the worst, even when every later entry agrees', () => {
    expect(worstDisagreement({ A: fromRows([[NaN, 1], [-2, 3]]), B: numeric.B }, numeric)).toEqual({ error: NaN, where: 'A[0][0]' });
    expect(worstDisagreement({ A: fromRows([[100, 1], [-2, 30]]), B: fromRows([[NaN, 0.25]]) }, numeric).where).toBe('B[0][0]');
  });
});

describe('complexStepGradient and centralDifferenceGradient — every ∂L/∂entry of named matrices', () => {
  // L = Σ c·m³ over the entries of A and B: ∂L/∂m = 3c·m², and the central difference with step h is exactly 3c·m² + c·h².
  const at = { A: fromRows([[1, 2]]), B: fromRows([[-2], [0.5]]) };
  const c = { A: 1, B: 2 };
  const loss = (m: Readonly<Record<string, Matrix>>) =>
    Object.entries(m).reduce<Scalar>((L, [name, M]) => entries(M).reduce<Scalar>((s, v) => sadd(s, smul(c[name as 'A' | 'B'], smul(v, smul(v, v)))), L), 0);
  const rows = (g: Record<string, Matrix>) => Object.fromEntries(Object.entries(g).map(([n, M]) => [n, M.toArray()]));

  it('the complex step gives 3c·m² at every entry of every matrix', () => {
    const g = rows(complexStepGradient(loss, at));
    expect(g).toEqual({ A: [[3, 12]], B: [[24], [1.5]] });
  });

  it('central differences with step h give 3c·m² + c·h² at every entry', () => {
    expect(rows(centralDifferenceGradient(loss, at, 0.5))).toEqual({ A: [[3.25, 12.25]], B: [[24.5], [2]] });
  });
});

/** L = Σ 2·m³ over A's entries (∂L/∂m = 6m²); B does not enter L, so its gradient is exactly 0. */
const cube = (m: Named): Scalar => entries(m.A).reduce<Scalar>((s, v) => sadd(s, smul(2, smul(v, smul(v, v)))), 0);
const cubeGradients = (m: Named): Named => ({ A: m.A.map((v: number) => 6 * v * v) as Matrix, B: zeros(1, 2) });
const cubic: NamedProblem = { at: { A: fromRows([[0.75], [-1.5]]), B: fromRows([[1, 2]]) }, loss: cube, gradients: cubeGradients };

describe('namedFloor and checkNamed on a loss whose derivatives are known exactly', () => {
  it('measures the floor as documented: the largest change of BPTT and of L over ULP_RUNS copies with every entry scaled by (1 + ULP_SIZE·ε·(2r − 1)), r from numpy’s stream, and δL at least ε·|L|', () => {
    for (const [seed, at] of [[7, cubic.at], [8, { A: fromRows([[0.3], [1.1], [-0.7], [2.9], [1e-9], [2e-9]]), B: cubic.at.B }]] as const) {
      const rng = new NumpyRandom(seed);
      const L0 = realPart(cube(at));
      const g0 = cubeGradients(at).A.toArray().flat() as number[];
      let lossSpread = 0;
      const spread = g0.map(() => 0);
      for (let run = 0; run < ULP_RUNS; run++) {
        const moved = Object.fromEntries(Object.entries(at).map(([n, M]) => [n, M.map((v: number) => v * (1 + ULP_SIZE * EPSILON * (2 * rng.randomSample() - 1))) as Matrix]));
        lossSpread = Math.max(lossSpread, Math.abs(realPart(cube(moved)) - L0));
        (cubeGradients(moved).A.toArray().flat() as number[]).forEach((g, k) => (spread[k] = Math.max(spread[k], Math.abs(g - g0[k]))));
      }
      const floor = namedFloor({ ...cubic, at }, cubeGradients(at), seed);
      expect(floor.spread.A.toArray().flat()).toEqual(spread);
      expect(floor.spread.B.toArray()).toEqual([[0, 0]]);
      expect(floor.lossNoise).toBe(Math.max(lossSpread, EPSILON * Math.abs(L0)));
      expect(spread.every((x) => x > 0)).toBe(true);
    }
    const still = { A: zeros(2, 1), B: cubic.at.B }; // L = 0 and every copy has L = 0: no noise at all
    expect(namedFloor({ ...cubic, at: still }, cubeGradients(still)).lossNoise).toBe(0);
  });

  it('reports each slot’s worst entry and failures, and no verdict for the whole when one slot’s values are exactly 0', () => {
    for (const method of ['complex', 'central'] as const) {
      const report = checkNamed(cubic, method, { analytic: { A: fromRows([[6 * 0.75 ** 2], [6 * 2.25 + 1e-3]]), B: zeros(1, 2) } });
      expect(report.path).toBe('reference');
      expect(report.slots.map((s) => [s.slot, s.pass, s.conclusive, s.failures, s.worstIndex])).toEqual([
        ['A', false, true, 1, [1, 0]],
        ['B', true, false, 0, [0, 0]],
      ]);
      const right = checkNamed(cubic, method);
      expect([right.pass, right.conclusive, right.slots[0].conclusive]).toEqual([true, false, true]);
    }
  });

  it('differentiates by the method asked for: a loss that is not complex-analytic fails the complex step and passes central differences', () => {
    const squareOfReal = (m: Named): Scalar => entries(m.A).reduce<number>((s, v) => s + realPart(v) ** 2, 0);
    const problem: NamedProblem = { at: { A: fromRows([[0.5, -2]]) }, loss: squareOfReal, gradients: (m) => ({ A: m.A.map((v: number) => 2 * v) as Matrix }) };
    expect(checkNamed(problem, 'central').pass).toBe(true);
    expect(checkNamed(problem, 'complex').slots[0].numeric).toBe(0);
  });
});
