/**
 * The fast stacked (deep) vanilla RNN: forward (D1)–(D4) and BPTT through time and layers (D5)–(D9)
 * with every layer's ∂L/∂a[l]⟨0⟩, in float64 with the SIMD kernels (rnn.ts's `Kernels`). The same
 * maths as src/reference/deep/; trusted only because spec/engine/deep.spec.ts proves it equal to it.
 * Layer 1 computes as the vanilla engine (rnn.ts) does, so one layer is that engine bit for bit.
 *
 * Shapes: sizes = [V, nA[1], …, nA[L]] (nX = nY = V), T = sequence length; row-major
 *   layer l: Wax nA[l]×nA[l−1], Waa nA[l]×nA[l], ba nA[l];   Wya V×nA[L], by V.
 * The parameter block holds layer 1's Wax, Waa, ba, layer 2's, …, then Wya, by; the gradient block
 * the same. Names are the document's with the layer in brackets: `Wax[1]`, `dWaa[2]`.
 */
import { BlockWorkspace, type BlockSize } from './gated-memory.js';
import { outputBackward, outputForward, outputWeightGradient } from './gated-output.js';
import { deepParamLengths } from './deep-params.js';

/** One layer's views (parameters or, with `d` names in FastDeepGradients, their gradients). */
export interface DeepLayer {
  readonly Wax: Float64Array;
  readonly Waa: Float64Array;
  readonly ba: Float64Array;
}

export interface FastDeepParams {
  readonly sizes: readonly number[];
  readonly layers: readonly DeepLayer[];
  readonly Wya: Float64Array;
  readonly by: Float64Array;
}

/** Views of a block laid out as `deepParamLengths` says. */
function deepViews(sizes: readonly number[], block: Float64Array): FastDeepParams {
  const named = new Map<string, Float64Array>();
  let offset = 0;
  for (const [name, n] of deepParamLengths(sizes)) {
    named.set(name, block.subarray(offset, offset + n));
    offset += n;
  }
  const layers = sizes.slice(1).map((_, k) => ({ Wax: named.get(`Wax[${k + 1}]`)!, Waa: named.get(`Waa[${k + 1}]`)!, ba: named.get(`ba[${k + 1}]`)! }));
  return { sizes, layers, Wya: named.get('Wya')!, by: named.get('by')! };
}

/** The blocks of a stacked workspace for the given sizes (a one-line error for no layer). */
function deepBlocks(sizes: readonly number[]): Record<string, BlockSize> {
  if (sizes.length < 2) throw new RangeError('a deep model needs at least one layer');
  const total = deepParamLengths(sizes).reduce((s, [, n]) => s + n, 0);
  const widest = Math.max(...sizes);
  const blocks: Record<string, BlockSize> = { params: total, grads: total, yHat: { perStep: sizes[0] }, da: widest, down: widest, tmp: widest };
  sizes.slice(1).forEach((n, k) => Object.assign(blocks, { [`a${k + 1}`]: { perStep: n, extra: n }, [`dz${k + 1}`]: { perStep: n }, [`da0${k + 1}`]: n }));
  return blocks;
}

/**
 * The deep model's buffers in one kernels memory: the parameter and gradient blocks, per layer
 * a[l]⟨0⟩…a[l]⟨T⟩ (`a1`, …), dz[l]⟨t⟩ (`dz1`, …) and ∂L/∂a[l]⟨0⟩ (`da01`, …), ŷ⟨t⟩ and scratch.
 */
export class DeepWorkspace extends BlockWorkspace<string> {
  params!: FastDeepParams;
  /** ∂L/∂(each parameter), the same views over the gradient block. */
  grads!: FastDeepParams;

  constructor(readonly sizes: readonly number[], capacity = 64) {
    super(deepBlocks(sizes), capacity);
    this.carveViews();
  }

  /** Layer l's states a[l]⟨0⟩ … a[l]⟨T⟩, l = 1…L. */
  states(l: number): Float64Array { return this.mem.blocks[`a${l}`]; }
  /** ∂L/∂a[l]⟨0⟩ after `deepBackward`, l = 1…L. */
  da0(l: number): Float64Array { return this.mem.blocks[`da0${l}`]; }

  /** Copies a parameter block laid out as `deepParamLengths` says (unless it is this workspace's). */
  load(block: Float64Array): void {
    if (block.length !== this.mem.blocks.params.length) throw new RangeError(`the parameters have ${block.length} entries, a model of sizes [${this.sizes.join(', ')}] has ${this.mem.blocks.params.length}`);
    if (block !== this.mem.blocks.params) this.mem.blocks.params.set(block);
  }

  protected gradientName(index: number): string {
    let end = 0;
    return `d${deepParamLengths(this.sizes).find(([, n]) => index < (end += n))![0]}`;
  }

  protected carveViews(): void {
    this.params = deepViews(this.sizes, this.mem.blocks.params);
    this.grads = deepViews(this.sizes, this.mem.blocks.grads);
  }
}

