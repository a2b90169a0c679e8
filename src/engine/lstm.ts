/**
 * The fast LSTM: forward (L1)–(L10) with the summed loss (L8)–(L9), and BPTT (L11)–(L22) with
 * ∂L/∂a⟨0⟩ and ∂L/∂c⟨0⟩, in float64 with the matrix products in the SIMD kernels (rnn.ts's
 * `Kernels`). The same maths as src/reference/lstm/, for both conventions (course, split); trusted
 * only because spec/engine/lstm.spec.ts proves it equal to the reference.
 *
 * Shapes: nA = hidden/cell size, V = vocabulary size, T = sequence length; the packed layout is in
 * lstm-params.ts (gate blocks i, f, g, o). Inputs are indices or null (the zero vector).
 */
import type { LstmVariant } from '../reference/lstm/types.js';
import { BlockWorkspace, carve, sigmoid } from './gated-memory.js';
import { outputBackward, outputForward, outputWeightGradient } from './gated-output.js';
import { LSTM_PACKED, lstmGradientName, lstmPackedLengths, type FastLstmParams } from './lstm-params.js';

/** ∂L/∂(each packed array), same layout, and ∂L/∂a⟨0⟩, ∂L/∂c⟨0⟩. */
export interface FastLstmGradients {
  readonly dWih: Float64Array;
  readonly dWhh: Float64Array;
  readonly dbih: Float64Array;
  readonly dbhh: Float64Array;
  readonly dWya: Float64Array;
  readonly dby: Float64Array;
  readonly da0: Float64Array;
  readonly dc0: Float64Array;
}

type Block = 'da0' | 'dc0' | 'da' | 'a' | 'c' | 'gates' | 'tanhC' | 'dz';

/**
 * The LSTM's buffers in one kernels memory: parameters and gradients (one block each, packed order),
 * a⟨0⟩…a⟨T⟩ and c⟨0⟩…c⟨T⟩, the gates [Γi; Γf; c̃; Γo] and tanh(c⟨t⟩) per step, ŷ⟨t⟩ (then ŷ − y),
 * and dz⟨t⟩ = [dzi; dzf; dzg; dzo]. Longer sequences move it to a larger memory: read the views again.
 */
export class LstmWorkspace extends BlockWorkspace<Block> {
  params!: FastLstmParams;
  grads!: FastLstmGradients;

  constructor(readonly variant: LstmVariant, readonly nA: number, readonly V: number, capacity = 64) {
    const paramLength = Object.values(lstmPackedLengths(variant, nA, V)).reduce((s, n) => s + n, 0);
    super(
      {
        params: paramLength, grads: paramLength, da0: nA, dc0: nA, da: nA,
        a: { perStep: nA, extra: nA }, c: { perStep: nA, extra: nA }, gates: { perStep: 4 * nA }, tanhC: { perStep: nA },
        yHat: { perStep: V }, dz: { perStep: 4 * nA },
      },
      capacity,
    );
    this.carveViews();
  }

  /** a⟨0⟩ … a⟨T⟩, (T+1)×nA. */
  get a(): Float64Array { return this.mem.blocks.a; }
  /** c⟨0⟩ … c⟨T⟩, (T+1)×nA. */
  get c(): Float64Array { return this.mem.blocks.c; }
  /** [Γi; Γf; c̃; Γo] per step, T×4nA. */
  get gates(): Float64Array { return this.mem.blocks.gates; }

  /** Copies `p` into this workspace's parameters (unless it is them). */
  load(p: FastLstmParams): void {
    if (p.variant !== this.variant || p.nA !== this.nA || p.V !== this.V) {
      throw new RangeError(`parameters are a ${p.variant} LSTM ${p.nA}×${p.V}, the workspace ${this.variant} ${this.nA}×${this.V}`);
    }
    if (p.Whh === this.params.Whh) return;
    for (const name of LSTM_PACKED) this.params[name].set(p[name]);
  }

  protected gradientName(index: number): string {
    return lstmGradientName(this.variant, this.nA, this.V, index);
  }

  protected carveViews(): void {
    const { variant, nA, V } = this;
    const lengths = lstmPackedLengths(variant, nA, V);
    const { params, grads, da0, dc0 } = this.mem.blocks;
    this.params = { variant, nA, V, ...carve(params, lengths) };
    const g = carve(grads, lengths);
    this.grads = { dWih: g.Wih, dWhh: g.Whh, dbih: g.bih, dbhh: g.bhh, dWya: g.Wya, dby: g.by, da0, dc0 };
  }
}

/**
 * (L1)–(L9) — over X, Y from a⟨0⟩, c⟨0⟩: fills the workspace's states, gates and ŷ⟨t⟩ and returns
 * L = −Σₜ log ŷ⟨t⟩[Y⟨t⟩]. The packed z = Whh·a⟨t−1⟩ + Wih·x⟨t⟩ + bih (+ bhh) is (L2)–(L5) / (L10).
 */
