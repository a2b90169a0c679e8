/**
 * The LSTM engine's parameters (docs/lstm.md, (L1)–(L10)): one packed layout for both conventions,
 * and exact conversions to and from the reference's names (flat row-major arrays, no mathjs).
 *
 * Shapes: nA = hidden/cell size, V = vocabulary size (nX = nY = V). Packed, row-major, gate blocks
 * in PyTorch's order i, f, g, o (g is the candidate c̃, the reference's "c" gate):
 *   Wih 4nA×V   Whh 4nA×nA   bih 4nA   bhh 4nA (split) or 0 (course)   Wya V×nA   by V
 * 'split' is stored as it is named ((L10), PyTorch's weight_ih, weight_hh, bias_ih, bias_hh).
 * 'course' splits each W• (nA×(nA+V), over [a⟨t−1⟩; x⟨t⟩]) into its a-columns (rows of Whh) and
 * its x-columns (rows of Wih), and stores b• in bih: z• = W•·[a; x] + b• is the same sum.
 */
import type { LstmVariant } from '../reference/lstm/types.js';
import { checkNamed, drawNamed, lengthsOf, zeroArrays, type NamedParams } from './gated-params.js';

export interface FastLstmParams {
  readonly variant: LstmVariant;
  readonly nA: number;
  readonly V: number;
  readonly Wih: Float64Array;
  readonly Whh: Float64Array;
  readonly bih: Float64Array;
  /** The recurrent bias of 'split'; empty for 'course', which has one bias per gate. */
  readonly bhh: Float64Array;
  readonly Wya: Float64Array;
  readonly by: Float64Array;
}

export type { NamedParams };

/** The packed arrays' names, in their order in a workspace's parameter block. */
export const LSTM_PACKED = ['Wih', 'Whh', 'bih', 'bhh', 'Wya', 'by'] as const;

/** The course variant's gates in packed order i, f, g, o, with their reference weight and bias names. */
const COURSE_GATES = [['Wi', 'bi'], ['Wf', 'bf'], ['Wc', 'bc'], ['Wo', 'bo']] as const;

/** Each packed array's length. */
export function lstmPackedLengths(variant: LstmVariant, nA: number, V: number): Record<(typeof LSTM_PACKED)[number], number> {
  return { Wih: 4 * nA * V, Whh: 4 * nA * nA, bih: 4 * nA, bhh: variant === 'split' ? 4 * nA : 0, Wya: V * nA, by: V };
}

/** [rows, columns] of each parameter by its reference name, in the reference's order (src/reference/lstm/types.ts). */
export function lstmNamedShapes(variant: LstmVariant, nA: number, V: number): Record<string, [number, number]> {
  const gates: Record<string, [number, number]> =
    variant === 'course'
      ? { Wf: [nA, nA + V], Wi: [nA, nA + V], Wc: [nA, nA + V], Wo: [nA, nA + V], bf: [nA, 1], bi: [nA, 1], bc: [nA, 1], bo: [nA, 1] }
      : { Wih: [4 * nA, V], Whh: [4 * nA, nA], bih: [4 * nA, 1], bhh: [4 * nA, 1] };
  return { ...gates, Wya: [V, nA], by: [V, 1] };
}

/** Zero packed parameters (plain arrays, outside any workspace). */
export function zeroLstmParams(variant: LstmVariant, nA: number, V: number): FastLstmParams {
  return { variant, nA, V, ...zeroArrays(LSTM_PACKED, lstmPackedLengths(variant, nA, V)) };
}

/** The same parameters by the reference's names: exact copies. */
export function lstmToNamed(p: FastLstmParams): NamedParams {
  const { nA, V } = p;
  const out: NamedParams = { Wya: p.Wya.slice(), by: p.by.slice() };
  if (p.variant === 'split') return { Wih: p.Wih.slice(), Whh: p.Whh.slice(), bih: p.bih.slice(), bhh: p.bhh.slice(), ...out };
  const gates: NamedParams = {};
  COURSE_GATES.forEach(([W, b], g) => {
    const Wg = new Float64Array(nA * (nA + V));
    for (let i = 0; i < nA; i++) {
      const r = g * nA + i;
      Wg.set(p.Whh.subarray(r * nA, (r + 1) * nA), i * (nA + V));
      Wg.set(p.Wih.subarray(r * V, (r + 1) * V), i * (nA + V) + nA);
    }
    gates[W] = Wg;
    gates[b] = p.bih.slice(g * nA, (g + 1) * nA);
  });
  return { ...gates, ...out };
}

/** Packed parameters from the reference's names; a one-line error names a missing or mis-sized one. */
export function lstmFromNamed(variant: LstmVariant, nA: number, V: number, named: Readonly<NamedParams>): FastLstmParams {
  checkNamed(lstmNamedShapes(variant, nA, V), named);
  const p = zeroLstmParams(variant, nA, V);
  p.Wya.set(named.Wya);
  p.by.set(named.by);
  if (variant === 'split') {
    for (const name of ['Wih', 'Whh', 'bih', 'bhh'] as const) p[name].set(named[name]);
    return p;
  }
  COURSE_GATES.forEach(([W, b], g) => {
    for (let i = 0; i < nA; i++) {
      const r = g * nA + i;
      p.Whh.set(named[W].subarray(i * (nA + V), i * (nA + V) + nA), r * nA);
      p.Wih.set(named[W].subarray(i * (nA + V) + nA, (i + 1) * (nA + V)), r * V);
    }
    p.bih.set(named[b], g * nA);
  });
  return p;
}

/** The reference name of the gradient holding entry `index` of a packed gradient block (`dWf`, `dbih`, …). */
export function lstmGradientName(variant: LstmVariant, nA: number, V: number, index: number): string {
  const lengths = lstmPackedLengths(variant, nA, V);
  let start = 0;
  for (const name of LSTM_PACKED) {
    const end = start + lengths[name];
    if (index < end) {
      if (variant === 'split' || name === 'Wya' || name === 'by') return `d${name}`;
      const row = Math.floor((index - start) / (name === 'Wih' ? V : name === 'Whh' ? nA : 1));
      return `d${COURSE_GATES[Math.floor(row / nA)][name === 'bih' ? 1 : 0]}`;
    }
    start = end;
  }
  throw new RangeError(`index ${index} is past the parameters' ${start} entries`);
}

export interface LstmInitOptions {
  readonly seed?: number;
  /** Weights are randn·scale (default 0.01, the course template's). */
  readonly scale?: number;
  /** The forget gate's bias (course bf, split the f block of bih), as the reference's initLstm. */
  readonly forgetBias?: number;
}

/**
 * The template's initialisation carried over to the LSTM: numpy's seed(s), then every weight matrix
 * in the reference's order drawn as randn(rows, cols)·0.01, biases 0 (the forget gate's `forgetBias`).
 * bench/numpy_lstm.py draws the same numbers.
 */
export function lstmInit(variant: LstmVariant, nA: number, V: number, options: LstmInitOptions = {}): FastLstmParams {
  const { seed = 1, scale = 0.01, forgetBias = 0 } = options;
  const named = drawNamed(lengthsOf(lstmNamedShapes(variant, nA, V)), seed, scale);
  if (variant === 'course') named.bf.fill(forgetBias);
  else named.bih.fill(forgetBias, nA, 2 * nA);
  return lstmFromNamed(variant, nA, V, named);
}
