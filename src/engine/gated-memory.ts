/**
 * Memory for the gated engines (src/engine/lstm.ts, gru.ts): Float64Array views laid out one after
 * another in one instance of the SIMD kernels (src/engine/kernels.wat, through rnn.ts's `Kernels`),
 * so that every buffer is addressable by the kernels' byte offsets.
 *
 * A layout has blocks of fixed length (the parameters, their gradients, carried states, scratch) and
 * blocks that grow with the sequence length T (histories of states, gates, ∂L/∂z). The parameters
 * are one block and their gradients one block in the same order, so the template's clip and SGD
 * step is one `clipStep` over both; the named parameters are views into that block.
 */
import { kernelsModule, type Kernels } from './rnn.js';

/** A block's length: fixed, or `perStep·capacity + extra` for a history. */
export type BlockSize = number | { readonly perStep: number; readonly extra?: number };

/** Views of the given lengths, in order, in a fresh kernels instance sized to hold them. */
function layOut<N extends string>(sizes: Readonly<Record<N, BlockSize>>, capacity: number): { kernels: Kernels; views: Record<N, Float64Array> } {
  const length = (s: BlockSize) => (typeof s === 'number' ? s : s.perStep * capacity + (s.extra ?? 0));
  const names = Object.keys(sizes) as N[];
  const doubles = names.reduce((n, name) => n + length(sizes[name]), 0);
  const kernels = new WebAssembly.Instance(kernelsModule, {}).exports as unknown as Kernels;
  const pages = Math.ceil((doubles * 8) / 65536);
  if (pages > 1) kernels.memory.grow(pages - 1);
  const views = {} as Record<N, Float64Array>;
  let offset = 0;
  for (const name of names) {
    const n = length(sizes[name]);
    views[name] = new Float64Array(kernels.memory.buffer, offset * 8, n);
    offset += n;
  }
  return { kernels, views };
}

/**
 * The blocks of one gated workspace. Growing to a longer sequence moves everything into a larger
 * memory and keeps the fixed blocks' contents; views taken before are then stale (read them again).
 */
class KernelMemory<N extends string> {
  kernels!: Kernels;
  blocks!: Record<N, Float64Array>;
  capacity = 0;

  constructor(private readonly sizes: Readonly<Record<N, BlockSize>>, capacity: number) {
    this.allocate(capacity);
  }

  /** Makes room for T steps; true when the memory moved (the views are new). */
  ensure(T: number): boolean {
    if (T <= this.capacity) return false;
    this.allocate(Math.max(T, 2 * this.capacity));
    return true;
  }

  private allocate(capacity: number): void {
    const old = this.blocks;
    const { kernels, views } = layOut(this.sizes, capacity);
    if (old) for (const name of Object.keys(this.sizes) as N[]) if (typeof this.sizes[name] === 'number') views[name].set(old[name]);
    this.kernels = kernels;
    this.blocks = views;
    this.capacity = capacity;
  }
}

/** Consecutive named views of the given lengths into `block` (which they must fill exactly). */
export function carve<N extends string>(block: Float64Array, lengths: Readonly<Record<N, number>>): Record<N, Float64Array> {
  const views = {} as Record<N, Float64Array>;
  let offset = 0;
  for (const name of Object.keys(lengths) as N[]) {
    views[name] = block.subarray(offset, offset + lengths[name]);
    offset += lengths[name];
  }
  if (offset !== block.length) throw new RangeError(`the views take ${offset} of ${block.length} entries`);
  return views;
}

/** The blocks every engine's workspace has besides its own: the parameters, their gradients, ŷ⟨t⟩. */
type CommonBlock = 'params' | 'grads' | 'yHat';

/**
 * What the LSTM, GRU and stacked workspaces share: one kernels memory with the parameter block and
 * the gradient block in the same order (so the template's clip and SGD step is one `clipStep`), and
 * ŷ⟨t⟩. A subclass names its views (`carveViews`, called again when the memory moves) and says which
 * parameter a gradient entry belongs to (`gradientName`).
 */
export abstract class BlockWorkspace<B extends string> {
  protected readonly mem: KernelMemory<B | CommonBlock>;

  protected constructor(sizes: Readonly<Record<B | CommonBlock, BlockSize>>, capacity: number) {
    this.mem = new KernelMemory<B | CommonBlock>(sizes, capacity);
  }

  get kernels(): Kernels { return this.mem.kernels; }
  get capacity(): number { return this.mem.capacity; }
  /** Every buffer by name (views into the current memory). */
  get buffers(): Record<B | CommonBlock, Float64Array> { return this.mem.blocks; }
  /** ŷ⟨1⟩ … ŷ⟨T⟩, T×V, after the forward pass (the backward pass overwrites it with ŷ − y). */
  get yHat(): Float64Array { return this.mem.blocks.yHat; }

  /** Makes room for T steps, keeping the parameters and gradients. */
  ensure(T: number): void {
    if (this.mem.ensure(T)) this.carveViews();
  }

  /**
   * The template's clip and SGD update over the whole parameter block: each gradient entry clipped
   * to [−c, c], then θ ← θ + (−lr)·g (src/reference/clip.ts). If a gradient holds NaN nothing is
   * updated and the reference's name of that gradient is returned.
   */
  clipAndStep(c: number, lr: number): string | undefined {
    const { params, grads } = this.mem.blocks;
    const nan = this.kernels.firstNaN(grads.byteOffset, grads.length);
    if (nan >= 0) return this.gradientName(nan);
    this.kernels.clipStep(params.byteOffset, grads.byteOffset, params.length, c, lr);
    return undefined;
  }

  /** Names the parameter and gradient views again (after construction and whenever the memory moved). */
  protected abstract carveViews(): void;
  /** The reference's name of the gradient holding entry `index` of the gradient block (`dWf`, `dWaa[2]`). */
  protected abstract gradientName(index: number): string;
}

/** σ(z) = 1/(1 + e^−z), as e^z/(1 + e^z) for z < 0 so that e^±z never overflows (as the reference's sigmoidScalar). */
export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}
