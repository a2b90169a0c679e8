/**
 * The engine's forward pass, eqs. (1)–(6) and (15), over complex numbers held as (re, im) pairs of
 * Float64Arrays: the complex-step twin of src/engine/rnn.ts `forward`. Im L(θ + ih·u) / h is the
 * directional derivative ∇L·u with no subtraction, hence no cancellation (src/gradcheck uses it).
 * Plain TypeScript; trusted only because spec/engine/complex-forward.spec.ts proves it equal to the
 * mathjs reference's complex evaluation.
 *
 * Shapes: nA = hidden size, V = vocabulary size (nX = nY = V), T = sequence length; row-major.
 * Inputs are indices or null (the zero vector); targets are indices.
 */
import type { FastParams } from './model.js';

/**
 * Below this |y|, tan y, sin y and cos y round to y, y and 1 in float64: the next terms of their
 * series are y²/3, y²/6 and y²/2 relative, under 2⁻⁵⁴ (half an ulp) for |y| < 1e-8. The complex
 * step's imaginary parts are h·(a derivative), h = 1e-20, so this skips library calls, not maths.
 */
export const SERIES_LIMIT = 1e-8;

/** tan y, exactly y below SERIES_LIMIT. */
export const tanOf = (y: number): number => (Math.abs(y) < SERIES_LIMIT ? y : Math.tan(y));
/** sin y, exactly y below SERIES_LIMIT. */
export const sinOf = (y: number): number => (Math.abs(y) < SERIES_LIMIT ? y : Math.sin(y));
/** cos y, exactly 1 below SERIES_LIMIT. */
export const cosOf = (y: number): number => (Math.abs(y) < SERIES_LIMIT ? 1 : Math.cos(y));

/** A complex number's parts. */
export interface ComplexValue {
  readonly re: number;
  readonly im: number;
}

/**
 * Eq. (3) over ℂ — tanh(x + iy) = (t + i·s) / (1 + i·t·s) with t = tanh x, s = tan y (the addition
 * formula with tanh(iy) = i·tan y). Returns the real part; `tanhIm` the imaginary one.
 */
export function tanhRe(t: number, s: number): number {
  return (t * (1 + s * s)) / (1 + t * t * s * s);
}

/** Eq. (3) over ℂ — Im tanh(x + iy) = s·(1 − t²) / (1 + t²s²), t = tanh x, s = tan y. */
export function tanhIm(t: number, s: number): number {
  return (s * ((1 - t) * (1 + t))) / (1 + t * t * s * s);
}

/**
 * Eq. (15), one term, over ℂ — l = log Σₖ exp(oₖ − m) − (o_y − m), m = max Re o (a real constant),
 * with exp(x + iy) = eˣ(cos y + i sin y) and Im log w = atan2(Im w, Re w).
 */
export function crossEntropyComplex(oRe: Float64Array, oIm: Float64Array, off: number, V: number, y: number): ComplexValue {
  let m = -Infinity;
  for (let k = 0; k < V; k++) if (oRe[off + k] > m) m = oRe[off + k];
  let sRe = 0;
  let sIm = 0;
  for (let k = 0; k < V; k++) {
    const e = Math.exp(oRe[off + k] - m);
    sRe += e * cosOf(oIm[off + k]);
    sIm += e * sinOf(oIm[off + k]);
  }
  return { re: Math.log(Math.hypot(sRe, sIm)) - (oRe[off + y] - m), im: Math.atan2(sIm, sRe) - oIm[off + y] };
}

/** y = M·x over ℂ for M rows×cols: (Mr + iMi)(xr + ixi), accumulated into (yRe, yIm) at offset. */
function matvecComplex(
  Mr: Float64Array, Mi: Float64Array, xr: Float64Array, xi: Float64Array, xo: number,
  yRe: Float64Array, yIm: Float64Array, yo: number, rows: number, cols: number,
): void {
  for (let r = 0; r < rows; r++) {
    let re = 0;
    let im = 0;
    const o = r * cols;
    for (let c = 0; c < cols; c++) {
      const mr = Mr[o + c], mi = Mi[o + c], ar = xr[xo + c], ai = xi[xo + c];
      re += mr * ar - mi * ai;
      im += mr * ai + mi * ar;
    }
    yRe[yo + r] += re;
    yIm[yo + r] += im;
  }
}

/**
 * Eqs. (1)–(6), (15) over ℂ: L(re + i·im) for complex parameters (`re`, `im` of the same sizes)
 * and a complex a⟨0⟩. Returns L's real and imaginary parts, and Σₜ |Im l⟨t⟩| (what the rounding
 * of Im L scales with).
 */
export function complexForward(
  re: FastParams,
  im: FastParams,
  X: readonly (number | null)[],
  Y: readonly number[],
  a0Re: Float64Array,
  a0Im: Float64Array,
): ComplexValue & { imMagnitude: number } {
  const { nA, V } = re;
  let aRe = Float64Array.from(a0Re);
  let aIm = Float64Array.from(a0Im);
  const zRe = new Float64Array(nA), zIm = new Float64Array(nA);
  const oRe = new Float64Array(V), oIm = new Float64Array(V);
  let lossRe = 0;
  let lossIm = 0;
  let imMagnitude = 0;
  for (let t = 0; t < X.length; t++) {
    const x = X[t];
    // eq. (4): z = Wax·x + Waa·aPrev + ba (Wax·x is column x of Wax for a one-hot x)
    for (let i = 0; i < nA; i++) {
      zRe[i] = re.ba[i] + (x === null ? 0 : re.Wax[i * V + x]);
      zIm[i] = im.ba[i] + (x === null ? 0 : im.Wax[i * V + x]);
    }
    matvecComplex(re.Waa, im.Waa, aRe, aIm, 0, zRe, zIm, 0, nA, nA);
    const nextRe = new Float64Array(nA), nextIm = new Float64Array(nA);
    for (let i = 0; i < nA; i++) {
      const th = Math.tanh(zRe[i]), s = tanOf(zIm[i]); // eq. (3)
      nextRe[i] = tanhRe(th, s);
      nextIm[i] = tanhIm(th, s);
    }
    aRe = nextRe;
    aIm = nextIm;
    // eq. (6): o = Wya·a + by; eq. (5) and (15) through the log-sum-exp
    oRe.set(re.by);
    oIm.set(im.by);
    matvecComplex(re.Wya, im.Wya, aRe, aIm, 0, oRe, oIm, 0, V, nA);
    const l = crossEntropyComplex(oRe, oIm, 0, V, Y[t]);
    lossRe += l.re;
    lossIm += l.im;
    imMagnitude += Math.abs(l.im);
  }
  return { re: lossRe, im: lossIm, imMagnitude };
}
