/**
 * LSTM parameters, gradients and the two conventions — docs/lstm.md, (L1)–(L22).
 *
 * Shapes: nA = hidden (and cell) size, nX = input size, nY = output size, nV = nA + nX.
 *   course:  Wf Wi Wc Wo nA×nV (over [a⟨t−1⟩; x⟨t⟩]), bf bi bc bo nA×1
 *   split:   Wih 4nA×nX, Whh 4nA×nA, bih bhh 4nA×1, rows stacked in PyTorch's gate order i, f, g, o
 *   both:    Wya nY×nA, by nY×1 (the vanilla output layer, eq. (2))
 * `d` + symbol always means ∂L/∂symbol, where L is the summed loss of eq. (15) / (L9).
 */
import { column, fromRows, shape, zeros, type Matrix } from '../linalg.js';

/**
 * The convention, named once here; every function reads it from `params.variant`.
 *   'course' — four gate matrices over the concatenation [a⟨t−1⟩; x⟨t⟩] (L2)–(L5), the course style.
 *   'split'  — input and recurrent matrices, each gate block stacked i, f, g, o, two biases (L10):
 *              PyTorch's nn.LSTM and cuDNN.
 */
export type LstmVariant = 'course' | 'split';
export const LSTM_VARIANTS: readonly LstmVariant[] = ['course', 'split'];

interface OutputLayer {
  readonly Wya: Matrix;
  readonly by: Matrix;
}

export interface LstmCourseParams extends OutputLayer {
  readonly variant: 'course';
  readonly Wf: Matrix;
  readonly Wi: Matrix;
  readonly Wc: Matrix;
  readonly Wo: Matrix;
  readonly bf: Matrix;
  readonly bi: Matrix;
  readonly bc: Matrix;
  readonly bo: Matrix;
}

export interface LstmSplitParams extends OutputLayer {
  readonly variant: 'split';
  readonly Wih: Matrix;
  readonly Whh: Matrix;
  readonly bih: Matrix;
  readonly bhh: Matrix;
}

export type LstmParams = LstmCourseParams | LstmSplitParams;

/** ∂L/∂(each parameter), keyed d + its name (`dWf`, `dbih`), plus ∂L/∂a⟨0⟩ and ∂L/∂c⟨0⟩. */
export interface LstmGradients {
  readonly dParams: Readonly<Record<string, Matrix>>;
  readonly da0: Matrix;
  readonly dc0: Matrix;
}

export interface LstmDimensions {
  readonly nA: number;
  readonly nX: number;
  readonly nY: number;
}

/** [rows, columns] of every learnable matrix of the variant, for the given sizes. */
export function lstmShapes(variant: LstmVariant, { nA, nX, nY }: LstmDimensions): Record<string, [number, number]> {
  const gates: Record<string, [number, number]> =
    variant === 'course'
      ? { Wf: [nA, nA + nX], Wi: [nA, nA + nX], Wc: [nA, nA + nX], Wo: [nA, nA + nX], bf: [nA, 1], bi: [nA, 1], bc: [nA, 1], bo: [nA, 1] }
      : { Wih: [4 * nA, nX], Whh: [4 * nA, nA], bih: [4 * nA, 1], bhh: [4 * nA, 1] };
  return { ...gates, Wya: [nY, nA], by: [nY, 1] };
}

/** nA, nX, nY implied by the parameters; a one-line error naming the first matrix of the wrong shape. */
export function lstmDimensions(params: LstmParams): LstmDimensions {
  const named = params as unknown as Record<string, Matrix>;
  const [nY, nA] = shape(params.Wya);
  // nX is read from the matrix that multiplies x⟨t⟩: Wf's columns beyond nA, or Wih's columns.
  const [inputName, extra] = params.variant === 'course' ? ['Wf', nA] : ['Wih', 0];
  const nX = shape(named[inputName])[1] - extra;
  if (nX < 1) throw new RangeError(`${inputName} must have ${extra + 1} columns or more (nA = ${nA} from Wya), got ${nX + extra}`);
  for (const [name, [er, ec]] of Object.entries(lstmShapes(params.variant, { nA, nX, nY }))) {
    const [r, c] = shape(named[name]);
    if (r !== er || c !== ec) throw new RangeError(`${name} must be ${er}×${ec}, got ${r}×${c}`);
  }
  return { nA, nX, nY };
}

export interface LstmInitOptions {
  readonly variant?: LstmVariant;
  /** The forget gate's bias, bf (split: the f block of bih). 1 is Gers et al.'s and Jozefowicz et al.'s advice. */
  readonly forgetBias?: number;
  /** Weights are uniform in [−scale, scale] (default 0.1). */
  readonly scale?: number;
  /** A source of uniform numbers in [0, 1) (default Math.random). */
  readonly random?: () => number;
}

/** A new LSTM: random weights, zero biases except the forget gate's, which is `forgetBias` (default 0). */
export function initLstm(dims: LstmDimensions, options: LstmInitOptions = {}): LstmParams {
  const { variant = 'course', forgetBias = 0, scale = 0.1, random = Math.random } = options;
  const { nA, nX, nY } = dims;
  const uniform = (r: number, c: number) =>
    fromRows(Array.from({ length: r }, () => Array.from({ length: c }, () => (2 * random() - 1) * scale)));
  const output = { Wya: uniform(nY, nA), by: zeros(nY, 1) };
  if (variant === 'split') {
    const bih = column(Array.from({ length: 4 * nA }, (_, k) => (k >= nA && k < 2 * nA ? forgetBias : 0)));
    return { variant, Wih: uniform(4 * nA, nX), Whh: uniform(4 * nA, nA), bih, bhh: zeros(4 * nA, 1), ...output };
  }
  const W = () => uniform(nA, nA + nX);
  const bf = column(Array.from({ length: nA }, () => forgetBias));
  return { variant, Wf: W(), Wi: W(), Wc: W(), Wo: W(), bf, bi: zeros(nA, 1), bc: zeros(nA, 1), bo: zeros(nA, 1), ...output };
}
