/**
 * The oracle's per-step quantities as plain numbers, and the few operations on number tables that
 * the hypothesis tests (hypotheses.ts) need to rebuild a sum of eqs. (18), (19), (24)–(26) with one
 * step changed.
 *
 * Shapes: nA = hidden size, nX = input size, nY = output size, T = sequence length.
 * `steps[t − 1]` holds time t of the document. Vectors are flat arrays, matrices arrays of rows.
 */
import { backwardSequence, forwardSequence } from '../reference/bptt.js';
import { backpropTanh } from '../reference/cell.js';
import { entries, realPart, shape, type Matrix } from '../reference/linalg.js';
import { softmaxCrossEntropyGradient } from '../reference/softmax.js';
import type { ParsedCase } from './case.js';
import type { Tolerance } from './compare.js';
import { excess } from './agreement.js';
import { rowsOf } from './evaluate.js';

/** What one time step contributes to the backward pass, eqs. (16)–(26). */
export interface StepValues {
  readonly x: number[];
  readonly aPrev: number[];
  readonly a: number[];
  /** ∂l/∂o⟨t⟩ = ŷ⟨t⟩ − y⟨t⟩ (section 3.1). */
  readonly dO: number[];
  /** ∂L/∂a⟨t⟩, eqs. (20)–(21). */
  readonly da: number[];
  /** ∂L/∂z⟨t⟩, eq. (23). */
  readonly dz: number[];
  readonly target: number;
}

export interface OracleSteps {
  readonly steps: readonly StepValues[];
  readonly a0: number[];
  /** a⟨T⟩. */
  readonly aLast: number[];
  readonly Waa: number[][];
  readonly nX: number;
}

const flat = (M: Matrix): number[] => entries(M).map(realPart);

/** The reference's forward and backward pass for the case, step by step. */
export function oracleSteps(c: ParsedCase): OracleSteps {
  const { params, a0, inputs, targets } = c.problem;
  const forward = forwardSequence(params, inputs, targets, a0);
  const backward = backwardSequence(params, forward);
  const steps = forward.steps.map((s, t) => ({
    x: flat(s.x),
    aPrev: flat(s.aPrev),
    a: flat(s.a),
    dO: flat(softmaxCrossEntropyGradient(s.yHat, s.target)),
    da: flat(backward.da[t]),
    dz: flat(backpropTanh(backward.da[t], s.a)),
    target: s.target,
  }));
  return { steps, a0: flat(a0), aLast: flat(forward.aLast), Waa: rowsOf(params.Waa), nX: shape(params.Wax)[1] };
}

/** u·vᵀ. */
export const outer = (u: readonly number[], v: readonly number[]): number[][] => u.map((ui) => v.map((vj) => ui * vj));
/** A column vector as an n×1 table. */
export const column = (v: readonly number[]): number[][] => v.map((x) => [x]);
/** A + s·B, elementwise. */
export const addScaled = (A: readonly number[][], B: readonly number[][], s = 1): number[][] => A.map((r, i) => r.map((x, j) => x + s * B[i][j]));
/** M·v. */
export const matVec = (M: readonly number[][], v: readonly number[]): number[] => M.map((r) => r.reduce((s, x, j) => s + x * v[j], 0));
/** Mᵀ·v. */
export const matTVec = (M: readonly number[][], v: readonly number[]): number[] => M[0].map((_, j) => M.reduce((s, r, i) => s + r[j] * v[i], 0));
/** The one-hot vector e_k of length n. */
export const oneHot = (k: number, n: number): number[] => Array.from({ length: n }, (_, i) => (i === k ? 1 : 0));
/** Σₜ of a per-step table. */
export const sumOver = <S>(steps: readonly S[], term: (s: S) => number[][]): number[][] =>
  steps.slice(1).reduce((sum, s) => addScaled(sum, term(s)), term(steps[0]));

/**
 * Whether `theirs` equals `expected` within the tolerance, element by element:
 * |theirs − expected| ≤ atol + rtol·|expected|, NaN equals NaN, ±Infinity equals itself and nothing
 * else (agreement.ts, the rule compareValues judges by too).
 */
export function agrees(expected: readonly number[][] | undefined, theirs: readonly number[][] | undefined, tol: Tolerance): boolean {
  if (!expected || !theirs || expected.length !== theirs.length) return false;
  return expected.every((row, i) => {
    const r = theirs[i];
    if (row.length !== r.length) return false;
    return row.every((e, j) => excess(e, r[j], tol) <= 0);
  });
}
