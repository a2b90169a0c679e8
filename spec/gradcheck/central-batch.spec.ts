/**
 * centralPartials — every entry's Ridders tableau run side by side, with the warm start — on a
 * separable loss with known derivatives, L(θ) = Σ sin(w·θₖ + c), against `extrapolate` run on
 * each entry alone.
 */
import { describe, expect, it } from 'vitest';
import { centralPartials, WARM_START } from '../../src/gradcheck/central-batch.js';
import { mapSlots, type EntryValue, type Evaluator, type Flat } from '../../src/gradcheck/evaluator-types.js';
import { extrapolate } from '../../src/gradcheck/extrapolation.js';
import { SLOTS, type Slot } from '../../src/gradcheck/problem.js';
import { EPSILON, FIRST_STEP, SAFETY } from '../../src/gradcheck/tolerances.js';

const NOISE = 4 * EPSILON;

/** An evaluator of L(θ) = Σ sin(w[slot]·θₖ + c) with `n` entries per slot (only what centralPartials uses). */
function separable(w: Record<Slot, number>, n: number, counts: number[] = []): Evaluator & { term: (s: Slot, k: number, v: number) => number } {
  const theta: Flat = mapSlots((s) => Float64Array.from({ length: n }, (_, k) => (k + 1) / (7 * n) + SLOTS.indexOf(s) / 10));
  const term = (s: Slot, k: number, v: number) => Math.sin(w[s] * v + k / 3);
  const base = SLOTS.reduce((L, s) => theta[s].reduce((acc, v, k) => acc + term(s, k, v), L), 0);
  return {
    theta,
    term,
    lossesWithEntries: (copies: readonly EntryValue[]) => {
      counts.push(copies.length);
      // L with one term changed: the others are the same numbers, so only the changed term matters
      return Float64Array.from(copies, ({ slot, k, v }) => base - term(slot, k, theta[slot][k]) + term(slot, k, v));
    },
  } as unknown as Evaluator & { term: (s: Slot, k: number, v: number) => number };
}

/** What `extrapolate` gives entry k of `slot` alone, from `first`. */
function alone(ev: ReturnType<typeof separable>, slot: Slot, k: number, first = FIRST_STEP) {
  const x = ev.theta[slot][k];
  const L = (v: number) => ev.lossesWithEntries([{ slot, k, v }])[0];
  return extrapolate((h) => (L(x + h) - L(x - h)) / (x + h - (x - h)), NOISE, first);
}

const smooth = mapSlots(() => 1);
const steep = { ...smooth, Waa: 1e3, a0: 4e3 };

