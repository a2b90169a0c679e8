/**
 * One LSTM step: the forward equations (L1)–(L7), (L10) and, beside each, the single-step
 * gradient (L13)–(L22) that differentiates it. docs/lstm.md derives them.
 *
 * Shapes: nA = hidden/cell size, nX = input size; every vector is a column (nA×1, nX×1).
 * σ is the logistic sigmoid; ⊙ is the elementwise product.
 */
import { elementwise, hadamard, matmul, outer, plus, stanh, transpose, type Matrix } from '../linalg.js';
import type { LstmParams } from './types.js';
import { block, sigmoid, sigmoidDerivative, stack, tanhDerivativeOf } from './vectors.js';

/** The gates' pre-activations: Γf = σ(zf), Γi = σ(zi), c̃ = tanh(zc), Γo = σ(zo). */
export interface GatePreActivations {
  readonly zf: Matrix;
  readonly zi: Matrix;
  readonly zc: Matrix;
  readonly zo: Matrix;
}

/** What one step saves for the backward pass. */
export interface LstmCellCache {
  readonly x: Matrix;
  readonly aPrev: Matrix;
  readonly cPrev: Matrix;
  readonly gf: Matrix;
  readonly gi: Matrix;
  readonly cTilde: Matrix;
  readonly go: Matrix;
  readonly c: Matrix;
  readonly tanhC: Matrix;
  readonly a: Matrix;
}

/** (L1) — v⟨t⟩ = [a⟨t−1⟩; x⟨t⟩], the course variant's concatenated input. */
export function concatInput(aPrev: Matrix, x: Matrix): Matrix {
  return stack(aPrev, x);
}

/** (L2)–(L5) inner parts, z• = W•·v⟨t⟩ + b•; or (L10), [zi; zf; zg; zo] = Wih·x + bih + Whh·a⟨t−1⟩ + bhh. */
export function gatePreActivations(params: LstmParams, x: Matrix, aPrev: Matrix): GatePreActivations {
  if (params.variant === 'course') {
    const v = concatInput(aPrev, x);
    const z = (W: Matrix, b: Matrix) => plus(matmul(W, v), b);
    return { zf: z(params.Wf, params.bf), zi: z(params.Wi, params.bi), zc: z(params.Wc, params.bc), zo: z(params.Wo, params.bo) };
  }
  const nA = aPrev.size()[0];
  const z = plus(plus(matmul(params.Wih, x), params.bih), plus(matmul(params.Whh, aPrev), params.bhh));
  return { zi: block(z, 0, nA), zf: block(z, nA, nA), zc: block(z, 2 * nA, nA), zo: block(z, 3 * nA, nA) };
}

/** (L2)–(L7) — the gates, c⟨t⟩ = Γf⊙c⟨t−1⟩ + Γi⊙c̃⟨t⟩ and a⟨t⟩ = Γo⊙tanh(c⟨t⟩). */
export function lstmCellForward(params: LstmParams, x: Matrix, aPrev: Matrix, cPrev: Matrix): LstmCellCache {
  const { zf, zi, zc, zo } = gatePreActivations(params, x, aPrev);
  const gf = sigmoid(zf); // (L2)
  const gi = sigmoid(zi); // (L3)
  const cTilde = elementwise(zc, stanh); // (L4)
  const go = sigmoid(zo); // (L5)
  const c = plus(hadamard(gf, cPrev), hadamard(gi, cTilde)); // (L6)
  const tanhC = elementwise(c, stanh);
  const a = hadamard(go, tanhC); // (L7)
  return { x, aPrev, cPrev, gf, gi, cTilde, go, c, tanhC, a };
}

// ---- backward: each function differentiates the forward line it quotes ----

/** (L14) — dzo = da⟨t⟩ ⊙ tanh(c⟨t⟩) ⊙ Γo⊙(1 − Γo). */
export function backpropOutputGate(da: Matrix, s: LstmCellCache): Matrix {
  // forward (L7) was:  a = Γo ⊙ tanh(c),  (L5): Γo = σ(zo)   so  dΓo = da ⊙ tanh(c)
  return hadamard(hadamard(da, s.tanhC), sigmoidDerivative(s.go));
}

