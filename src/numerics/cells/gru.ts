/**
 * The GRU, forward and backward, in any number system (num.ts; 40-digit BigNumbers in src/conformance/cells/arithmetic.ts): (G1)–(G19) of docs/gru.md
 * in its four conventions, written a second time in plain loops (the first is src/reference/gru/).
 *
 * Shapes: nA = hidden size, nX = input size, nY = output size, T = sequence length.
 */
import type { GruVariant } from '../../reference/gru/types.js';
import type { Num } from './num.js';
import type { CellNet } from './net.js';
import { outputBackward, outputForward, zeroSums, type CellRun, type CellSlip } from './output.js';
import type { Rows, Vec } from './vec.js';

interface Step<N> {
  x: N[];
  aPrev: N[];
  gr: N[];
  gu: N[];
  n: N[];
  at: N[];
  a: N[];
}

/** (G1)–(G19) over the sequence `xs`, in the convention `variant` (default the model's). */
export function gruRun<N>(A: Num<N>, V: Vec<N>, m: CellNet, xs: readonly N[][], targets: readonly number[], slip: CellSlip, variant = m.variant as GruVariant): CellRun<N> {
  const P = Object.fromEntries(Object.entries(m.params).map(([k, rows]) => [k, V.rows(rows)])) as Record<string, Rows<N>>;
  const nA = m.states.a0.length;
  const after = variant.reset === 'after-matmul';
  const keeps = variant.blend === 'gate-keeps-old';
  // A case written for reset before the product has no bhn: the other convention reads it as zero.
  const bhn = P.bhn ?? V.zeros(nA, 1);
  const steps: Step<N>[] = [];
  let aPrev = V.column(V.rows(m.states.a0));
  let loss = V.zero;
  const a: N[][] = [];
  const yHat: N[][] = [];
  const gate = (Wx: Rows<N>, Wa: Rows<N>, b: Rows<N>, x: N[], h: N[]) => V.sigmoid(V.bias(V.add(V.matvec(Wx, x), V.matvec(Wa, h)), b));
  xs.forEach((x, t) => {
    const gr = gate(P.Wrx, P.Wra, P.br, x, aPrev); // (G1)
    const gu = gate(P.Wux, P.Wua, P.bu, x, aPrev); // (G2)
    const input = V.bias(V.matvec(P.Wax, x), P.ba);
    const n = after ? V.bias(V.matvec(P.Waa, aPrev), bhn) : [];
    const at = V.tanh(after ? V.add(input, V.had(gr, n)) : V.add(input, V.matvec(P.Waa, V.had(gr, aPrev)))); // (G4) / (G3)
    const [onOld, onNew] = keeps ? [gu, V.oneMinus(gu)] : [V.oneMinus(gu), gu];
    const an = V.add(V.had(onOld, aPrev), V.had(onNew, at)); // (G5) / (G6)
    const out = outputForward(A, V, P.Wya, P.by, an, targets[t]); // (G7)
    loss = A.add(loss, out.loss); // (G8)
    steps.push({ x, aPrev, gr, gu, n, at, a: an });
    a.push(an);
    yHat.push(out.yHat);
    aPrev = an;
  });

  const shapes = Object.fromEntries(Object.entries(m.params).filter(([k]) => k !== 'bhn' || after));
  const g = zeroSums(V, after && !m.params.bhn ? { ...shapes, bhn: m.params.ba } : shapes);
  const sp = (s: N[]) => (slip.sigmoidPrimeAsSigmoid ? s : V.sigmoidPrime(s));
  let daNext = V.zeroVector(nA);
  for (let t = steps.length - 1; t >= 0; t--) {
    const s = steps[t];
    const da = V.add(outputBackward(A, V, P.Wya, g, yHat[t], targets[t], s.a), daNext); // (G9)–(G10)
    const [onOld, onNew] = keeps ? [s.gu, V.oneMinus(s.gu)] : [V.oneMinus(s.gu), s.gu];
    const drop = (path: N[], weightIsOneMinus: boolean) => (slip.dropOneMinusPath && weightIsOneMinus ? V.zeroVector(nA) : path);
    const dTilde = drop(V.had(da, onNew), keeps); // (G11)
    const dzu = V.had(V.had(da, keeps ? V.sub(s.aPrev, s.at) : V.sub(s.at, s.aPrev)), sp(s.gu)); // (G12)
    const daDirect = drop(V.had(da, onOld), !keeps); // (G13)
    const dzh = V.had(dTilde, V.tanhPrime(s.at)); // (G14)
    V.addOuter(g.Wax, dzh, s.x);
    V.addOuter(g.ba, dzh, [V.one]);
    let dGr: N[], daCand: N[];
    if (after) {
      const dn = V.had(dzh, s.gr); // (G16)
      dGr = V.had(dzh, s.n);
      V.addOuter(g.Waa, dn, s.aPrev);
      V.addOuter(g.bhn, dn, [V.one]);
      daCand = V.matTvec(P.Waa, dn);
    } else {
      V.addOuter(g.Waa, dzh, V.had(s.gr, s.aPrev)); // (G15)
      const back = V.matTvec(P.Waa, dzh);
      dGr = V.had(back, s.aPrev);
      daCand = V.had(back, s.gr);
    }
    const dzr = V.had(dGr, sp(s.gr)); // (G17)
    for (const [k, dz] of [['r', dzr], ['u', dzu]] as const) {
      V.addOuter(g[`W${k}x`], dz, s.x); // (G18)
      V.addOuter(g[`W${k}a`], dz, s.aPrev);
      V.addOuter(g[`b${k}`], dz, [V.one]);
    }
    daNext = V.add(V.add(daDirect, daCand), V.add(V.matTvec(P.Wra, dzr), V.matTvec(P.Wua, dzu))); // (G19)
  }
  return { loss, a, yHat, grads: { ...g, a0: daNext.map((v) => [v]) } };
}
