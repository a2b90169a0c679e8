/**
 * The oracle's result for a case — the reference (src/reference) evaluated in float64 — and the
 * same computation with one deliberate mistake (src/conformance/mistakes.ts), in one place so that
 * a mistake differs from the oracle only where it says it does.
 */
import { encodeNumber } from '../data/json-numbers.js';
import { backwardSequence, forwardSequence, type BackwardOptions, type Forward } from '../reference/bptt.js';
import { clipElementwise, clipGradients, sgdStep } from '../reference/clip.js';
import { elementwise, entries, entry, plus, realPart, scale, sdiv, sexp, slog, shape, total, type Matrix } from '../reference/linalg.js';
import { PARAM_NAMES, type Gradients, type Params } from '../reference/types.js';
import { adagradStep } from '../reference/update.js';
import type { ParsedCase } from './case.js';
import { RESULT_FORMAT, type ResultJson } from './schema.js';

export const SLOT_KEYS = ['Wax', 'Waa', 'Wya', 'ba', 'by', 'a0'] as const;
export type SlotKey = (typeof SLOT_KEYS)[number];
const VECTOR_KEYS = new Set(['ba', 'by', 'a0']);

/** Every quantity of a result as plain numbers (NaN and ±Infinity allowed). */
export interface Quantities {
  loss: number;
  a?: number[][];
  yHat?: number[][];
  gradients: Record<SlotKey, number[][]>;
  clipped?: Record<SlotKey, number[][]>;
  updated?: Record<(typeof PARAM_NAMES)[number], number[][]>;
}

/** How a computation departs from the correct one (all absent: the oracle). */
export interface Variant {
  readonly backward?: (c: ParsedCase) => BackwardOptions;
  /** Clipping applied to each step's term as it is added, instead of to the sums. */
  readonly clipEachStep?: boolean;
  /** softmax as exp(o)/Σ exp(o), without the max-shift. */
  readonly naiveSoftmax?: boolean;
  /** The loss and every gradient divided by T (a mean over time instead of eq. (15)'s sum). */
  readonly meanOverTime?: boolean;
  /** The loss divided by T while the gradients stay summed (the gradients of another L). */
  readonly meanLoss?: boolean;
  /** Changes what the backward pass reads from the forward's saved steps (e.g. which a⟨t−1⟩ eq. (24) uses). */
  readonly saved?: (f: Forward) => Forward;
  /** θ + lr·g instead of θ − lr·g. */
  readonly updateSign?: 1 | -1;
  /** The update rule for `updated`: SGD (the document's, default) or Adagrad from a fresh memory. */
  readonly update?: 'sgd' | 'adagrad';
}

export function rowsOf(M: Matrix): number[][] {
  const [r, c] = shape(M);
  const v = entries(M).map(realPart);
  return Array.from({ length: r }, (_, i) => v.slice(i * c, (i + 1) * c));
}

function gradientRows(g: Gradients): Record<SlotKey, number[][]> {
  return { Wax: rowsOf(g.dWax), Waa: rowsOf(g.dWaa), Wya: rowsOf(g.dWya), ba: rowsOf(g.dba), by: rowsOf(g.dby), a0: rowsOf(g.da0) };
}

function scaled(g: Gradients, s: number): Gradients {
  return { dWax: scale(g.dWax, s), dWaa: scale(g.dWaa, s), dWya: scale(g.dWya, s), dba: scale(g.dba, s), dby: scale(g.dby, s), da0: scale(g.da0, s) };
}

/** The forward pass with softmax taken without its max-shift (overflows for large logits). */
function naiveForward(f: Forward): Forward {
  const steps = f.steps.map((s) => {
    const e = elementwise(s.o, sexp);
    const sum = total(e);
    const yHat = elementwise(e, (v) => sdiv(v, sum));
    return { ...s, yHat, loss: -realPart(slog(entry(yHat, s.target, 0))) };
  });
  return { ...f, steps, loss: steps.reduce((l, s) => l + realPart(s.loss), 0) };
}

/** The case computed correctly, or with the variant's mistake. */
export function evaluate(c: ParsedCase, variant: Variant = {}): Quantities {
  const { params, a0, inputs, targets } = c.problem;
  let forward = forwardSequence(params, inputs, targets, a0);
  if (variant.naiveSoftmax) forward = naiveForward(forward);
  const T = forward.steps.length;
  const options = variant.backward?.(c) ?? {};
  const saved = variant.saved?.(forward) ?? forward;
  let g: Gradients = backwardSequence(params, saved, options);
  let loss = realPart(forward.loss);
  if (variant.meanOverTime) g = scaled(g, 1 / T);
  if (variant.meanOverTime || variant.meanLoss) loss /= T;
  const q: Quantities = {
    loss,
    a: forward.steps.map((s) => entries(s.a).map(realPart)),
    yHat: forward.steps.map((s) => entries(s.yHat).map(realPart)),
    gradients: gradientRows(g),
  };
  if (c.clip === undefined) {
    if (c.lr !== undefined) q.updated = updatedRows(params, g, c.lr, variant);
    return q;
  }
  const clip = c.clip;
  let clipped = clipGradients(g, clip);
  if (variant.clipEachStep) {
    const perStep = backwardSequence(params, saved, { ...options, accumulate: (sum, term) => plus(sum, clipElementwise(term, clip)) });
    clipped = { ...perStep, da0: clipElementwise(perStep.da0, clip) };
  }
  q.clipped = gradientRows(clipped);
  if (c.lr !== undefined) q.updated = updatedRows(params, clipped, c.lr, variant);
  return q;
}

function updatedRows(params: Params, g: Gradients, lr: number, variant: Variant): Record<(typeof PARAM_NAMES)[number], number[][]> {
  const sign = variant.updateSign ?? -1;
  const next = variant.update === 'adagrad' ? adagradStep(params, g, -sign * lr).params : sgdStep(params, g, -sign * lr);
  return { Wax: rowsOf(next.Wax), Waa: rowsOf(next.Waa), Wya: rowsOf(next.Wya), ba: rowsOf(next.ba), by: rowsOf(next.by) };
}

/** Quantities as a `rnn-oracle/result@1` document (vectors flat, non-finite numbers as strings). */
export function toResultJson(q: Quantities): ResultJson {
  const enc = (rows: number[][], key: string) => (VECTOR_KEYS.has(key) ? rows.map((r) => encodeNumber(r[0])) : rows.map((r) => r.map(encodeNumber)));
  const slots = <K extends string>(g: Record<K, number[][]>) =>
    Object.fromEntries(Object.entries<number[][]>(g).map(([k, v]) => [k, enc(v, k)])) as never;
  return {
    format: RESULT_FORMAT,
    loss: encodeNumber(q.loss),
    ...(q.a ? { a: q.a.map((v) => v.map(encodeNumber)) } : {}),
    ...(q.yHat ? { yHat: q.yHat.map((v) => v.map(encodeNumber)) } : {}),
    gradients: slots(q.gradients),
    ...(q.clipped ? { clipped: slots(q.clipped) } : {}),
    ...(q.updated ? { updated: slots(q.updated) } : {}),
  };
}
