/**
 * roundings.ts: the sizes of BPTT's step roundings and their first-order effect on ∂L/∂θ, against
 * an independently written BPTT with a value injected at one rounding site (floor-bptt.ts).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluatorFor, type Flat } from '../../src/gradcheck/evaluator.js';
import { randomProblem, SLOTS } from '../../src/gradcheck/problem.js';
import { fromRows } from '../../src/reference/linalg.js';
import { propagate, stepSizes, sumFloor, type Roundings } from '../../src/gradcheck/roundings.js';
import { EPSILON } from '../../src/gradcheck/tolerances.js';
import { CENTRAL_DIFFERENCE_STEP, FIRST_ORDER_RESPONSE, ROUNDING } from '../helpers/tolerances.js';
import { injectedBptt, type Site } from './floor-bptt.js';

/** A small random model on the engine's terms (one-hot inputs, nX = nY), its evaluator and intermediates. */
const modelArb = fc
  .record({ nA: fc.integer({ min: 1, max: 4 }), vocab: fc.integer({ min: 2, max: 4 }), T: fc.integer({ min: 1, max: 6 }), seed: fc.nat(1000), scale: fc.integer({ min: 3, max: 15 }).map((s) => s / 10) })
  .map((o) => {
    const problem = randomProblem(o);
    const ev = evaluatorFor(problem, 'reference');
    return { problem, ev, im: ev.intermediates(), inputs: problem.inputs as (number | null)[] };
  });

const maxAbs = (v: ArrayLike<number>) => Array.from(v).reduce((m, x) => Math.max(m, Math.abs(x)), 0);

describe('the first-order effect of one rounding (roundings.ts propagate, eqs. (16)–(26))', () => {
  const SITES: Site[] = ['o', 'yHat', 'da', 'oneMinusASquared'];
  it('equals how an independent BPTT moves when that value is added at that site, for every site', () => {
    fc.assert(
      fc.property(modelArb, fc.constantFrom(...SITES), fc.nat(), fc.nat(), ({ problem, ev, im, inputs }, site, ts, ks) => {
        const sizes = stepSizes(im, ev.theta);
        const unit = { ...sizes, oTerms: sizes.oTerms.map(() => 1), daTerms: sizes.daTerms.map(() => 1) };
        const t = ts % sizes.T;
        const k = ks % (site === 'o' || site === 'yHat' ? sizes.nY : sizes.nA);
        const aValue = im.a[(t + 1) * sizes.nA + k];
        // 1 − a² is a function of a: every step where a takes this value is moved
        const at: [number, number][] = site !== 'oneMinusASquared' ? [[t, k]] : [];
        for (let s = 0; s < sizes.T && site === 'oneMinusASquared'; s++) {
          for (let i = 0; i < sizes.nA; i++) if (im.a[(s + 1) * sizes.nA + i] === aValue) at.push([s, i]);
        }
        const only = (name: Site) => (s: number, j: number) => (name === site && s === t && j === k ? 1 : 0);
        const r: Roundings = { o: only('o'), yHat: only('yHat'), da: only('da'), oneMinusASquared: (a) => (site === 'oneMinusASquared' && a === aValue ? 1 : 0) };
        const predicted = propagate(im, ev.theta, unit, r);
        // the backward pass is affine in ŷ, da and 1 − a², so a unit step differences exactly; o goes through the softmax
        const h = site === 'o' ? CENTRAL_DIFFERENCE_STEP : 1;
        const up = injectedBptt(ev.theta, inputs, problem.targets, { site, at, v: h });
        const down = injectedBptt(ev.theta, inputs, problem.targets, { site, at, v: -h });
        const base = injectedBptt(ev.theta, inputs, problem.targets);
        for (const slot of SLOTS) {
          const scale = Math.max(1, maxAbs(base[slot]), maxAbs(predicted[slot]));
          const tolerance = (site === 'o' ? FIRST_ORDER_RESPONSE : ROUNDING) * scale;
          predicted[slot].forEach((p, j) => expect(Math.abs(p - (up[slot][j] - down[slot][j]) / (2 * h)), `${site} ${slot}[${j}]`).toBeLessThanOrEqual(tolerance));
        }
      }),
      { numRuns: 40 },
    );
  });

  it('is zero when nothing rounds', () => {
    fc.assert(
      fc.property(modelArb, ({ ev, im }) => {
        const zero = () => 0;
        const delta = propagate(im, ev.theta, stepSizes(im, ev.theta), { o: zero, yHat: zero, da: zero, oneMinusASquared: zero });
        for (const s of SLOTS) expect(maxAbs(delta[s]), s).toBe(0);
      }),
      { numRuns: 5 },
    );
  });
});

