/**
 * One step's state-to-state Jacobians: how a⟨t⟩ (and the LSTM's c⟨t⟩) move with the previous
 * state. Their transposes are what BPTT multiplies ∂L/∂a⟨t⟩ by on its way back, so the product of
 * T − t of them decides how much of l⟨T⟩'s gradient reaches a⟨t⟩ (§2.4, §3.2 of the document).
 *
 * Vanilla: eq. (22) written as a Jacobian, with the tanh derivative that the document drops
 * (docs/errata.md). LSTM: (L2)–(L7) differentiated with respect to a⟨t−1⟩ and c⟨t−1⟩ (docs/lstm.md;
 * (L13)–(L22) apply the transpose). GRU: (G1)–(G6) differentiated with respect to a⟨t−1⟩
 * (docs/gru.md; (G11)–(G19) apply the transpose). Each is built from the step's saved forward
 * values, on the mathjs references, so it runs on Complex entries too.
 *
 * Shapes: nA = hidden (and cell) size; every Jacobian here is nA×nA; diag(v) is the diagonal
 * matrix of the nA×1 column v.
 */
import type { GruCellCache } from '../reference/gru/cell.js';
import type { GruParams } from '../reference/gru/types.js';
import { elementwiseAt, entries, fromRows, hadamard, matmul, minus, plus, smul, type Matrix, type Scalar } from '../reference/linalg.js';
import type { LstmCellCache } from '../reference/lstm/cell.js';
import type { LstmParams } from '../reference/lstm/types.js';
import { oneMinus, sigmoidDerivative, tanhDerivativeOf } from '../reference/lstm/vectors.js';
import type { Params } from '../reference/types.js';

/** diag(v)·M — row i of M times vᵢ. */
export function scaleRows(v: Matrix, M: Matrix): Matrix {
  const d = entries(v);
  return elementwiseAt(M, (m, i) => smul(d[i], m));
}

/** The nA×nA block of M at rows [r, r + nA), columns [c, c + nA). */
function squareBlock(M: Matrix, r: number, c: number, nA: number): Matrix {
  return fromRows((M.toArray() as Scalar[][]).slice(r, r + nA).map((row) => row.slice(c, c + nA)));
}

/** diag(v): the nA×nA matrix with v on its diagonal. */
function diag(v: Matrix): Matrix {
  const d = entries(v);
  return fromRows(d.map((_, i) => d.map((__, j) => (i === j ? d[i] : 0))));
}

/** Eq. (22), corrected — ∂a⟨t⟩/∂a⟨t−1⟩ = diag(1 − a⟨t⟩²)·Waa, from the saved a⟨t⟩ of eq. (1). */
export function rnnStepJacobian(params: Params, a: Matrix): Matrix {
  // forward, eq. (1), was:  a = tanh(Wax·x + Waa·aPrev + ba)   so  ∂a/∂aPrev = diag(1 − a²)·Waa
  return scaleRows(tanhDerivativeOf(a), params.Waa);
}

/** The four blocks of the LSTM's state Jacobian ∂(a⟨t⟩, c⟨t⟩)/∂(a⟨t−1⟩, c⟨t−1⟩). */
export interface LstmStepJacobian {
  /** ∂a⟨t⟩/∂a⟨t−1⟩ */
  readonly aa: Matrix;
  /** ∂a⟨t⟩/∂c⟨t−1⟩ */
  readonly ac: Matrix;
  /** ∂c⟨t⟩/∂a⟨t−1⟩ */
  readonly ca: Matrix;
  /** ∂c⟨t⟩/∂c⟨t−1⟩ */
  readonly cc: Matrix;
}

/** (L2)–(L5), (L10) — the recurrent part ∂z•/∂a⟨t−1⟩ of each gate's pre-activation. */
export function lstmRecurrentWeights(params: LstmParams, nA: number): { f: Matrix; i: Matrix; c: Matrix; o: Matrix } {
  // course: z• = W•·[aPrev; x] + b•, so ∂z•/∂aPrev is W•'s first nA columns.
  if (params.variant === 'course') {
    return { f: squareBlock(params.Wf, 0, 0, nA), i: squareBlock(params.Wi, 0, 0, nA), c: squareBlock(params.Wc, 0, 0, nA), o: squareBlock(params.Wo, 0, 0, nA) };
  }
  // split (L10): [zi; zf; zg; zo] = … + Whh·aPrev + bhh, so ∂z•/∂aPrev is Whh's row block of the gate.
  const W = params.Whh;
  return { i: squareBlock(W, 0, 0, nA), f: squareBlock(W, nA, 0, nA), c: squareBlock(W, 2 * nA, 0, nA), o: squareBlock(W, 3 * nA, 0, nA) };
}

