/**
 * One RNN cell: the forward pass, eqs. (1)–(6), and the single-cell gradients, eqs. (7)–(14).
 *
 * Shapes: nA = hidden size, nX = input size, nY = output size.
 * The document writes (7)–(14) as ∂ŷ⟨t⟩/∂W; what they compute is the gradient of the step's loss
 * l⟨t⟩ (see docs/errata.md), given ∂l/∂o⟨t⟩ = softmax(o⟨t⟩) − y⟨t⟩. A "·" between two columns
 * there is an outer product, and in (11) it is elementwise.
 */
import {
  elementwise,
  hadamard,
  matmul,
  outer,
  plus,
  smul,
  ssub,
  stanh,
  transpose,
  type Matrix,
} from './linalg.js';
import { softmax } from './softmax.js';
import type { Params } from './types.js';

/** Eq. (4) — z⟨t⟩ = Wax·x⟨t⟩ + Waa·a⟨t−1⟩ + ba. */
export function preActivation(params: Params, x: Matrix, aPrev: Matrix): Matrix {
  return plus(plus(matmul(params.Wax, x), matmul(params.Waa, aPrev)), params.ba);
}

/** Eq. (3) — a⟨t⟩ = tanh(z⟨t⟩), elementwise. */
export function tanhActivation(z: Matrix): Matrix {
  return elementwise(z, stanh);
}

/** Eq. (1) — a⟨t⟩ = tanh(Wax·x⟨t⟩ + Waa·a⟨t−1⟩ + ba), i.e. (3) after (4). */
export function hiddenState(params: Params, x: Matrix, aPrev: Matrix): Matrix {
  return tanhActivation(preActivation(params, x, aPrev));
}

/** Eq. (6) — o⟨t⟩ = Wya·a⟨t⟩ + by. */
export function logits(params: Params, a: Matrix): Matrix {
  return plus(matmul(params.Wya, a), params.by);
}

/** Eq. (2) — ŷ⟨t⟩ = softmax(Wya·a⟨t⟩ + by), i.e. (5) after (6). */
export function prediction(params: Params, a: Matrix): Matrix {
  return softmax(logits(params, a));
}

// ---- backward: each function differentiates the forward line it quotes ----

/** Eq. (7) — ∂l/∂Wya = ∂l/∂o⟨t⟩ · a⟨t⟩ᵀ (outer product). */
export function dWyaStep(dO: Matrix, a: Matrix): Matrix {
  // forward, eq. (6), was:  o = Wya·a + by   so ∂o_i/∂Wya_ij = a_j
  return outer(dO, a);
}

/** Eq. (8) — ∂l/∂by = ∂l/∂o⟨t⟩. */
export function dbyStep(dO: Matrix): Matrix {
  return dO;
}

/**
 * Eqs. (9), (20), corrected — ∂l/∂a⟨t⟩ = Wyaᵀ · ∂l/∂o⟨t⟩ (nA×1). The document's "∂l/∂o · Wya"
 * has no transpose and the wrong order: (nY×1)·(nY×nA) is not even defined.
 */
export function backpropOutput(params: Params, dO: Matrix): Matrix {
  // forward, eq. (6), was:  o = Wya·a + by   so  da = Wyaᵀ·do
  return matmul(transpose(params.Wya), dO);
}

/** Eq. (10) — ∂a⟨t⟩/∂z⟨t⟩ = 1 − a⟨t⟩², the diagonal of tanh's Jacobian, from the saved output. */
export function tanhDerivative(a: Matrix): Matrix {
  return elementwise(a, (ai) => ssub(1, smul(ai, ai)));
}

/** Eqs. (11), (23) — ∂L/∂z⟨t⟩ = ∂L/∂a⟨t⟩ ⊙ (1 − a⟨t⟩²). */
export function backpropTanh(da: Matrix, a: Matrix): Matrix {
  // forward, eq. (3), was:  a = tanh(z)
  // so now we have:         dz = da ⊙ (1 − a²)  — z itself is not needed
  return hadamard(da, tanhDerivative(a));
}

/** Eq. (12) — ∂l/∂Waa = ∂l/∂z⟨t⟩ · a⟨t−1⟩ᵀ. */
export function dWaaStep(dz: Matrix, aPrev: Matrix): Matrix {
  // forward, eq. (4), was:  z = Wax·x + Waa·aPrev + ba
  return outer(dz, aPrev);
}

/** Eq. (13) — ∂l/∂Wax = ∂l/∂z⟨t⟩ · x⟨t⟩ᵀ. */
export function dWaxStep(dz: Matrix, x: Matrix): Matrix {
  return outer(dz, x);
}

/** Eq. (14) — ∂l/∂ba = ∂l/∂z⟨t⟩. */
export function dbaStep(dz: Matrix): Matrix {
  return dz;
}

/** Eq. (21), recurrent term, corrected — Waaᵀ · ∂L/∂z⟨t⟩, the gradient that a⟨t−1⟩ gets via eq. (4). */
export function backpropRecurrent(params: Params, dz: Matrix): Matrix {
  // forward, eq. (4), was:  z = Wax·x + Waa·aPrev + ba   so  daPrev = Waaᵀ·dz
  return matmul(transpose(params.Waa), dz);
}