describe('the sizes BPTT rounds against (roundings.ts stepSizes, sumFloor)', () => {
  it('keep ŷ finite when the logits differ by more than exp can span, and give an empty sequence no floor', () => {
    const p = randomProblem({ nA: 2, vocab: 2, T: 3, seed: 4 });
    const ev = evaluatorFor({ ...p, params: { ...p.params, by: fromRows([[1000], [-1000]]) } }, 'reference');
    const sizes = stepSizes(ev.intermediates(), ev.theta);
    for (const y of sizes.yHat) expect(Number.isFinite(y)).toBe(true);
    const empty = { x: new Float64Array(0), a: ev.theta.a0, da: new Float64Array(0), dy: new Float64Array(0) };
    const none = sumFloor(empty, ev.theta, stepSizes(empty, ev.theta));
    for (const s of SLOTS) expect(Array.from(none[s]), s).toEqual(new Array(ev.theta[s].length).fill(0));
  });

  /** The same quantities by the definitions in the doc comments, from an independent forward pass. */
  function bySums({ ev, im, problem }: { ev: ReturnType<typeof evaluatorFor>; im: ReturnType<ReturnType<typeof evaluatorFor>['intermediates']>; problem: ReturnType<typeof randomProblem> }) {
    const { Waa, Wya, by } = ev.theta;
    const [nA, nY, T] = [ev.theta.ba.length, by.length, problem.inputs.length];
    const A = (t: number, j: number) => im.a[t * nA + j];
    const dz = (t: number, i: number) => im.da[t * nA + i] * (1 - A(t + 1, i) ** 2);
    const range = (n: number) => Array.from({ length: n }, (_, i) => i);
    const oTerms = range(T).flatMap((t) => range(nY).map((k) => Math.abs(by[k]) + range(nA).reduce((s, j) => s + Math.abs(Wya[k * nA + j] * A(t + 1, j)), 0)));
    const daTerms = range(T).flatMap((t) =>
      range(nA).map((i) => range(nY).reduce((s, k) => s + Math.abs(Wya[k * nA + i] * im.dy[t * nY + k]), 0) + (t + 1 < T ? range(nA).reduce((s, j) => s + Math.abs(Waa[j * nA + i] * dz(t + 1, j)), 0) : 0)),
    );
    const yHat = range(T).flatMap((t) => range(nY).map((k) => im.dy[t * nY + k] + (problem.targets[t] === k ? 1 : 0)));
    const root = EPSILON * Math.sqrt(T);
    const sums: Flat = {
      Wax: Float64Array.from(range(nA * nY), (n) => root * range(T).reduce((s, t) => s + Math.abs(dz(t, Math.floor(n / nY)) * im.x[t * nY + (n % nY)]), 0)),
      Waa: Float64Array.from(range(nA * nA), (n) => root * range(T).reduce((s, t) => s + Math.abs(dz(t, Math.floor(n / nA)) * A(t, n % nA)), 0)),
      ba: Float64Array.from(range(nA), (i) => root * range(T).reduce((s, t) => s + Math.abs(dz(t, i)), 0)),
      Wya: Float64Array.from(range(nY * nA), (n) => root * range(T).reduce((s, t) => s + Math.abs(im.dy[t * nY + Math.floor(n / nA)] * A(t + 1, n % nA)), 0)),
      by: Float64Array.from(range(nY), (k) => root * range(T).reduce((s, t) => s + Math.abs(im.dy[t * nY + k]), 0)),
      a0: Float64Array.from(range(nA), (j) => EPSILON * Math.sqrt(nA) * range(nA).reduce((s, i) => s + Math.abs(Waa[i * nA + j] * dz(0, i)), 0)),
    };
    return { oTerms, daTerms, yHat, sums, dz: range(T * nA).map((n) => dz(Math.floor(n / nA), n % nA)) };
  }

  it('are the sums of |terms| their doc comments name, and ŷ = dy + y', () => {
    fc.assert(
      fc.property(modelArb, (m) => {
        const sizes = stepSizes(m.im, m.ev.theta);
        const want = bySums(m);
        // relative: sums of |terms| do not cancel; ŷ = dy + 1 does, so absolute there
        const close = (got: ArrayLike<number>, expected: number[], name: string, floor = 0) => {
          expect(got.length, name).toBe(expected.length);
          expected.forEach((e, j) => expect(Math.abs(got[j] - e), `${name}[${j}]`).toBeLessThanOrEqual(ROUNDING * Math.max(floor, Math.abs(e))));
        };
        close(sizes.oTerms, want.oTerms, 'oTerms');
        close(sizes.daTerms, want.daTerms, 'daTerms');
        close(sizes.yHat, want.yHat, 'yHat', 1);
        close(sizes.dz, want.dz, 'dz');
        const sums = sumFloor(m.im, m.ev.theta, sizes);
        for (const s of SLOTS) close(sums[s], Array.from(want.sums[s]), `sumFloor ${s}`);
      }),
      { numRuns: 30 },
    );
  });
});
