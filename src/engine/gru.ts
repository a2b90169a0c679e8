/**
 * The fast GRU: forward (G1)–(G8) and BPTT (G9)–(G19) with ∂L/∂a⟨0⟩, in float64 with the matrix
 * products in the SIMD kernels (rnn.ts's `Kernels`), for the four conventions of
 * src/reference/gru/types.ts (reset before/after the recurrent product × the two blends). The same
 * maths as src/reference/gru/; trusted only because spec/engine/gru.spec.ts proves it equal to it.
 *
 * Shapes: nA = hidden size, V = vocabulary size, T = sequence length; the packed layout is in
 * gru-params.ts (blocks r, u, candidate). Inputs are indices or null (the zero vector).
 */
import type { GruVariant } from '../reference/gru/types.js';
import { BlockWorkspace, carve, sigmoid } from './gated-memory.js';
import { outputBackward, outputForward, outputWeightGradient } from './gated-output.js';
import { gruGradientName, gruPackedLengths, GRU_PACKED, type FastGruParams } from './gru-params.js';

/** ∂L/∂(each packed array), same layout, and ∂L/∂a⟨0⟩. */
export interface FastGruGradients {
  readonly dWx: Float64Array;
  readonly dWa: Float64Array;
  readonly db: Float64Array;
  readonly dbhn: Float64Array;
  readonly dWya: Float64Array;
  readonly dby: Float64Array;
  readonly da0: Float64Array;
}

type Block = 'da0' | 'da' | 'g' | 'a' | 'act' | 'aux' | 'dzg' | 'dzc';

/**
 * The GRU's buffers in one kernels memory: parameters and gradients (one block each, packed order),
 * a⟨0⟩…a⟨T⟩, per step act = [Γr; Γu; ã] and aux = n⟨t⟩ = Waa·a⟨t−1⟩ + bhn (reset after) or
 * Γr⊙a⟨t−1⟩ (reset before), ŷ⟨t⟩ (then ŷ − y), dzg = [dzr; dzu] and dzc = the candidate's ∂L/∂ of
 * Waa's product (dzh before, dn after). Longer sequences move it to a larger memory: read views again.
 */
export class GruWorkspace extends BlockWorkspace<Block> {
  params!: FastGruParams;
  grads!: FastGruGradients;

  constructor(readonly variant: GruVariant, readonly nA: number, readonly V: number, capacity = 64) {
    const paramLength = Object.values(gruPackedLengths(variant, nA, V)).reduce((s, n) => s + n, 0);
    super(
      {
        params: paramLength, grads: paramLength, da0: nA, da: nA, g: nA,
        a: { perStep: nA, extra: nA }, act: { perStep: 3 * nA }, aux: { perStep: nA }, yHat: { perStep: V },
        dzg: { perStep: 2 * nA }, dzc: { perStep: nA },
      },
      capacity,
    );
    this.carveViews();
  }

  /** a⟨0⟩ … a⟨T⟩, (T+1)×nA. */
  get a(): Float64Array { return this.mem.blocks.a; }

  /** Copies `p` into this workspace's parameters (unless it is them). */
  load(p: FastGruParams): void {
    const same = p.variant.reset === this.variant.reset && p.variant.blend === this.variant.blend;
    if (!same || p.nA !== this.nA || p.V !== this.V) throw new RangeError(`parameters are a GRU ${p.nA}×${p.V} of another size or convention than the workspace's ${this.nA}×${this.V}`);
    if (p.Wa === this.params.Wa) return;
    for (const name of GRU_PACKED) this.params[name].set(p[name]);
  }

  protected gradientName(index: number): string {
    return gruGradientName(this.variant, this.nA, this.V, index);
  }

  protected carveViews(): void {
    const { variant, nA, V } = this;
    const lengths = gruPackedLengths(variant, nA, V);
    const { params, grads, da0 } = this.mem.blocks;
    this.params = { variant, nA, V, ...carve(params, lengths) };
    const g = carve(grads, lengths);
    this.grads = { dWx: g.Wx, dWa: g.Wa, db: g.b, dbhn: g.bhn, dWya: g.Wya, dby: g.by, da0 };
  }
}

