/**
 * Central differences for every entry of Wax, Waa, Wya, ba, by and a⟨0⟩ at once: each entry runs
 * its own Ridders tableau (extrapolation.ts `riddersSteps`, unchanged), and the 2 evaluations of L
 * that every tableau asks for next are made together, `SIDE_BY_SIDE` entries at a time, by the
 * evaluator's `lossesWithEntries` (on the engine: src/engine/perturbed.ts, bit for bit its loss).
 *
 * Warm start: an exploding model's D(h) enters its asymptotic range only at small h (nA = 100:
 * h ≈ 1e-5 for Waa, 1e-7 for a⟨0⟩), so a tableau from FIRST_STEP spends most of its rows above
 * it. Entries of one slot need similar steps, so an entry starts WARM_START times above the step
 * its slot's last finished entry kept (never above FIRST_STEP). If the kept step is then one of
 * the first rows' (the entry might have wanted a larger step), the entry is done again from
 * FIRST_STEP, exactly as without the warm start. The tableau, its estimate and the verdict are
 * Ridders' as before; only the rows differ. Measured on the nA = 100 model of `npm run
 * bench:gradcheck` against tableaux from FIRST_STEP: 192,890 evaluations instead of 327,526, as
 * many entries failing each of three wrong BPTTs, correct BPTT's worst error/tolerance 0.090 (was
 * 0.100), per-entry estimates 0.045–58× the old ones, no two values further apart than 10× their
 * estimates (`node bench/gradcheck-warm.mjs`).
 */
import type { Evaluator, EntryValue, Flat } from './evaluator-types.js';
import { mapSlots } from './evaluator-types.js';
import { riddersSteps, type Extrapolated } from './extrapolation.js';
import { SLOTS, type Slot } from './problem.js';
import { FIRST_STEP } from './tolerances.js';

/** How many entries are extrapolated side by side (each asks for 2 evaluations per round). */
export const SIDE_BY_SIDE = 256;
/** An entry's first step is this multiple of its slot's last kept step: 2⁴, four rows above it. */
export const WARM_START = 16;

export interface CentralPartials {
  /** Ridders' value per entry. */
  readonly value: Flat;
  /** Its error estimate, truncation + rounding. */
  readonly error: Flat;
  /** Evaluations of L made, restarts included. */
  readonly evaluations: number;
}

interface Running {
  readonly slot: Slot;
  readonly k: number;
  readonly first: number;
  readonly steps: Generator<number, Extrapolated, number>;
  h: number;
}

/**
 * ∂L/∂θₖ by central differences for every entry k of every slot, with error estimates;
 * `sideBySide` entries at a time; `warmStart` = Infinity starts every tableau at FIRST_STEP.
 */
export function centralPartials(
  ev: Evaluator,
  lossNoise: number,
  onProgress?: (done: number, total: number) => void,
  sideBySide = SIDE_BY_SIDE,
  warmStart = WARM_START,
): CentralPartials {
  const value = mapSlots((s) => new Float64Array(ev.theta[s].length));
  const error = mapSlots((s) => new Float64Array(ev.theta[s].length));
  const queue = SLOTS.flatMap((slot) => Array.from(ev.theta[slot], (_, k) => [slot, k] as const));
  const kept: Partial<Record<Slot, number>> = {};
  const begin = (slot: Slot, k: number, first: number): Running => {
    const steps = riddersSteps(lossNoise, first);
    return { slot, k, first, steps, h: steps.next().value as number };
  };
  let running: Running[] = [];
  let next = 0;
  let done = 0;
  let evaluations = 0;
  const refill = () => {
    for (; running.length < sideBySide && next < queue.length; next++) {
      const [slot, k] = queue[next];
      running.push(begin(slot, k, Math.min(FIRST_STEP, warmStart * (kept[slot] ?? FIRST_STEP))));
    }
  };
  for (refill(); running.length > 0; refill()) {
    const copies = running.flatMap(({ slot, k, h }): EntryValue[] => [{ slot, k, v: ev.theta[slot][k] + h }, { slot, k, v: ev.theta[slot][k] - h }]);
    const L = ev.lossesWithEntries(copies);
    evaluations += copies.length;
    const still: Running[] = [];
    running.forEach((e, n) => {
      const r = e.steps.next((L[2 * n] - L[2 * n + 1]) / (copies[2 * n].v - copies[2 * n + 1].v));
      if (!r.done) {
        e.h = r.value;
        still.push(e);
      } else if (e.first < FIRST_STEP && r.value.step >= e.first / 4) {
        still.push(begin(e.slot, e.k, FIRST_STEP)); // kept at the top: it may want larger steps
      } else {
        value[e.slot][e.k] = r.value.value;
        error[e.slot][e.k] = r.value.truncation + r.value.rounding;
        if (Number.isFinite(r.value.value)) kept[e.slot] = r.value.step;
        onProgress?.(++done, queue.length);
      }
    });
    running = still;
  }
  return { value, error, evaluations };
}
