/**
 * What the checkers evaluate, on one of two paths: the mathjs reference (any problem, slow) or the
 * fast engine (src/engine: float64 forward/backward, the complex twin, batched complex-step
 * partials; one-hot or null inputs and nX = nY only). Both are proven equal to the reference by
 * spec/engine/ and spec/gradcheck/evaluator.spec.ts. Values travel as flat row-major arrays, one
 * per slot (Wax, Waa, Wya, ba, by, a0).
 */
import { complex } from 'mathjs';
import { lossAndGradients, type Forward } from '../reference/bptt.js';
import { softmaxCrossEntropyGradient } from '../reference/softmax.js';
import { elementwise, entries, fromRows, imagPart, realPart, shape, type Matrix } from '../reference/linalg.js';
import type { Params } from '../reference/types.js';
import { engineEvaluator } from './engine-evaluator.js';
import { flatGradients, mapSlots, type ComplexStep, type Evaluator, type Flat, type Path } from './evaluator-types.js';
import { forwardAlong, forwardWithEntry, lossAlong, lossWithEntry, slotValue, SLOTS, type Problem, type Slot } from './problem.js';

export * from './evaluator-types.js';

/** Im L / h and Σₜ |Im l⟨t⟩| / h of a complex forward pass. */
function complexStepOf(f: Forward, h: number): ComplexStep {
  return { value: imagPart(f.loss) / h, magnitude: f.steps.reduce((s, st) => s + Math.abs(imagPart(st.loss)), 0) / h };
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
    lossesWithEntries: (copies) => Float64Array.from(copies, ({ slot, k, v }) => realPart(lossWithEntry(problem, slot, Math.floor(k / cols(slot)), k % cols(slot), v))),
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