describe('centralPartials — Ridders’ tableaux of every entry side by side', () => {
  it('gives each entry of a smooth loss exactly what extrapolate gives it alone, and reports progress up to every entry', () => {
    const ev = separable(smooth, 5);
    const seen: number[] = [];
    const r = centralPartials(ev, NOISE, (done, total) => seen.push(done, total));
    let evaluations = 0;
    for (const slot of SLOTS) {
      for (let k = 0; k < 5; k++) {
        const one = alone(ev, slot, k);
        expect(r.value[slot][k]).toBe(one.value);
        expect(r.error[slot][k]).toBe(one.truncation + one.rounding);
        evaluations += one.evaluations;
      }
    }
    expect(r.evaluations).toBe(evaluations);
    expect(seen.slice(-2)).toEqual([30, 30]);
    expect(seen.filter((_, n) => n % 2 === 0)).toEqual(Array.from({ length: 30 }, (_, n) => n + 1));
  });

  it('asks for the evaluations of many entries at once, two per entry and round', () => {
    const counts: number[] = [];
    centralPartials(separable(smooth, 5, counts), NOISE);
    expect(counts[0]).toBe(2 * 30);
    expect(counts.every((c) => c % 2 === 0)).toBe(true);
  });

  it('starts later entries of a steep slot WARM_START times above the step the last one kept: fewer evaluations, each within SAFETY × its estimate', () => {
    const ev = separable(steep, 12);
    const r = centralPartials(ev, NOISE, undefined, 1);
    let cold = 0;
    for (const slot of SLOTS) {
      for (let k = 0; k < 12; k++) {
        const exact = steep[slot] * Math.cos(steep[slot] * ev.theta[slot][k] + k / 3);
        expect(Math.abs(r.value[slot][k] - exact), `${slot}[${k}]`).toBeLessThanOrEqual(SAFETY * r.error[slot][k]);
        cold += alone(ev, slot, k).evaluations;
      }
    }
    expect(r.evaluations).toBeLessThan(cold - 2 * 11 * 2); // at least two rows saved on each later steep entry
    // entry 1 of Waa started WARM_START times above entry 0's kept step, and gives what a tableau from there gives
    const kept0 = alone(ev, 'Waa', 0).step;
    const warm = alone(ev, 'Waa', 1, WARM_START * kept0);
    expect(WARM_START * kept0).toBeLessThan(FIRST_STEP);
    expect(r.value.Waa[1]).toBe(warm.value);
  });

  it('with warmStart = Infinity starts every tableau at FIRST_STEP: each entry of a steep slot gives what extrapolate gives it alone', () => {
    const ev = separable(steep, 4);
    const r = centralPartials(ev, NOISE, undefined, 1, Infinity);
    let evaluations = 0;
    for (const slot of SLOTS) {
      for (let k = 0; k < 4; k++) {
        const one = alone(ev, slot, k);
        expect(r.value[slot][k]).toBe(one.value);
        evaluations += one.evaluations;
      }
    }
    expect(r.evaluations).toBe(evaluations);
  });

  it('does not redo an entry started at FIRST_STEP that keeps its first row: a constant loss takes the fewest evaluations, 2 × 4 rows', () => {
    const r = centralPartials(separable(mapSlots(() => 0), 2), NOISE, undefined, 1);
    expect(r.evaluations).toBe(12 * 8);
    expect(SLOTS.every((s) => r.value[s].every((v) => v === 0))).toBe(true);
  });

  it('does not warm-start from an entry whose tableau ended in NaN: the next entry starts at FIRST_STEP', () => {
    // Waa's entry 0 is NaN within 3e-5 of its value (its tableau stops there, its kept step small)
    const ev = separable(smooth, 2);
    const x0 = ev.theta.Waa[0];
    const term = (s: Slot, k: number, v: number) => (s === 'Waa' && k === 0 ? (Math.abs(v - x0) < 3e-5 && v !== x0 ? NaN : Math.sin(1e3 * v)) : ev.term(s, k, v));
    const base = SLOTS.reduce((L, s) => ev.theta[s].reduce((acc, v, k) => acc + term(s, k, v), L), 0);
    const nan = { ...ev, term, lossesWithEntries: (copies: readonly EntryValue[]) => Float64Array.from(copies, ({ slot, k, v }) => base - term(slot, k, ev.theta[slot][k]) + term(slot, k, v)) };
    const r = centralPartials(nan, NOISE, undefined, 1);
    expect(r.value.Waa[0]).toBeNaN();
    expect(r.value.Waa[1]).toBe(alone(nan, 'Waa', 1).value);
    const evaluations = SLOTS.reduce((n, s) => n + [0, 1].reduce((m, k) => m + alone(nan, s, k).evaluations, 0), 0);
    expect(r.evaluations).toBe(evaluations);
  });

  it('redoes an entry from FIRST_STEP when, warm-started, it kept one of its first rows, and then gives what extrapolate gives it alone', () => {
    // Waa's entry 0 is steep (a small step), entry 1 smooth: warm-started far below what it needs, it keeps its first rows
    const ev = separable(smooth, 2);
    const terms = ev.term;
    const mixed = { ...ev, term: (s: Slot, k: number, v: number) => (s === 'Waa' && k === 0 ? Math.sin(3e4 * v) : terms(s, k, v)) };
    const base = SLOTS.reduce((L, s) => ev.theta[s].reduce((acc, v, k) => acc + mixed.term(s, k, v), L), 0);
    mixed.lossesWithEntries = (copies) => Float64Array.from(copies, ({ slot, k, v }) => base - mixed.term(slot, k, ev.theta[slot][k]) + mixed.term(slot, k, v));
    const r = centralPartials(mixed, NOISE, undefined, 1);
    const one = alone(mixed, 'Waa', 1);
    expect(r.value.Waa[1]).toBe(one.value);
    expect(r.error.Waa[1]).toBe(one.truncation + one.rounding);
    expect(WARM_START * alone(mixed, 'Waa', 0).step).toBeLessThan(FIRST_STEP / 4);
  });
});