/** (L2)–(L7) differentiated — the LSTM step's state Jacobian, from the saved gates of step t. */
export function lstmStepJacobian(params: LstmParams, s: LstmCellCache): LstmStepJacobian {
  const nA = s.a.size()[0];
  const U = lstmRecurrentWeights(params, nA);
  // forward (L6) was:  c = Γf⊙cPrev + Γi⊙c̃, with Γf = σ(zf), Γi = σ(zi), c̃ = tanh(zc)
  //   so  ∂c/∂aPrev = diag(cPrev⊙σ'(zf))·Uf + diag(c̃⊙σ'(zi))·Ui + diag(Γi⊙(1 − c̃²))·Uc,  ∂c/∂cPrev = diag(Γf)
  const ca = plus(
    plus(scaleRows(hadamard(s.cPrev, sigmoidDerivative(s.gf)), U.f), scaleRows(hadamard(s.cTilde, sigmoidDerivative(s.gi)), U.i)),
    scaleRows(hadamard(s.gi, tanhDerivativeOf(s.cTilde)), U.c),
  );
  const cc = diag(s.gf);
  // forward (L7) was:  a = Γo⊙tanh(c), with Γo = σ(zo)
  //   so  ∂a/∂• = diag(tanh(c)⊙σ'(zo))·∂zo/∂• + diag(Γo⊙(1 − tanh²c))·∂c/∂•
  const throughC = hadamard(s.go, tanhDerivativeOf(s.tanhC));
  const aa = plus(scaleRows(hadamard(s.tanhC, sigmoidDerivative(s.go)), U.o), scaleRows(throughC, ca));
  const ac = scaleRows(throughC, cc);
  return { aa, ac, ca, cc };
}

/** (G1)–(G6) differentiated — the GRU step's ∂a⟨t⟩/∂a⟨t−1⟩, from the saved gates of step t. */
export function gruStepJacobian(params: GruParams, s: GruCellCache): Matrix {
  // forward (G1), (G2) were:  Γr = σ(Wrx·x + Wra·aPrev + br),  Γu = σ(Wux·x + Wua·aPrev + bu)
  const dGr = scaleRows(sigmoidDerivative(s.gr), params.Wra); // ∂Γr/∂aPrev
  const dGu = scaleRows(sigmoidDerivative(s.gu), params.Wua); // ∂Γu/∂aPrev
  // forward (G3) was:  ã = tanh(Wax·x + Waa·(Γr⊙aPrev) + ba)
  //   so  ∂ã/∂aPrev = diag(1 − ã²)·Waa·(diag(Γr) + diag(aPrev)·∂Γr/∂aPrev)
  // forward (G4) was:  ã = tanh(Wax·x + ba + Γr⊙n), n = Waa·aPrev + bhn
  //   so  ∂ã/∂aPrev = diag(1 − ã²)·(diag(Γr)·Waa + diag(n)·∂Γr/∂aPrev)
  const inner =
    params.variant.reset === 'before-matmul'
      ? matmul(params.Waa, plus(diag(s.gr), scaleRows(s.aPrev, dGr)))
      : plus(scaleRows(s.gr, params.Waa), scaleRows(s.n as Matrix, dGr));
  const dTilde = scaleRows(tanhDerivativeOf(s.aTilde), inner);
  // forward (G5) was:  a = Γu⊙aPrev + (1 − Γu)⊙ã    so  ∂a/∂aPrev = diag(Γu) + diag(aPrev − ã)·∂Γu/∂aPrev + diag(1 − Γu)·∂ã/∂aPrev
  // forward (G6) was:  a = (1 − Γu)⊙aPrev + Γu⊙ã    so  ∂a/∂aPrev = diag(1 − Γu) + diag(ã − aPrev)·∂Γu/∂aPrev + diag(Γu)·∂ã/∂aPrev
  const keeps = params.variant.blend === 'gate-keeps-old';
  const [onOld, onNew] = keeps ? [s.gu, oneMinus(s.gu)] : [oneMinus(s.gu), s.gu];
  const gateTerm = scaleRows(keeps ? minus(s.aPrev, s.aTilde) : minus(s.aTilde, s.aPrev), dGu);
  return plus(plus(diag(onOld), gateTerm), scaleRows(onNew, dTilde));
}
