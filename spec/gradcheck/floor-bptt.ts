/**
 * A float64 BPTT written for the floor specs independently of src/ (plain loops over flat arrays,
 * one-hot or null inputs), where a value can be added at each site where BPTT rounds: o⟨t⟩ₖ before
 * the softmax, ŷ⟨t⟩ₖ scaled by (1 + v) after it, da⟨t⟩ᵢ after its sum, 1 − a⟨t⟩ᵢ² after it is
 * formed. roundings.ts `propagate` claims to be the first-order response of ∂L/∂θ to exactly these.
 *
 * Shapes: nA = hidden size, nY = output size = input size, T = sequence length.
 */
import type { Flat } from '../../src/gradcheck/evaluator-types.js';

export type Site = 'o' | 'yHat' | 'da' | 'oneMinusASquared';
/** Adds v at step t, entry k of a site (for 1 − a², at every (t, k) listed). */
export interface Injection {
  readonly site: Site;
  readonly at: readonly (readonly [number, number])[];
  readonly v: number;
}

/** ∂L/∂θ of a problem given flat (`theta` as an evaluator holds it), with one injection. */
export function injectedBptt(theta: Flat, inputs: readonly (number | null)[], targets: readonly number[], inj?: Injection): Flat {
  const { Wax, Waa, Wya, ba, by, a0 } = theta;
  const [nA, nY, T] = [ba.length, by.length, inputs.length];
  const add = (site: Site, t: number, k: number) => (inj && inj.site === site && inj.at.some(([s, j]) => s === t && j === k) ? inj.v : 0);
  const a: number[][] = [Array.from(a0)];
  const dy: number[][] = [];
  for (let t = 0; t < T; t++) {
    const x = inputs[t];
    const z = Array.from(ba, (b, i) => b + (x === null ? 0 : Wax[i * nY + x]) + a[t].reduce((s, aj, j) => s + Waa[i * nA + j] * aj, 0));
    a.push(z.map(Math.tanh));
    const o = Array.from(by, (b, k) => b + a[t + 1].reduce((s, aj, j) => s + Wya[k * nA + j] * aj, 0) + add('o', t, k));
    const m = Math.max(...o);
    const e = o.map((ok) => Math.exp(ok - m));
    const sum = e.reduce((s, ek) => s + ek, 0);
    dy.push(e.map((ek, k) => (ek / sum) * (1 + add('yHat', t, k)) - (k === targets[t] ? 1 : 0)));
  }
  const g: Flat = { Wax: new Float64Array(Wax.length), Waa: new Float64Array(nA * nA), Wya: new Float64Array(nY * nA), ba: new Float64Array(nA), by: new Float64Array(nY), a0: new Float64Array(nA) };
  let next = new Array<number>(nA).fill(0); // Waaᵀ·dz⟨t+1⟩
  for (let t = T - 1; t >= 0; t--) {
    const dz = new Array<number>(nA);
    for (let i = 0; i < nA; i++) {
      let da = next[i];
      for (let k = 0; k < nY; k++) da += Wya[k * nA + i] * dy[t][k];
      da += add('da', t, i);
      dz[i] = da * (1 - a[t + 1][i] * a[t + 1][i] + add('oneMinusASquared', t, i));
    }
    for (let k = 0; k < nY; k++) {
      g.by[k] += dy[t][k];
      for (let j = 0; j < nA; j++) g.Wya[k * nA + j] += dy[t][k] * a[t + 1][j];
    }
    const x = inputs[t];
    for (let i = 0; i < nA; i++) {
      g.ba[i] += dz[i];
      if (x !== null) g.Wax[i * nY + x] += dz[i];
      for (let j = 0; j < nA; j++) g.Waa[i * nA + j] += dz[i] * a[t][j];
    }
    next = Array.from({ length: nA }, (_, j) => dz.reduce((s, d, i) => s + Waa[i * nA + j] * d, 0));
  }
  g.a0.set(next);
  return g;
}
