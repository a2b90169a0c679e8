import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { eigs } from 'mathjs';
import { describe, expect, it } from 'vitest';
import { eigenvalues, gram, largestSingularValue, spectralRadius } from '../../src/flow/spectrum.js';
import { weight } from '../helpers/arbitraries.js';
import { SPECTRUM_KNOWN, SPECTRUM_NUMPY, SPECTRUM_TRACE } from '../helpers/tolerances.js';

/** Made by numpy (LAPACK): spec/flow/numpy-spectrum.py writes it and says how to regenerate it. */
const fixture = JSON.parse(readFileSync(new URL('./numpy-spectrum.json', import.meta.url), 'utf8')) as {
  cases: { n: number; kind: string; A: number[]; spectralRadius: number; largestSingularValue: number }[];
};

/** An n×n matrix with entries in [−max, max] on a grid of 1/1000. */
const matrixArb = (maxN: number, max = 1) =>
  fc.integer({ min: 1, max: maxN }).chain((n) => fc.array(weight(max), { minLength: n * n, maxLength: n * n }).map((a) => ({ n, A: Float64Array.from(a) })));

const product = (A: Float64Array, B: Float64Array, n: number) => {
  const C = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let k = 0; k < n; k++) for (let j = 0; j < n; j++) C[i * n + j] += A[i * n + k] * B[k * n + j];
  return C;
};
const trace = (A: Float64Array, n: number) => Array.from({ length: n }, (_, i) => A[i * n + i]).reduce((s, v) => s + v, 0);
const frobenius = (A: Float64Array) => Math.hypot(...A);

/** Q·D·Qᵀ with Q = I − 2vvᵀ/vᵀv (orthogonal): the same eigenvalues as D, and normal when D is. */
function reflect(D: Float64Array, v: readonly number[], n: number): Float64Array {
  const vv = v.reduce((s, x) => s + x * x, 0);
  const Q = Float64Array.from({ length: n * n }, (_, k) => (Math.floor(k / n) === k % n ? 1 : 0) - (2 * v[Math.floor(k / n)] * v[k % n]) / vv);
  const Qt = Float64Array.from({ length: n * n }, (_, k) => Q[(k % n) * n + Math.floor(k / n)]);
  return product(product(Q, D, n), Qt, n);
}

describe('spectrum — ρ(Waa) and σ₁(Waa) by Hessenberg reduction and the Francis double-shift QR', () => {
  it.each(fixture.cases.map((c) => [`${c.n}×${c.n} ${c.kind}`, c] as const))('agrees with numpy’s eigvals and norm(A, 2) (%s)', (_, c) => {
    const A = Float64Array.from(c.A);
    expect(Math.abs(spectralRadius(A, c.n) - c.spectralRadius)).toBeLessThanOrEqual(SPECTRUM_NUMPY * c.largestSingularValue);
    expect(Math.abs(largestSingularValue(A, c.n) - c.largestSingularValue)).toBeLessThanOrEqual(SPECTRUM_NUMPY * c.largestSingularValue);
  });

  it('finds the eigenvalues r(cos θ ± i sin θ) of rotation-scaling blocks hidden by an orthogonal similarity', () => {
    const blockArb = fc.record({ r: fc.integer({ min: 1, max: 2000 }).map((i) => i / 1000), theta: fc.integer({ min: 1, max: 314 }).map((i) => i / 100) });
    fc.assert(
      fc.property(fc.array(blockArb, { minLength: 1, maxLength: 5 }), fc.array(weight(), { minLength: 10, maxLength: 10 }), (blocks, v) => {
        const n = 2 * blocks.length;
        const D = new Float64Array(n * n);
        blocks.forEach(({ r, theta }, b) => {
          const [i, j] = [2 * b, 2 * b + 1];
          [D[i * n + i], D[i * n + j], D[j * n + i], D[j * n + j]] = [r * Math.cos(theta), -r * Math.sin(theta), r * Math.sin(theta), r * Math.cos(theta)];
        });
        fc.pre(v.slice(0, n).some((x) => x !== 0));
        const A = reflect(D, v.slice(0, n), n);
        const expected = blocks.flatMap(({ r }) => [r, r]).sort((a, b) => a - b);
        const moduli = eigenvalues(A, n).map((e) => Math.hypot(e.re, e.im)).sort((a, b) => a - b);
        const scale = Math.max(...expected);
        moduli.forEach((m, k) => expect(Math.abs(m - expected[k])).toBeLessThanOrEqual(SPECTRUM_KNOWN * scale));
        expect(Math.abs(largestSingularValue(A, n) - scale)).toBeLessThanOrEqual(SPECTRUM_KNOWN * scale);
      }),
    );
  });

  it('returns eigenvalues whose sum is the trace and whose squares sum to the trace of A², with the imaginary parts cancelling', () => {
    fc.assert(
      fc.property(matrixArb(12), ({ n, A }) => {
        const ev = eigenvalues(A, n);
        const scale = n * frobenius(A) ** 2 + n * frobenius(A);
        expect(Math.abs(ev.reduce((s, e) => s + e.re, 0) - trace(A, n))).toBeLessThanOrEqual(SPECTRUM_TRACE * scale);
        expect(Math.abs(ev.reduce((s, e) => s + e.im, 0))).toBeLessThanOrEqual(SPECTRUM_TRACE * scale);
        const squares = ev.reduce((s, e) => s + e.re * e.re - e.im * e.im, 0);
        expect(Math.abs(squares - trace(product(A, A, n), n))).toBeLessThanOrEqual(SPECTRUM_TRACE * scale);
      }),
    );
  });

  it('gives σ₁ as the square root of the largest eigenvalue mathjs’s symmetric (Jacobi) eigs finds for AᵀA, and never below ρ', () => {
    fc.assert(
      fc.property(matrixArb(8), ({ n, A }) => {
        const G = gram(A, n);
        const rows = Array.from({ length: n }, (_, i) => Array.from(G.subarray(i * n, (i + 1) * n)));
        const jacobi = Math.sqrt(Math.max(0, ...(eigs(rows, { eigenvectors: false }).values as number[])));
        const sigma = largestSingularValue(A, n);
        expect(Math.abs(sigma - jacobi)).toBeLessThanOrEqual(SPECTRUM_KNOWN * Math.max(jacobi, Number.MIN_VALUE) + SPECTRUM_KNOWN);
        expect(spectralRadius(A, n)).toBeLessThanOrEqual(sigma * (1 + SPECTRUM_KNOWN));
      }),
    );
  });

  it('refuses a matrix whose length is not n×n, and has no eigenvalues for n = 0', () => {
    expect(() => eigenvalues(new Float64Array(5), 2)).toThrow(/expected 2×2 = 4 entries, got 5/);
    expect(eigenvalues(new Float64Array(0), 0)).toEqual([]);
  });
});