/** (G1)–(G8) — over X, Y from a⟨0⟩: fills the workspace's states, gates and ŷ⟨t⟩ and returns L = −Σₜ log ŷ⟨t⟩[Y⟨t⟩]. */
export function gruForward(p: FastGruParams, X: readonly (number | null)[], Y: readonly number[], a0: Float64Array, ws: GruWorkspace): number {
  const own = p === ws.params;
  const T = X.length;
  ws.ensure(T);
  if (!own) ws.load(p);
  const { nA, V, Wx, Wa, b, bhn } = ws.params;
  const after = ws.variant.reset === 'after-matmul';
  const keeps = ws.variant.blend === 'gate-keeps-old';
  const { a, act, aux } = ws.buffers;
  const k = ws.kernels;
  const Waa = Wa.byteOffset + 2 * nA * nA * 8;
  a.set(a0, 0);
  let loss = 0;
  for (let t = 0; t < T; t++) {
    const prev = t * nA;
    const ao = t * 3 * nA;
    const x = X[t];
    // (G1), (G2): Γ = σ(W•x·x + W•a·a⟨t−1⟩ + b•); with reset after, also Waa·a⟨t−1⟩ in the same product
    k.matvec(Wa.byteOffset, a.byteOffset + prev * 8, act.byteOffset + ao * 8, (after ? 3 : 2) * nA, nA);
    for (let r = 0; r < 2 * nA; r++) act[ao + r] = sigmoid((x === null ? 0 : Wx[r * V + x]) + act[ao + r] + b[r]);
    if (after) {
      // (G4): ã = tanh(Wax·x + ba + Γr⊙n), n = Waa·a⟨t−1⟩ + bhn
      for (let i = 0; i < nA; i++) {
        const n = act[ao + 2 * nA + i] + bhn[i];
        aux[prev + i] = n;
        const wx = x === null ? 0 : Wx[(2 * nA + i) * V + x];
        act[ao + 2 * nA + i] = Math.tanh(wx + b[2 * nA + i] + act[ao + i] * n);
      }
    } else {
      // (G3): ã = tanh(Wax·x + ba + Waa·(Γr⊙a⟨t−1⟩))
      for (let i = 0; i < nA; i++) aux[prev + i] = act[ao + i] * a[prev + i];
      k.matvec(Waa, aux.byteOffset + prev * 8, act.byteOffset + (ao + 2 * nA) * 8, nA, nA);
      for (let i = 0; i < nA; i++) {
        const wx = x === null ? 0 : Wx[(2 * nA + i) * V + x];
        act[ao + 2 * nA + i] = Math.tanh(wx + b[2 * nA + i] + act[ao + 2 * nA + i]);
      }
    }
    for (let i = 0; i < nA; i++) {
      const gu = act[ao + nA + i];
      const onOld = keeps ? gu : 1 - gu;
      const onNew = keeps ? 1 - gu : gu;
      a[prev + nA + i] = onOld * a[prev + i] + onNew * act[ao + 2 * nA + i]; // (G5) / (G6)
    }
    loss += outputForward(k, ws.params, a, prev + nA, ws.yHat, t, Y[t]); // (G7), one term of (G8)
  }
  return loss;
}

