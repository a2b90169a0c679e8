/**
 * GRU parameters, gradients and its two conventions — docs/gru.md, (G1)–(G19).
 *
 * Shapes: nA = hidden size, nX = input size, nY = output size.
 *   reset gate  Wrx nA×nX, Wra nA×nA, br nA×1
 *   update gate Wux nA×nX, Wua nA×nA, bu nA×1
 *   candidate   Wax nA×nX, Waa nA×nA, ba nA×1 (the vanilla cell's names), and bhn nA×1 when the
 *               reset gate acts after the recurrent product (cuDNN/PyTorch's b_hn)
 *   output      Wya nY×nA, by nY×1 (the vanilla output layer, eq. (2))
 * `d` + symbol always means ∂L/∂symbol, where L is the summed loss of eq. (15) / (G8).
 */
import { fromRows, shape, zeros, type Matrix } from '../linalg.js';

/**
 * Where the reset gate acts in the candidate (G3)/(G4):
 *   'before-matmul' — ã = tanh(Wax·x + Waa·(Γr⊙a⟨t−1⟩) + ba): Cho et al. 2014 (arXiv v3), d2l.
 *   'after-matmul'  — ã = tanh(Wax·x + ba + Γr⊙(Waa·a⟨t−1⟩ + bhn)): the preprint's v1, cuDNN,
 *                     PyTorch, Keras with reset_after=True (its TensorFlow 2 default).
 */
export type ResetPlacement = 'before-matmul' | 'after-matmul';

/**
 * Which state the update gate weighs in (G5)/(G6):
 *   'gate-keeps-old' — a⟨t⟩ = Γu⊙a⟨t−1⟩ + (1 − Γu)⊙ã⟨t⟩: Cho et al. 2014's eq. (7), PyTorch, d2l, Keras.
 *   'gate-takes-new' — a⟨t⟩ = (1 − Γu)⊙a⟨t−1⟩ + Γu⊙ã⟨t⟩: the mirror, Chung et al. 2014, Ng's course.
 */
export type UpdateBlend = 'gate-keeps-old' | 'gate-takes-new';

/** The convention, named once here; every function reads it from `params.variant`. */
export interface GruVariant {
  readonly reset: ResetPlacement;
  readonly blend: UpdateBlend;
}

/** The four conventions, the first being PyTorch's nn.GRU. */
export const GRU_VARIANTS: readonly GruVariant[] = [
  { reset: 'after-matmul', blend: 'gate-keeps-old' },
  { reset: 'after-matmul', blend: 'gate-takes-new' },
  { reset: 'before-matmul', blend: 'gate-keeps-old' },
  { reset: 'before-matmul', blend: 'gate-takes-new' },
];

export interface GruParams {
  readonly variant: GruVariant;
  readonly Wrx: Matrix;
  readonly Wra: Matrix;
  readonly br: Matrix;
  readonly Wux: Matrix;
  readonly Wua: Matrix;
  readonly bu: Matrix;
  readonly Wax: Matrix;
  readonly Waa: Matrix;
  readonly ba: Matrix;
  /** Only with reset 'after-matmul': the recurrent product's own bias, inside Γr⊙(…). */
  readonly bhn?: Matrix;
  readonly Wya: Matrix;
  readonly by: Matrix;
}

/** ∂L/∂(each parameter), keyed d + its name (`dWrx`, `dbhn`), plus ∂L/∂a⟨0⟩. */
export interface GruGradients {
  readonly dParams: Readonly<Record<string, Matrix>>;
  readonly da0: Matrix;
}

export interface GruDimensions {
  readonly nA: number;
  readonly nX: number;
  readonly nY: number;
}

/** [rows, columns] of every learnable matrix of the variant, for the given sizes. */
export function gruShapes(variant: GruVariant, { nA, nX, nY }: GruDimensions): Record<string, [number, number]> {
  const gate = (W: string, U: string, b: string) => ({ [W]: [nA, nX], [U]: [nA, nA], [b]: [nA, 1] }) as Record<string, [number, number]>;
  const bhn: Record<string, [number, number]> = variant.reset === 'after-matmul' ? { bhn: [nA, 1] } : {};
  return { ...gate('Wrx', 'Wra', 'br'), ...gate('Wux', 'Wua', 'bu'), ...gate('Wax', 'Waa', 'ba'), ...bhn, Wya: [nY, nA], by: [nY, 1] };
}

/** nA, nX, nY implied by the parameters; a one-line error naming the first matrix of the wrong shape. */
export function gruDimensions(params: GruParams): GruDimensions {
  const [nY, nA] = shape(params.Wya);
  const nX = shape(params.Wax)[1];
  const named = params as unknown as Record<string, Matrix | undefined>;
  for (const [name, [er, ec]] of Object.entries(gruShapes(params.variant, { nA, nX, nY }))) {
    const M = named[name];
    if (M === undefined) throw new RangeError(`${name} is missing (reset ${params.variant.reset} needs it)`);
    const [r, c] = shape(M);
    if (r !== er || c !== ec) throw new RangeError(`${name} must be ${er}×${ec}, got ${r}×${c}`);
  }
  return { nA, nX, nY };
}

/** A new GRU: weights uniform in [−scale, scale] (default 0.1), biases zero. */
export function initGru(
  dims: GruDimensions,
  variant: GruVariant = GRU_VARIANTS[0],
  scale = 0.1,
  random: () => number = Math.random,
): GruParams {
  const m: Record<string, Matrix> = {};
  for (const [name, [r, c]] of Object.entries(gruShapes(variant, dims))) {
    m[name] = name.startsWith('b') ? zeros(r, 1) : fromRows(Array.from({ length: r }, () => Array.from({ length: c }, () => (2 * random() - 1) * scale)));
  }
  return { variant, ...m } as unknown as GruParams;
}
