/**
 * The document's equations read literally, where that reading is wrong. Nothing in the library
 * uses these: they exist so that spec/reference/errata.spec.ts can show each one failing the
 * gradient check (or being inconsistent) while the corrected form passes. See docs/errata.md.
 */
import { backpropRecurrent } from './cell.js';
import type { Recurrence } from './bptt.js';
import { elementwise, matmul, type Matrix } from './linalg.js';
import type { Params } from './types.js';

/** Eqs. (9), (20), (21) as printed — "∂L/∂o⟨t⟩ · Wya": (nY×1)·(nY×nA), undefined unless nY = 1. */
export function literalBackpropOutput(params: Params, dO: Matrix): Matrix {
  return matmul(dO, params.Wya);
}

/** Eqs. (21)–(22) as printed (transposes restored) — Waaᵀ·∂L/∂a⟨t⟩, dropping diag(1 − a⟨t⟩²). */
export const literalRecurrence: Recurrence = (params, da) => backpropRecurrent(params, da);

/** Section 3.2's clipping range "[5,5]" read literally: every element becomes 5. */
export function literalClip(g: Matrix, c: number): Matrix {
  return elementwise(g, () => c);
}
