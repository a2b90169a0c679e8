/** What an evaluator is (evaluator.ts makes one per path): values as flat row-major arrays, one per slot. */
import { entries, realPart, type Matrix } from '../reference/linalg.js';
import type { Gradients } from '../reference/types.js';
import { slotGradient, SLOTS, type Slot } from './problem.js';

/** A copy of θ with entry k (row-major) of `slot` set to v. */
export interface EntryValue {
  readonly slot: Slot;
  readonly k: number;
  readonly v: number;
}

/** One Float64Array per slot, row-major. */
export type Flat = Record<Slot, Float64Array>;
export type Path = 'engine' | 'reference';

/** What BPTT computes along the way, row-major by time: the terms of (18), (19), (24)–(26) are built from these. */
export interface Intermediates {
  /** x⟨1⟩…x⟨T⟩, T·nX (dense; one-hot or zero for index and null inputs). */
  readonly x: Float64Array;
  /** a⟨0⟩…a⟨T⟩, (T+1)·nA. */
  readonly a: Float64Array;
  /** ∂L/∂a⟨1⟩…∂L/∂a⟨T⟩, T·nA (eqs. (20)–(21)). */
  readonly da: Float64Array;
  /** ∂l/∂o⟨1⟩…∂l/∂o⟨T⟩ = ŷ − y, T·nY. */
  readonly dy: Float64Array;
}

/**
 * A complex-step derivative and the magnitude its rounding scales with: Im L = Σₜ Im l⟨t⟩ may be
 * a small sum of large per-step terms (an exploding model's tangent), each rounded.
 */
export interface ComplexStep {
  readonly value: number;
  readonly magnitude: number;
}

export interface Evaluator {
  readonly path: Path;
  /** The problem's values, flat. */
  readonly theta: Flat;
  readonly shapes: Record<Slot, readonly [number, number]>;
  /** L with entry k of `slot` set to v. */
  lossWithEntry(slot: Slot, k: number, v: number): number;
  /** L of many copies of θ, each with one entry set (`lossWithEntry` of each, evaluated together). */
  lossesWithEntries(copies: readonly EntryValue[]): Float64Array;
  /** L(θ + s·u). */
  lossAlong(u: Flat, s: number): number;
  /** Im L(θ + i·h·u) / h, and Σₜ |Im l⟨t⟩| / h. */
  complexAlong(u: Flat, h: number): ComplexStep;
  /** Im L(θ + i·h·eₖ) / h for every entry k of every slot, and each Σₜ |Im l⟨t⟩| / h. */
  complexPartials(h: number, onProgress?: (done: number, total: number) => void): { value: Flat; magnitude: Flat };
  /** L and ∇L (our BPTT on this path) at θ ⊙ (1 + f). */
  gradientsScaled(f: Flat): { loss: number; gradients: Flat };
  /** BPTT's intermediate values at θ, flat by time (see `Intermediates`). */
  intermediates(): Intermediates;
}

/** A slot-by-slot map. */
export function mapSlots<T>(f: (slot: Slot) => T): Record<Slot, T> {
  return Object.fromEntries(SLOTS.map((s) => [s, f(s)])) as Record<Slot, T>;
}

/** One matrix per slot as flat arrays, real parts. */
export function flatMatrices(m: Readonly<Record<Slot, Matrix>>): Flat {
  return mapSlots((s) => Float64Array.from(entries(m[s]).map(realPart)));
}

/** A Gradients object (mathjs) as flat arrays, real parts. */
export function flatGradients(g: Gradients): Flat {
  return flatMatrices(mapSlots((s) => slotGradient(g, s)));
}
