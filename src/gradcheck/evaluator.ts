/**
 * What the checkers evaluate, on one of two paths: the mathjs reference (any problem, slow) or the
 * fast engine (src/engine: float64 forward/backward, the complex twin, batched complex-step
 * partials; one-hot or null inputs and nX = nY only). Both are proven equal to the reference by
 * spec/engine/ and spec/gradcheck/evaluator.spec.ts. Values travel as flat row-major arrays, one
 * per slot (Wax, Waa, Wya, ba, by, a0).
 */
import { complex } from 'mathjs';
import { complexForward } from '../engine/complex-forward.js';
import { complexStepPartials } from '../engine/complex-partials.js';
import { fromReference, type FastParams } from '../engine/model.js';
import { backward, forward, Workspace } from '../engine/rnn.js';
import { lossAndGradients, type Forward } from '../reference/bptt.js';
import { softmaxCrossEntropyGradient } from '../reference/softmax.js';
import { elementwise, entries, fromRows, imagPart, realPart, shape, type Matrix } from '../reference/linalg.js';
import type { Gradients, Params } from '../reference/types.js';
import { forwardAlong, forwardWithEntry, lossAlong, lossWithEntry, slotGradient, slotValue, SLOTS, type Problem, type Slot } from './problem.js';

/** One Float64Array per slot, row-major. */
export type Flat = Record<Slot, Float64Array>;
export type Path = 'engine' | 'reference';

/** What BPTT computes along the way, row-major by time: the terms of (18), (19), (24)–(26) are built from these. */
export interface Intermediates {
  /** x⟨1⟩…x⟨T⟩, T·nX (dense; one-hot or zero for index and null inputs). */
  readonly x: Float64Array;
  /** a⟨0⟩…a⟨T⟩, (T+1)·nA. */
  readonly a: Float64Array;
  /** ∂L/∂a⟨1⟩…∂L/∂a⟨T⟩, T·nA (eqs. (20)–(21)). */
  readonly da: Float64Array;
  /** ∂l/∂o⟨1⟩…∂l/∂o⟨T⟩ = ŷ − y, T·nY. */
  readonly dy: Float64Array;
}

/**
 * A complex-step derivative and the magnitude its rounding scales with: Im L = Σₜ Im l⟨t⟩ may be
 * a small sum of large per-step terms (an exploding model's tangent), each rounded.
 */
export interface ComplexStep {
  readonly value: number;
  readonly magnitude: number;
}

/** Im L / h and Σₜ |Im l⟨t⟩| / h of a complex forward pass. */
function complexStepOf(f: Forward, h: number): ComplexStep {
  return { value: imagPart(f.loss) / h, magnitude: f.steps.reduce((s, st) => s + Math.abs(imagPart(st.loss)), 0) / h };
}

export interface Evaluator {
  readonly path: Path;
  /** The problem's values, flat. */
  readonly theta: Flat;
  readonly shapes: Record<Slot, readonly [number, number]>;
  /** L with entry k of `slot` set to v. */
  lossWithEntry(slot: Slot, k: number, v: number): number;
  /** L(θ + s·u). */
  lossAlong(u: Flat, s: number): number;
  /** Im L(θ + i·h·u) / h, and Σₜ |Im l⟨t⟩| / h. */
  complexAlong(u: Flat, h: number): ComplexStep;
  /** Im L(θ + i·h·eₖ) / h for every entry k of every slot, and each Σₜ |Im l⟨t⟩| / h. */
  complexPartials(h: number, onProgress?: (done: number, total: number) => void): { value: Flat; magnitude: Flat };
  /** L and ∇L (our BPTT on this path) at θ ⊙ (1 + f). */
  gradientsScaled(f: Flat): { loss: number; gradients: Flat };
  /** BPTT's intermediate values at θ, flat by time (see `Intermediates`). */
  intermediates(): Intermediates;
}

/** A slot-by-slot map. */
export function mapSlots<T>(f: (slot: Slot) => T): Record<Slot, T> {
  return Object.fromEntries(SLOTS.map((s) => [s, f(s)])) as Record<Slot, T>;
}

/** One matrix per slot as flat arrays, real parts. */
export function flatMatrices(m: Readonly<Record<Slot, Matrix>>): Flat {
  return mapSlots((s) => Float64Array.from(entries(m[s]).map(realPart)));
}

