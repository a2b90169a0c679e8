/**
 * One GRU step: the forward equations (G1)–(G6) and, beside each, the single-step gradient
 * (G11)–(G19) that differentiates it. docs/gru.md derives them.
 *
 * Shapes: nA = hidden size, nX = input size; every vector is a column (nA×1, nX×1).
 * σ is the logistic sigmoid; ⊙ is the elementwise product.
 */
import { elementwise, hadamard, matmul, minus, outer, plus, stanh, transpose, type Matrix } from '../linalg.js';
import { oneMinus, sigmoid, sigmoidDerivative, tanhDerivativeOf } from '../lstm/vectors.js';
import type { GruParams, UpdateBlend } from './types.js';

/** What one step saves for the backward pass. `n` = Waa·a⟨t−1⟩ + bhn, only with reset after the product. */
export interface GruCellCache {
  readonly x: Matrix;
  readonly aPrev: Matrix;
  readonly gr: Matrix;
  readonly gu: Matrix;
  readonly n?: Matrix;
  readonly aTilde: Matrix;
  readonly a: Matrix;
}

/** (G1), (G2) — a gate σ(W•x·x⟨t⟩ + W•a·a⟨t−1⟩ + b•). */
export function gate(Wx: Matrix, Wa: Matrix, b: Matrix, x: Matrix, aPrev: Matrix): Matrix {
  return sigmoid(plus(plus(matmul(Wx, x), matmul(Wa, aPrev)), b));
}

/** (G3) ã = tanh(Wax·x + Waa·(Γr⊙a⟨t−1⟩) + ba), or (G4) ã = tanh(Wax·x + ba + Γr⊙n), n = Waa·a⟨t−1⟩ + bhn. */
export function candidate(params: GruParams, x: Matrix, aPrev: Matrix, gr: Matrix): { aTilde: Matrix; n?: Matrix } {
  const input = plus(matmul(params.Wax, x), params.ba);
  if (params.variant.reset === 'before-matmul') {
    return { aTilde: elementwise(plus(input, matmul(params.Waa, hadamard(gr, aPrev))), stanh) };
  }
  const n = plus(matmul(params.Waa, aPrev), params.bhn as Matrix);
  return { aTilde: elementwise(plus(input, hadamard(gr, n)), stanh), n };
}

/** (G5) a = Γu⊙a⟨t−1⟩ + (1 − Γu)⊙ã, or its mirror (G6) a = (1 − Γu)⊙a⟨t−1⟩ + Γu⊙ã. */
export function blend(kind: UpdateBlend, gu: Matrix, aPrev: Matrix, aTilde: Matrix): Matrix {
  const [onOld, onNew] = kind === 'gate-keeps-old' ? [gu, oneMinus(gu)] : [oneMinus(gu), gu];
  return plus(hadamard(onOld, aPrev), hadamard(onNew, aTilde));
}

/** (G1)–(G6) — both gates, the candidate and the blended state a⟨t⟩. */
export function gruCellForward(params: GruParams, x: Matrix, aPrev: Matrix): GruCellCache {
  const gr = gate(params.Wrx, params.Wra, params.br, x, aPrev); // (G1)
  const gu = gate(params.Wux, params.Wua, params.bu, x, aPrev); // (G2)
  const { aTilde, n } = candidate(params, x, aPrev, gr); // (G3)/(G4)
  return { x, aPrev, gr, gu, n, aTilde, a: blend(params.variant.blend, gu, aPrev, aTilde) }; // (G5)/(G6)
}

// ---- backward: each function differentiates the forward line it quotes ----

/** What (G11)–(G13) send on: ∂L/∂ã, ∂L/∂zu (Γu = σ(zu)) and the direct share of ∂L/∂a⟨t−1⟩. */
export interface BlendBackward {
  readonly dTilde: Matrix;
  readonly dzu: Matrix;
  readonly daPrev: Matrix;
}

/**
 * (G11)–(G13) — through the blend. (G5): dã = da⊙(1 − Γu), dzu = da⊙(a⟨t−1⟩ − ã)⊙Γu(1 − Γu),
 * da⟨t−1⟩ ∋ da⊙Γu. (G6) swaps Γu and 1 − Γu, and the sign of dzu.
 */