export function lstmForward(p: FastLstmParams, X: readonly (number | null)[], Y: readonly number[], a0: Float64Array, c0: Float64Array, ws: LstmWorkspace): number {
  const own = p === ws.params;
  const T = X.length;
  ws.ensure(T);
  if (!own) ws.load(p);
  const { nA, V, Wih, Whh, bih, bhh } = ws.params;
  const split = ws.variant === 'split';
  const { a, c, gates, kernels: k } = ws;
  const { tanhC } = ws.buffers;
  a.set(a0, 0);
  c.set(c0, 0);
  let loss = 0;
  for (let t = 0; t < T; t++) {
    const prev = t * nA;
    const cur = prev + nA;
    const go = t * 4 * nA;
    const x = X[t];
    // (L2)–(L5) / (L10): z = Whh·a⟨t−1⟩ + (Wih·x + bih) + bhh, written into the gate row
    k.matvec(Whh.byteOffset, a.byteOffset + prev * 8, gates.byteOffset + go * 8, 4 * nA, nA);
    for (let r = 0; r < 4 * nA; r++) {
      const wx = x === null ? 0 : Wih[r * V + x];
      const z = wx + bih[r] + (split ? gates[go + r] + bhh[r] : gates[go + r]);
      gates[go + r] = r >= 2 * nA && r < 3 * nA ? Math.tanh(z) : sigmoid(z); // (L3), (L2), (L4), (L5)
    }
    for (let i = 0; i < nA; i++) {
      const ci = gates[go + nA + i] * c[prev + i] + gates[go + i] * gates[go + 2 * nA + i]; // (L6)
      c[cur + i] = ci;
      const th = Math.tanh(ci);
      tanhC[t * nA + i] = th;
      a[cur + i] = gates[go + 3 * nA + i] * th; // (L7)
    }
    loss += outputForward(k, ws.params, a, cur, ws.yHat, t, Y[t]); // (L8), one term of (L9)
  }
  return loss;
}

/** (L11)–(L22) after `lstmForward` on the same X, Y (and parameters): fills ws.grads, da0 and dc0 included. */
export function lstmBackward(X: readonly (number | null)[], Y: readonly number[], ws: LstmWorkspace): FastLstmGradients {
  const { nA, V, Whh } = ws.params;
  const T = X.length;
  const { a, c, gates, tanhC, yHat, dz, da, grads } = ws.buffers;
  const { dWih, dWhh, dbih, dbhh, dWya, dby, da0, dc0 } = ws.grads;
  const k = ws.kernels;
  grads.fill(0);
  da0.fill(0); // daNext while walking back: Whhᵀ·dz⟨t+1⟩; ends as ∂L/∂a⟨0⟩
  dc0.fill(0); // dcNext while walking back: dc⟨t+1⟩ ⊙ Γf⟨t+1⟩ (L19); ends as ∂L/∂c⟨0⟩
  for (let t = T - 1; t >= 0; t--) {
    outputBackward(k, ws.params, dby, yHat, t, Y[t], da0, da); // (L11)–(L13)
    const go = t * 4 * nA;
    const x = X[t];
    for (let i = 0; i < nA; i++) {
      const gi = gates[go + i], gf = gates[go + nA + i], gg = gates[go + 2 * nA + i], gO = gates[go + 3 * nA + i];
      const th = tanhC[t * nA + i];
      const dzo = da[i] * th * (gO * (1 - gO)); // (L14)
      const dc = dc0[i] + da[i] * gO * (1 - th * th); // (L15)
      const dzf = dc * c[t * nA + i] * (gf * (1 - gf)); // (L16)
      const dzi = dc * gg * (gi * (1 - gi)); // (L17)
      const dzg = dc * gi * (1 - gg * gg); // (L18)
      dc0[i] = dc * gf; // (L19)
      dz[go + i] = dzi;
      dz[go + nA + i] = dzf;
      dz[go + 2 * nA + i] = dzg;
      dz[go + 3 * nA + i] = dzo;
    }
    // (L20)–(L22): dbih (and dbhh) += dz, dWih[:, x] += dz; daNext = Whhᵀ·dz
    for (let r = 0; r < 4 * nA; r++) {
      dbih[r] += dz[go + r];
      if (x !== null) dWih[r * V + x] += dz[go + r];
    }
    k.vecmat(dz.byteOffset + go * 8, Whh.byteOffset, da0.byteOffset, 4 * nA, nA);
  }
  if (ws.variant === 'split') dbhh.set(dbih); // (L10): bih and bhh enter z alike, so their gradients are equal
  outputWeightGradient(k, dWya, yHat, a, nA, T); // (L12)
  k.accOuter(dWhh.byteOffset, dz.byteOffset, a.byteOffset, 4 * nA, nA, T); // (L20)–(L21): Σₜ dz⟨t⟩·a⟨t−1⟩ᵀ
  return ws.grads;
}
