/**
 * numpy's legacy `np.random` (RandomState) reproduced bit for bit: the generator the course
 * template and most students use. Verified against numpy itself by spec/random/numpy.spec.ts
 * (vectors made by fixtures/generate/numpy_random.py).
 */
import { exactLog } from './exact-log.js';
import { MT19937 } from './mt19937.js';

const TWO_POW_53 = 9007199254740992;

export class NumpyRandom {
  private readonly mt: MT19937;
  private cachedGauss: number | null = null;

  constructor(seed = 0) {
    this.mt = new MT19937(seed);
  }

  /** np.random.seed(s): re-initialises the state and forgets any cached Gaussian. */
  seed(seed: number): void {
    this.mt.seed(seed);
    this.cachedGauss = null;
  }

  /** np.random.random_sample(): a 53-bit double in [0, 1) from two 32-bit draws. */
  randomSample(): number {
    const a = this.mt.nextUint32() >>> 5;
    const b = this.mt.nextUint32() >>> 6;
    return (a * 67108864 + b) / TWO_POW_53;
  }

  /** np.random.randn(): polar Box–Muller, returning f·x2 and caching f·x1 for the next call. */
  gauss(): number {
    if (this.cachedGauss !== null) {
      const g = this.cachedGauss;
      this.cachedGauss = null;
      return g;
    }
    let x1: number;
    let x2: number;
    let r2: number;
    do {
      x1 = 2 * this.randomSample() - 1;
      x2 = 2 * this.randomSample() - 1;
      r2 = x1 * x1 + x2 * x2;
    } while (r2 >= 1 || r2 === 0);
    const f = Math.sqrt((-2 * exactLog(r2)) / r2);
    this.cachedGauss = f * x1;
    return f * x2;
  }

  /** np.random.randn(rows, cols), filled row by row. */
  randn(rows: number, cols: number): number[][] {
    return Array.from({ length: rows }, () => Array.from({ length: cols }, () => this.gauss()));
  }

  /** A uniform integer in [0, max], by masked rejection on 32-bit words (numpy's random_interval). */
  interval(max: number): number {
    if (max === 0) return 0;
    let mask = max;
    mask |= mask >>> 1;
    mask |= mask >>> 2;
    mask |= mask >>> 4;
    mask |= mask >>> 8;
    mask |= mask >>> 16;
    let value: number;
    do {
      value = (this.mt.nextUint32() & mask) >>> 0;
    } while (value > max);
    return value;
  }

  /** np.random.shuffle(list), in place: Fisher–Yates from the last index down. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.interval(i);
      [items[i], items[j]] = [items[j], items[i]];
    }
    return items;
  }

  /**
   * np.random.choice(n, p=p): the first index whose normalised cumulative probability is greater
   * than one uniform draw (cumsum in order, divided by the last; searchsorted 'right').
   */
  choice(p: ArrayLike<number>): number {
    const n = p.length;
    if (n === 0) throw new RangeError('choice needs at least one probability');
    const cdf = new Float64Array(n);
    let s = 0;
    for (let i = 0; i < n; i++) cdf[i] = s += p[i];
    const last = cdf[n - 1];
    for (let i = 0; i < n; i++) cdf[i] /= last;
    const u = this.randomSample();
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cdf[mid] <= u) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
