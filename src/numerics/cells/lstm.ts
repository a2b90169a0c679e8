/**
 * The LSTM, forward and backward, in any number system (num.ts; 40-digit BigNumbers in src/conformance/cells/arithmetic.ts): (L1)–(L22) of docs/lstm.md,
 * written a second time in plain loops (the first is src/reference/lstm/), so that the expected
 * values can be computed on BigNumbers and the conditioning study can perturb every operation.
 * spec/conformance/cells.spec.ts checks it against the reference.
 *
 * Shapes: nA = hidden/cell size, nX = input size, nY = output size, T = sequence length.
 */
import type { Num } from './num.js';
import type { CellNet } from './net.js';
import { outputBackward, outputForward, zeroSums, type CellRun, type CellSlip } from './output.js';
import type { Rows, Vec } from './vec.js';

interface Step<N> {
  v: N[];
  x: N[];
  aPrev: N[];
  cPrev: N[];
  gf: N[];
  gi: N[];
  ct: N[];
  go: N[];
  c: N[];
  tc: N[];
  a: N[];
}

/** (L1)–(L22) over the sequence `xs` (x⟨1⟩ … x⟨T⟩). */
export function lstmRun<N>(A: Num<N>, V: Vec<N>, m: CellNet, xs: readonly N[][], targets: readonly number[], slip: CellSlip): CellRun<N> {
  const P = Object.fromEntries(Object.entries(m.params).map(([k, rows]) => [k, V.rows(rows)])) as Record<string, Rows<N>>;
  const split = m.variant === 'split';
  const nA = m.states.a0.length;
  const slice = (z: N[], k: number) => z.slice(k * nA, (k + 1) * nA);
  const steps: Step<N>[] = [];
  let aPrev = V.column(V.rows(m.states.a0));
  let cPrev = V.column(V.rows(m.states.c0));
  let loss = V.zero;
  const a: N[][] = [];
  const yHat: N[][] = [];
  xs.forEach((x, t) => {
    const v = [...aPrev, ...x]; // (L1)
    let zf: N[], zi: N[], zc: N[], zo: N[];
    if (split) {
      const z = V.add(V.bias(V.matvec(P.Wih, x), P.bih), V.bias(V.matvec(P.Whh, aPrev), P.bhh)); // (L10)
      [zi, zf, zc, zo] = [0, 1, 2, 3].map((k) => slice(z, k));
    } else {
      [zf, zi, zc, zo] = (['f', 'i', 'c', 'o'] as const).map((g) => V.bias(V.matvec(P[`W${g}`], v), P[`b${g}`])); // (L2)–(L5)
    }
    const [gf, gi, ct, go] = [V.sigmoid(zf), V.sigmoid(zi), V.tanh(zc), V.sigmoid(zo)];
    const c = V.add(V.had(gf, cPrev), V.had(gi, ct)); // (L6)
    const tc = V.tanh(c);
    const at = V.had(go, tc); // (L7)
    const out = outputForward(A, V, P.Wya, P.by, at, targets[t]); // (L8)
    loss = A.add(loss, out.loss); // (L9)
    steps.push({ v, x, aPrev, cPrev, gf, gi, ct, go, c, tc, a: at });
    a.push(at);
    yHat.push(out.yHat);
    aPrev = at;
    cPrev = c;
  });

  const g = zeroSums(V, m.params);
  const sp = (s: N[]) => (slip.sigmoidPrimeAsSigmoid ? s : V.sigmoidPrime(s));
  let daNext = V.zeroVector(nA);
  let dcNext = V.zeroVector(nA);
  for (let t = steps.length - 1; t >= 0; t--) {
    const s = steps[t];
    const da = V.add(outputBackward(A, V, P.Wya, g, yHat[t], targets[t], s.a), daNext); // (L11)–(L13)
    const dzo = V.had(V.had(da, slip.outputGateUsesC ? s.c : s.tc), sp(s.go)); // (L14)
    const dc = V.add(dcNext, V.had(V.had(da, s.go), slip.cellTanhDerivativeDropped ? s.tc.map(() => V.one) : V.tanhPrime(s.tc))); // (L15)
    const dzf = V.had(V.had(dc, s.cPrev), sp(s.gf)); // (L16)
    const dzi = V.had(V.had(dc, s.ct), sp(s.gi)); // (L17)
    const dzc = V.had(V.had(dc, s.gi), V.tanhPrime(s.ct)); // (L18)
    dcNext = slip.noCellCarry ? V.zeroVector(nA) : V.had(dc, s.gf); // (L19)
    if (split) {
      const d = [...dzi, ...dzf, ...dzc, ...dzo]; // (L22)
      V.addOuter(g.Wih, d, s.x);
      V.addOuter(g.Whh, d, s.aPrev);
      V.addOuter(g.bih, d, [V.one]);
      V.addOuter(g.bhh, d, [V.one]);
      daNext = V.matTvec(P.Whh, d);
    } else {
      const dz: Record<string, N[]> = { f: dzf, i: dzi, c: dzc, o: dzo };
      let dv = V.zeroVector(s.v.length);
      for (const k of ['f', 'i', 'c', 'o']) {
        V.addOuter(g[`W${k}`], dz[k], s.v); // (L20)
        V.addOuter(g[`b${k}`], dz[k], [V.one]);
        dv = V.add(dv, V.matTvec(P[`W${k}`], dz[k]));
      }
      daNext = dv.slice(0, nA); // (L21)
    }
  }
  return { loss, a, yHat, grads: { ...g, a0: daNext.map((v) => [v]), c0: dcNext.map((v) => [v]) } };
}