/** (D1)–(D4) — up the layers at each t from the initial states a0[l − 1] = a[l]⟨0⟩; returns L = −Σₜ log ŷ⟨t⟩[Y⟨t⟩]. */
export function deepForward(X: readonly (number | null)[], Y: readonly number[], a0: readonly Float64Array[], ws: DeepWorkspace): number {
  const T = X.length;
  ws.ensure(T);
  const { sizes, layers } = ws.params;
  const L = layers.length;
  const { tmp, down } = ws.buffers;
  const k = ws.kernels;
  for (let l = 1; l <= L; l++) ws.states(l).set(a0[l - 1], 0);
  let loss = 0;
  for (let t = 0; t < T; t++) {
    const x = X[t];
    for (let l = 1; l <= L; l++) {
      const n = sizes[l];
      const { Wax, Waa, ba } = layers[l - 1];
      const a = ws.states(l);
      // (D2), eq. (1): a[l]⟨t⟩ = tanh(Wax[l]·a[l−1]⟨t⟩ + Waa[l]·a[l]⟨t−1⟩ + ba[l]), a[0]⟨t⟩ = x⟨t⟩ one-hot
      k.matvec(Waa.byteOffset, a.byteOffset + t * n * 8, tmp.byteOffset, n, n);
      if (l > 1) k.matvec(Wax.byteOffset, ws.states(l - 1).byteOffset + (t + 1) * sizes[l - 1] * 8, down.byteOffset, n, sizes[l - 1]);
      for (let i = 0; i < n; i++) {
        const wx = l > 1 ? down[i] : x === null ? 0 : Wax[i * sizes[0] + x];
        a[(t + 1) * n + i] = Math.tanh(wx + tmp[i] + ba[i]);
      }
    }
    loss += outputForward(k, ws.params, ws.states(L), (t + 1) * sizes[L], ws.yHat, t, Y[t]); // (D3), one term of (D4)
  }
  return loss;
}

/** (D5)–(D9) after `deepForward` on the same X, Y: fills ws.grads and every layer's ∂L/∂a[l]⟨0⟩. */
export function deepBackward(X: readonly (number | null)[], Y: readonly number[], ws: DeepWorkspace): FastDeepParams {
  const T = X.length;
  const { sizes, layers } = ws.params;
  const L = layers.length;
  const { da, down, grads } = ws.buffers;
  const k = ws.kernels;
  grads.fill(0);
  for (let l = 1; l <= L; l++) ws.da0(l).fill(0); // daNext[l] while walking back: Waa[l]ᵀ·dz[l]⟨t+1⟩
  for (let t = T - 1; t >= 0; t--) {
    const x = X[t];
    // (D5), (D6) for the top layer: da[L] = Wyaᵀ·(ŷ − y) + daNext[L]
    outputBackward(k, ws.params, ws.grads.by, ws.yHat, t, Y[t], ws.da0(L), da.subarray(0, sizes[L]));
    for (let l = L; l >= 1; l--) {
      const n = sizes[l];
      const { Wax, Waa } = layers[l - 1];
      const { Wax: dWax, ba: dba } = ws.grads.layers[l - 1];
      const a = ws.states(l);
      const dz = ws.buffers[`dz${l}`];
      const zo = t * n;
      for (let i = 0; i < n; i++) {
        const ai = a[(t + 1) * n + i];
        const d = da[i] * (1 - ai * ai); // (D7), eq. (23)
        dz[zo + i] = d;
        dba[i] += d; // (D8)
        if (l === 1 && x !== null) dWax[i * sizes[0] + x] += d;
      }
      k.vecmat(dz.byteOffset + zo * 8, Waa.byteOffset, ws.da0(l).byteOffset, n, n); // (D9), eq. (21)
      if (l > 1) {
        // (D6) for the layer below: da[l−1] = Wax[l]ᵀ·dz[l] + daNext[l−1]
        k.vecmat(dz.byteOffset + zo * 8, Wax.byteOffset, down.byteOffset, n, sizes[l - 1]);
        const below = ws.da0(l - 1);
        for (let i = 0; i < sizes[l - 1]; i++) da[i] = down[i] + below[i];
      }
    }
  }
  outputWeightGradient(k, ws.grads.Wya, ws.yHat, ws.states(L), sizes[L], T); // (D5)
  for (let l = 1; l <= L; l++) {
    const n = sizes[l];
    const { Wax: dWax, Waa: dWaa } = ws.grads.layers[l - 1];
    const dz = ws.buffers[`dz${l}`];
    k.accOuter(dWaa.byteOffset, dz.byteOffset, ws.states(l).byteOffset, n, n, T); // (D8): Σₜ dz[l]⟨t⟩·a[l]⟨t−1⟩ᵀ
    if (l > 1) k.accOuter(dWax.byteOffset, dz.byteOffset, ws.states(l - 1).byteOffset + sizes[l - 1] * 8, n, sizes[l - 1], T); // Σₜ dz[l]⟨t⟩·a[l−1]⟨t⟩ᵀ
  }
  return ws.grads;
}