/** A Gradients object (mathjs) as flat arrays, real parts. */
export function flatGradients(g: Gradients): Flat {
  return flatMatrices(mapSlots((s) => slotGradient(g, s)));
}

const toMatrix = (v: Float64Array, [r, c]: readonly [number, number]) =>
  fromRows(Array.from({ length: r }, (_, i) => Array.from(v.subarray(i * c, (i + 1) * c))));

/** Whether the engine can evaluate the problem: real values, nX = nY, inputs one-hot indices or null. */
export function fitsEngine(problem: Problem): boolean {
  const real = SLOTS.every((s) => entries(slotValue(problem, s)).every((v) => typeof v === 'number'));
  const [nY] = shape(problem.params.by);
  const [, nX] = shape(problem.params.Wax);
  const oneHot = problem.inputs.every((x) => x === null || (typeof x === 'number' && Number.isInteger(x) && x >= 0 && x < nX));
  return real && nX === nY && oneHot;
}

function referenceEvaluator(problem: Problem): Evaluator {
  const theta = mapSlots((s) => Float64Array.from(entries(slotValue(problem, s)).map(realPart)));
  const shapes = mapSlots((s) => shape(slotValue(problem, s)));
  const cols = (s: Slot) => shapes[s][1];
  const direction = (u: Flat) => mapSlots((s) => toMatrix(u[s], shapes[s]));
  return {
    path: 'reference',
    theta,
    shapes,
    lossWithEntry: (slot, k, v) => realPart(lossWithEntry(problem, slot, Math.floor(k / cols(slot)), k % cols(slot), v)),
    lossAlong: (u, s) => realPart(lossAlong(problem, direction(u), s)),
    complexAlong: (u, h) => complexStepOf(forwardAlong(problem, direction(u), complex(0, h)), h),
    complexPartials: (h, onProgress) => {
      const total = SLOTS.reduce((n, s) => n + theta[s].length, 0);
      let done = 0;
      const value = mapSlots((s) => new Float64Array(theta[s].length));
      const magnitude = mapSlots((s) => new Float64Array(theta[s].length));
      for (const slot of SLOTS) {
        theta[slot].forEach((x, k) => {
          const c = complexStepOf(forwardWithEntry(problem, slot, Math.floor(k / cols(slot)), k % cols(slot), complex(x, h)), h);
          value[slot][k] = c.value;
          magnitude[slot][k] = c.magnitude;
          onProgress?.(++done, total);
        });
      }
      return { value, magnitude };
    },
    gradientsScaled: (f) => {
      const scaled = (s: Slot) => {
        let k = 0;
        return elementwise(slotValue(problem, s), (v) => realPart(v) * (1 + f[s][k++]));
      };
      const params: Params = { Wax: scaled('Wax'), Waa: scaled('Waa'), Wya: scaled('Wya'), ba: scaled('ba'), by: scaled('by') };
      const r = lossAndGradients(params, problem.inputs, problem.targets, scaled('a0'));
      return { loss: realPart(r.loss), gradients: flatGradients(r.gradients) };
    },
    intermediates: () => {
      const r = lossAndGradients(problem.params, problem.inputs, problem.targets, problem.a0);
      const flat = (ms: readonly Matrix[]) => Float64Array.from(ms.flatMap((m) => entries(m).map(realPart)));
      const { steps } = r.forward;
      return {
        x: flat(steps.map((st) => st.x)),
        a: flat([problem.a0, ...steps.map((st) => st.a)]),
        da: flat(r.gradients.da),
        dy: flat(steps.map((st) => softmaxCrossEntropyGradient(st.yHat, st.target))),
      };
    },
  };
}

function engineEvaluator(problem: Problem): Evaluator {
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

/** The evaluator for a problem: the engine when it fits (and `path` allows), else the reference. */
export function evaluatorFor(problem: Problem, path: Path | 'auto' = 'auto'): Evaluator {
  if (path === 'engine' && !fitsEngine(problem)) {
    throw new RangeError('the engine path needs real values, nX = nY and one-hot (index) or null inputs');
  }
  return path === 'reference' || (path === 'auto' && !fitsEngine(problem)) ? referenceEvaluator(problem) : engineEvaluator(problem);
}

/** A Matrix of a slot's shape from flat values (for reports and user-facing gradients). */
export function slotMatrix(v: Float64Array, s: readonly [number, number]): Matrix {
  return toMatrix(v, s);
}
