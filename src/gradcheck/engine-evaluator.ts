/**
 * The engine path of an evaluator (evaluator.ts): the WebAssembly forward/backward in one
 * workspace whose parameters are changed in place and restored, many copies with one entry changed
 * evaluated together (src/engine/perturbed.ts), the complex twin along directions, and the batched
 * complex-step partials for every entry.
 */
import { complexForward } from '../engine/complex-forward.js';
import { complexStepPartials } from '../engine/complex-partials.js';
import { fromReference } from '../engine/convert.js';
import { PerturbedLosses } from '../engine/perturbed.js';
import type { FastParams } from '../engine/model.js';
import { backward, forward, Workspace } from '../engine/rnn.js';
import { entries, realPart, shape } from '../reference/linalg.js';
import { mapSlots, type Evaluator, type Flat } from './evaluator-types.js';
import { slotValue, SLOTS, type Problem, type Slot } from './problem.js';

/** The engine evaluator of a problem that fits the engine (evaluator.ts `fitsEngine`). */
export function engineEvaluator(problem: Problem): Evaluator {
  const p0 = fromReference(problem.params);
  const theta: Flat = { Wax: p0.Wax, Waa: p0.Waa, Wya: p0.Wya, ba: p0.ba, by: p0.by, a0: Float64Array.from(entries(problem.a0).map(realPart)) };
  const shapes = mapSlots((s) => shape(slotValue(problem, s)));
  const { nA, V } = p0;
  const X = problem.inputs as readonly (number | null)[];
  const Y = problem.targets;
  const ws = new Workspace(nA, V, Math.max(1, X.length));
  const a0 = theta.a0.slice();
  const live: Flat = { ...ws.params, a0 } as unknown as Flat;
  const params = (f: Flat): FastParams => ({ nA, V, Wax: f.Wax, Waa: f.Waa, Wya: f.Wya, ba: f.ba, by: f.by });
  const setLive = (value: (s: Slot, k: number) => number) => {
    for (const s of SLOTS) for (let k = 0; k < theta[s].length; k++) live[s][k] = value(s, k);
  };
  const run = () => forward(ws.params, X, Y, a0, ws);
  setLive((s, k) => theta[s][k]);
  let copies: PerturbedLosses | undefined; // made on first use (it runs the model once)
  return {
    path: 'engine',
    theta,
    shapes,
    lossWithEntry: (slot, k, v) => {
      live[slot][k] = v;
      const L = run();
      live[slot][k] = theta[slot][k];
      return L;
    },
    lossesWithEntries: (asked) => (copies ??= new PerturbedLosses(params(theta), X, Y, theta.a0)).losses(asked),
    lossAlong: (u, s) => {
      setLive((slot, k) => theta[slot][k] + s * u[slot][k]);
      const L = run();
      setLive((slot, k) => theta[slot][k]);
      return L;
    },
    complexAlong: (u, h) => {
      const im = mapSlots((s) => u[s].map((v) => v * h));
      const c = complexForward(params(theta), params(im), X, Y, theta.a0, im.a0);
      return { value: c.im / h, magnitude: c.imMagnitude / h };
    },
    complexPartials: (h, onProgress) => {
      const { partials: g, magnitudes: m } = complexStepPartials(params(theta), X, Y, theta.a0, h, onProgress);
      return {
        value: { Wax: g.dWax, Waa: g.dWaa, Wya: g.dWya, ba: g.dba, by: g.dby, a0: g.da0 },
        magnitude: { Wax: m.dWax, Waa: m.dWaa, Wya: m.dWya, ba: m.dba, by: m.dby, a0: m.da0 },
      };
    },
    gradientsScaled: (f) => {
      setLive((s, k) => theta[s][k] * (1 + f[s][k]));
      const loss = run();
      const g = backward(X, Y, ws);
      const gradients = { Wax: g.dWax.slice(), Waa: g.dWaa.slice(), Wya: g.dWya.slice(), ba: g.dba.slice(), by: g.dby.slice(), a0: g.da0.slice() };
      setLive((s, k) => theta[s][k]);
      return { loss, gradients };
    },
    intermediates: () => {
      // eqs. (20)–(21) again, from what backward leaves: ws.yHat holds ŷ − y, ws.dz holds dz⟨t⟩
      run();
      backward(X, Y, ws);
      const T = X.length;
      const da = new Float64Array(T * nA);
      for (let t = 0; t < T; t++) {
        for (let r = 0; r < V; r++) {
          const d = ws.yHat[t * V + r];
          for (let j = 0; j < nA; j++) da[t * nA + j] += theta.Wya[r * nA + j] * d;
        }
        if (t + 1 < T) {
          for (let i = 0; i < nA; i++) {
            const d = ws.dz[(t + 1) * nA + i];
            for (let j = 0; j < nA; j++) da[t * nA + j] += theta.Waa[i * nA + j] * d;
          }
        }
      }
      const x = new Float64Array(T * V);
      X.forEach((xt, t) => {
        if (xt !== null) x[t * V + xt] = 1;
      });
      return { x, a: ws.a.slice(0, (T + 1) * nA), da, dy: ws.yHat.slice(0, T * V) };
    },
  };
}