export function backpropBlend(kind: UpdateBlend, da: Matrix, s: GruCellCache): BlendBackward {
  // forward (G5) was:  a = Γu⊙aPrev + (1 − Γu)⊙ã   so  ∂a/∂Γu = aPrev − ã
  // forward (G6) was:  a = (1 − Γu)⊙aPrev + Γu⊙ã   so  ∂a/∂Γu = ã − aPrev
  const keeps = kind === 'gate-keeps-old';
  const [onOld, onNew] = keeps ? [s.gu, oneMinus(s.gu)] : [oneMinus(s.gu), s.gu];
  const dGu = hadamard(da, keeps ? minus(s.aPrev, s.aTilde) : minus(s.aTilde, s.aPrev));
  return { dTilde: hadamard(da, onNew), dzu: hadamard(dGu, sigmoidDerivative(s.gu)), daPrev: hadamard(da, onOld) };
}

/** One step's parameter terms (by parameter name), and what a⟨t−1⟩ and Γr receive. */
export interface CandidateBackward {
  readonly terms: Readonly<Record<string, Matrix>>;
  readonly dGr: Matrix;
  readonly daPrev: Matrix;
}

/**
 * (G14)–(G16) — through the candidate: dzh = dã⊙(1 − ã²), then
 *   (G15) before: dWaa = dzh·(Γr⊙a⟨t−1⟩)ᵀ, g = Waaᵀ·dzh, dΓr = g⊙a⟨t−1⟩, da⟨t−1⟩ ∋ g⊙Γr
 *   (G16) after:  dn = dzh⊙Γr, dΓr = dzh⊙n, dWaa = dn·a⟨t−1⟩ᵀ, dbhn = dn, da⟨t−1⟩ ∋ Waaᵀ·dn
 * and in both dWax = dzh·xᵀ, dba = dzh.
 */
export function backpropCandidate(params: GruParams, s: GruCellCache, dTilde: Matrix): CandidateBackward {
  const dzh = hadamard(dTilde, tanhDerivativeOf(s.aTilde)); // (G14), forward (G3)/(G4): ã = tanh(zh)
  const common = { Wax: outer(dzh, s.x), ba: dzh };
  if (params.variant.reset === 'before-matmul') {
    // forward (G3) was:  zh = Wax·x + Waa·(Γr⊙aPrev) + ba
    const g = matmul(transpose(params.Waa), dzh);
    return { terms: { ...common, Waa: outer(dzh, hadamard(s.gr, s.aPrev)) }, dGr: hadamard(g, s.aPrev), daPrev: hadamard(g, s.gr) };
  }
  // forward (G4) was:  zh = Wax·x + ba + Γr⊙n,  n = Waa·aPrev + bhn
  const dn = hadamard(dzh, s.gr);
  return {
    terms: { ...common, Waa: outer(dn, s.aPrev), bhn: dn },
    dGr: hadamard(dzh, s.n as Matrix),
    daPrev: matmul(transpose(params.Waa), dn),
  };
}

/**
 * (G17)–(G19) — through the gates: dzr = dΓr⊙Γr(1 − Γr); dW•x = dz•·xᵀ, dW•a = dz•·a⟨t−1⟩ᵀ,
 * db• = dz• for • = r, u; da⟨t−1⟩ ∋ Wraᵀ·dzr + Wuaᵀ·dzu.
 */
export function backpropGates(params: GruParams, s: GruCellCache, dGr: Matrix, dzu: Matrix): { terms: Record<string, Matrix>; daPrev: Matrix } {
  // forward (G1), (G2) were:  Γ• = σ(W•x·x + W•a·aPrev + b•)
  const dzr = hadamard(dGr, sigmoidDerivative(s.gr)); // (G17)
  return {
    terms: { Wrx: outer(dzr, s.x), Wra: outer(dzr, s.aPrev), br: dzr, Wux: outer(dzu, s.x), Wua: outer(dzu, s.aPrev), bu: dzu },
    daPrev: plus(matmul(transpose(params.Wra), dzr), matmul(transpose(params.Wua), dzu)),
  };
}
