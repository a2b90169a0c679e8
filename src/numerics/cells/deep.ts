/**
 * The stacked vanilla RNN, forward and backward, in any number system (num.ts; 40-digit BigNumbers in src/conformance/cells/arithmetic.ts): (D1)–(D9)
 * of docs/deep.md, written a second time in plain loops (the first is src/reference/deep/).
 * Layer l's parameters are Wax[l], Waa[l], ba[l]; its initial state a0[l].
 *
 * Shapes: nA[l] = hidden size of layer l, nA[0] = nX, nY = output size, T = sequence length.
 */
import type { Num } from './num.js';
import type { CellNet } from './net.js';
import { outputBackward, outputForward, zeroSums, type CellRun, type CellSlip } from './output.js';
import type { Rows, Vec } from './vec.js';

/** (D1)–(D9) over the sequence `xs`. */
export function deepRun<N>(A: Num<N>, V: Vec<N>, m: CellNet, xs: readonly N[][], targets: readonly number[], slip: CellSlip): CellRun<N> {
  const P = Object.fromEntries(Object.entries(m.params).map(([k, rows]) => [k, V.rows(rows)])) as Record<string, Rows<N>>;
  const L = m.layers;
  const ls = Array.from({ length: L }, (_, k) => k + 1);
  const W = (name: string, l: number) => P[`${name}[${l}]`];
  // states[t][l]: a[l]⟨t⟩ for t = 0…T (t = 0 the initial states), l = 0…L (l = 0 the input, (D1))
  const states: N[][][] = [[[], ...ls.map((l) => V.column(V.rows(m.states[`a0[${l}]`])))]];
  let loss = V.zero;
  const yHat: N[][] = [];
  xs.forEach((x, t) => {
    const now: N[][] = [x]; // (D1)
    for (const l of ls) now.push(V.tanh(V.bias(V.add(V.matvec(W('Wax', l), now[l - 1]), V.matvec(W('Waa', l), states[t][l])), W('ba', l)))); // (D2)
    const out = outputForward(A, V, P.Wya, P.by, now[L], targets[t]); // (D3)
    loss = A.add(loss, out.loss); // (D4)
    states.push(now);
    yHat.push(out.yHat);
  });

  const g = zeroSums(V, m.params);
  let daNext = ls.map((l) => V.zeroVector(states[0][l].length));
  for (let t = xs.length; t >= 1; t--) {
    const [now, before] = [states[t], states[t - 1]];
    let fromAbove = outputBackward(A, V, P.Wya, g, yHat[t - 1], targets[t - 1], now[L]); // (D5)
    const sent: N[][] = [];
    for (let l = L; l >= 1; l--) {
      const da = V.add(fromAbove, daNext[l - 1]); // (D6)
      const dz = V.had(da, V.tanhPrime(now[l])); // (D7)
      V.addOuter(g[`Wax[${l}]`], dz, now[l - 1]); // (D8)
      V.addOuter(g[`Waa[${l}]`], dz, before[l]);
      V.addOuter(g[`ba[${l}]`], dz, [V.one]);
      sent[l - 1] = V.matTvec(W('Waa', l), dz); // (D9)
      fromAbove = slip.noGradientFromAbove ? V.zeroVector(now[l - 1].length) : V.matTvec(W('Wax', l), dz); // (D6), for the layer below
    }
    daNext = sent;
  }
  const a0 = Object.fromEntries(ls.map((l) => [`a0[${l}]`, daNext[l - 1].map((v) => [v])]));
  return { loss, a: states.slice(1).map((s) => s[L]), yHat, grads: { ...g, ...a0 } };
}
