/**
 * The GRU engine's parameters (docs/gru.md, (G1)–(G6)): one packed layout for the four conventions,
 * and exact conversions to and from the reference's names (flat row-major arrays, no mathjs).
 *
 * Shapes: nA = hidden size, V = vocabulary size (nX = nY = V). Packed, row-major, blocks in the
 * order reset r, update u, candidate (the reference's Wax, Waa, ba):
 *   Wx 3nA×V = [Wrx; Wux; Wax]   Wa 3nA×nA = [Wra; Wua; Waa]   b 3nA = [br; bu; ba]
 *   bhn nA (reset after the product) or 0   Wya V×nA   by V
 * so the products with a⟨t−1⟩ are one 3nA×nA matvec when the reset acts after Waa·a⟨t−1⟩ (G4),
 * and a 2nA×nA one plus Waa·(Γr⊙a⟨t−1⟩) when it acts before (G3).
 */
import type { GruVariant } from '../reference/gru/types.js';
import { checkNamed, drawNamed, lengthsOf, zeroArrays, type NamedParams } from './gated-params.js';

export interface FastGruParams {
  readonly variant: GruVariant;
  readonly nA: number;
  readonly V: number;
  readonly Wx: Float64Array;
  readonly Wa: Float64Array;
  readonly b: Float64Array;
  /** Only with reset 'after-matmul' (PyTorch's b_hn); empty otherwise. */
  readonly bhn: Float64Array;
  readonly Wya: Float64Array;
  readonly by: Float64Array;
}

/** The packed arrays' names, in their order in a workspace's parameter block. */
export const GRU_PACKED = ['Wx', 'Wa', 'b', 'bhn', 'Wya', 'by'] as const;

/** The three blocks r, u, candidate with their reference names [input weight, recurrent weight, bias]. */
const GRU_BLOCKS = [['Wrx', 'Wra', 'br'], ['Wux', 'Wua', 'bu'], ['Wax', 'Waa', 'ba']] as const;

/** Each packed array's length. */
export function gruPackedLengths(variant: GruVariant, nA: number, V: number): Record<(typeof GRU_PACKED)[number], number> {
  return { Wx: 3 * nA * V, Wa: 3 * nA * nA, b: 3 * nA, bhn: variant.reset === 'after-matmul' ? nA : 0, Wya: V * nA, by: V };
}

/** [rows, columns] of each parameter by its reference name, in the reference's order (src/reference/gru/types.ts). */
export function gruNamedShapes(variant: GruVariant, nA: number, V: number): Record<string, [number, number]> {
  const shapes: Record<string, [number, number]> = {};
  for (const [Wx, Wa, b] of GRU_BLOCKS) Object.assign(shapes, { [Wx]: [nA, V], [Wa]: [nA, nA], [b]: [nA, 1] });
  if (variant.reset === 'after-matmul') shapes.bhn = [nA, 1];
  return { ...shapes, Wya: [V, nA], by: [V, 1] };
}

/** Zero packed parameters (plain arrays, outside any workspace). */
export function zeroGruParams(variant: GruVariant, nA: number, V: number): FastGruParams {
  return { variant, nA, V, ...zeroArrays(GRU_PACKED, gruPackedLengths(variant, nA, V)) };
}

/** The same parameters by the reference's names: exact copies. */
export function gruToNamed(p: FastGruParams): NamedParams {
  const { nA, V } = p;
  const named: NamedParams = {};
  GRU_BLOCKS.forEach(([Wx, Wa, b], g) => {
    named[Wx] = p.Wx.slice(g * nA * V, (g + 1) * nA * V);
    named[Wa] = p.Wa.slice(g * nA * nA, (g + 1) * nA * nA);
    named[b] = p.b.slice(g * nA, (g + 1) * nA);
  });
  if (p.variant.reset === 'after-matmul') named.bhn = p.bhn.slice();
  return { ...named, Wya: p.Wya.slice(), by: p.by.slice() };
}

/** Packed parameters from the reference's names; a one-line error names a missing or mis-sized one. */
export function gruFromNamed(variant: GruVariant, nA: number, V: number, named: Readonly<NamedParams>): FastGruParams {
  checkNamed(gruNamedShapes(variant, nA, V), named);
  const p = zeroGruParams(variant, nA, V);
  GRU_BLOCKS.forEach(([Wx, Wa, b], g) => {
    p.Wx.set(named[Wx], g * nA * V);
    p.Wa.set(named[Wa], g * nA * nA);
    p.b.set(named[b], g * nA);
  });
  if (variant.reset === 'after-matmul') p.bhn.set(named.bhn);
  p.Wya.set(named.Wya);
  p.by.set(named.by);
  return p;
}

/** The reference name of the gradient holding entry `index` of a packed gradient block (`dWra`, `dbhn`, …). */
export function gruGradientName(variant: GruVariant, nA: number, V: number, index: number): string {
  const lengths = gruPackedLengths(variant, nA, V);
  let start = 0;
  for (const [k, name] of GRU_PACKED.entries()) {
    const end = start + lengths[name];
    if (index < end) return k < 3 ? `d${GRU_BLOCKS[Math.floor(((index - start) * 3) / lengths[name])][k]}` : `d${name}`;
    start = end;
  }
  throw new RangeError(`index ${index} is past the parameters' ${start} entries`);
}

/**
 * The template's initialisation carried over to the GRU: numpy's seed(s), then every weight matrix
 * in the reference's order drawn as randn(rows, cols)·scale (default 0.01), biases 0.
 * bench/numpy_gru.py draws the same numbers.
 */
export function gruInit(variant: GruVariant, nA: number, V: number, { seed = 1, scale = 0.01 } = {}): FastGruParams {
  return gruFromNamed(variant, nA, V, drawNamed(lengthsOf(gruNamedShapes(variant, nA, V)), seed, scale));
}