/** (L15) — dc⟨t⟩ = dc⟨t⟩ from step t+1 (L19) + da⟨t⟩ ⊙ Γo ⊙ (1 − tanh²(c⟨t⟩)). */
export function backpropCellState(da: Matrix, dcNext: Matrix, s: LstmCellCache): Matrix {
  // forward (L7) was:  a = Γo ⊙ tanh(c)   so  ∂a/∂c = Γo ⊙ (1 − tanh²c), and c also feeds (L6) of t+1
  return plus(dcNext, hadamard(hadamard(da, s.go), tanhDerivativeOf(s.tanhC)));
}

/** (L16) — dzf = dc⟨t⟩ ⊙ c⟨t−1⟩ ⊙ Γf⊙(1 − Γf). */
export function backpropForgetGate(dc: Matrix, s: LstmCellCache): Matrix {
  // forward (L6) was:  c = Γf ⊙ cPrev + Γi ⊙ c̃   so  dΓf = dc ⊙ cPrev
  return hadamard(hadamard(dc, s.cPrev), sigmoidDerivative(s.gf));
}

/** (L17) — dzi = dc⟨t⟩ ⊙ c̃⟨t⟩ ⊙ Γi⊙(1 − Γi). */
export function backpropInputGate(dc: Matrix, s: LstmCellCache): Matrix {
  // forward (L6) was:  c = Γf ⊙ cPrev + Γi ⊙ c̃   so  dΓi = dc ⊙ c̃
  return hadamard(hadamard(dc, s.cTilde), sigmoidDerivative(s.gi));
}

/** (L18) — dzc = dc⟨t⟩ ⊙ Γi ⊙ (1 − c̃⟨t⟩²). */
export function backpropCandidate(dc: Matrix, s: LstmCellCache): Matrix {
  // forward (L6) was:  c = Γf ⊙ cPrev + Γi ⊙ c̃,  (L4): c̃ = tanh(zc)   so  dc̃ = dc ⊙ Γi
  return hadamard(hadamard(dc, s.gi), tanhDerivativeOf(s.cTilde));
}

/** (L19) — dc⟨t−1⟩ = dc⟨t⟩ ⊙ Γf⟨t⟩: the cell state's gradient carried back through the forget gate. */
export function backpropCellCarry(dc: Matrix, s: LstmCellCache): Matrix {
  // forward (L6) was:  c = Γf ⊙ cPrev + Γi ⊙ c̃   so  ∂c/∂cPrev = diag(Γf)
  return hadamard(dc, s.gf);
}

/** One step's parameter terms (by parameter name) and the gradient a⟨t−1⟩ receives. */
export interface AffineBackward {
  readonly terms: Readonly<Record<string, Matrix>>;
  readonly daPrev: Matrix;
}

/**
 * (L20)–(L22) — through the affine maps of (L2)–(L5) / (L10):
 *   course: dW• = dz•·v⟨t⟩ᵀ, db• = dz•, da⟨t−1⟩ = first nA rows of Σ W•ᵀ·dz•
 *   split:  dz = [dzi; dzf; dzg; dzo], dWih = dz·xᵀ, dWhh = dz·a⟨t−1⟩ᵀ, dbih = dbhh = dz, da⟨t−1⟩ = Whhᵀ·dz
 */
export function backpropGateAffine(params: LstmParams, s: LstmCellCache, dz: GatePreActivations): AffineBackward {
  const nA = s.a.size()[0];
  if (params.variant === 'course') {
    // forward (L2)–(L5) was:  z• = W•·v + b•   with v = [aPrev; x]
    const v = concatInput(s.aPrev, s.x);
    const back = (W: Matrix, d: Matrix) => matmul(transpose(W), d);
    const dv = plus(plus(back(params.Wf, dz.zf), back(params.Wi, dz.zi)), plus(back(params.Wc, dz.zc), back(params.Wo, dz.zo)));
    return {
      terms: {
        Wf: outer(dz.zf, v), Wi: outer(dz.zi, v), Wc: outer(dz.zc, v), Wo: outer(dz.zo, v),
        bf: dz.zf, bi: dz.zi, bc: dz.zc, bo: dz.zo,
      },
      daPrev: block(dv, 0, nA),
    };
  }
  // forward (L10) was:  z = Wih·x + bih + Whh·aPrev + bhh,  z = [zi; zf; zg; zo]
  const d = stack(dz.zi, dz.zf, dz.zc, dz.zo);
  return { terms: { Wih: outer(d, s.x), Whh: outer(d, s.aPrev), bih: d, bhh: d }, daPrev: matmul(transpose(params.Whh), d) };
}