/** (G9)–(G19) after `gruForward` on the same X, Y (and parameters): fills ws.grads, da0 included. */
export function gruBackward(X: readonly (number | null)[], Y: readonly number[], ws: GruWorkspace): FastGruGradients {
  const { nA, V, Wa } = ws.params;
  const T = X.length;
  const after = ws.variant.reset === 'after-matmul';
  const keeps = ws.variant.blend === 'gate-keeps-old';
  const { a, act, aux, yHat, dzg, dzc, da, g, grads } = ws.buffers;
  const { dWx, dWa, db, dbhn, dWya, dby, da0 } = ws.grads;
  const k = ws.kernels;
  const Waa = Wa.byteOffset + 2 * nA * nA * 8;
  grads.fill(0);
  da0.fill(0); // daNext while walking back; ends as ∂L/∂a⟨0⟩
  for (let t = T - 1; t >= 0; t--) {
    outputBackward(k, ws.params, dby, yHat, t, Y[t], da0, da); // (G9), (G10)
    const prev = t * nA;
    const ao = t * 3 * nA;
    const zo = t * 2 * nA;
    const x = X[t];
    for (let i = 0; i < nA; i++) {
      const gr = act[ao + i], gu = act[ao + nA + i], aT = act[ao + 2 * nA + i], aP = a[prev + i];
      // (G11)–(G13): through the blend (G5) a = Γu⊙aPrev + (1 − Γu)⊙ã, or its mirror (G6)
      const dTilde = da[i] * (keeps ? 1 - gu : gu);
      const dGu = da[i] * (keeps ? aP - aT : aT - aP);
      da0[i] = da[i] * (keeps ? gu : 1 - gu);
      dzg[zo + nA + i] = dGu * (gu * (1 - gu));
      const dzh = dTilde * (1 - aT * aT); // (G14)
      db[2 * nA + i] += dzh;
      if (x !== null) dWx[(2 * nA + i) * V + x] += dzh;
      if (after) {
        // (G16): dn = dzh⊙Γr, dΓr = dzh⊙n; (G17): dzr = dΓr⊙Γr(1 − Γr)
        const dn = dzh * gr;
        dzc[prev + i] = dn;
        dbhn[i] += dn;
        dzg[zo + i] = dzh * aux[prev + i] * (gr * (1 - gr));
      } else {
        dzc[prev + i] = dzh;
      }
    }
    if (after) {
      k.vecmat(dzc.byteOffset + prev * 8, Waa, g.byteOffset, nA, nA); // (G16): da⟨t−1⟩ ∋ Waaᵀ·dn
      for (let i = 0; i < nA; i++) da0[i] += g[i];
    } else {
      // (G15): g = Waaᵀ·dzh, dΓr = g⊙a⟨t−1⟩, da⟨t−1⟩ ∋ g⊙Γr; (G17): dzr = dΓr⊙Γr(1 − Γr)
      k.vecmat(dzc.byteOffset + prev * 8, Waa, g.byteOffset, nA, nA);
      for (let i = 0; i < nA; i++) {
        const gr = act[ao + i];
        da0[i] += g[i] * gr;
        dzg[zo + i] = g[i] * a[prev + i] * (gr * (1 - gr));
      }
    }
    // (G18), (G19): db• += dz•, dW•x[:, x] += dz•; da⟨t−1⟩ ∋ Wraᵀ·dzr + Wuaᵀ·dzu
    for (let r = 0; r < 2 * nA; r++) {
      db[r] += dzg[zo + r];
      if (x !== null) dWx[r * V + x] += dzg[zo + r];
    }
    k.vecmat(dzg.byteOffset + zo * 8, Wa.byteOffset, g.byteOffset, 2 * nA, nA);
    for (let i = 0; i < nA; i++) da0[i] += g[i];
  }
  outputWeightGradient(k, dWya, yHat, a, nA, T); // (G9)
  k.accOuter(dWa.byteOffset, dzg.byteOffset, a.byteOffset, 2 * nA, nA, T); // (G18): dW•a = Σₜ dz•·a⟨t−1⟩ᵀ
  // (G15) dWaa = Σₜ dzh·(Γr⊙a⟨t−1⟩)ᵀ, or (G16) Σₜ dn·a⟨t−1⟩ᵀ
  k.accOuter(dWa.byteOffset + 2 * nA * nA * 8, dzc.byteOffset, (after ? a : aux).byteOffset, nA, nA, T);
  return ws.grads;
}
