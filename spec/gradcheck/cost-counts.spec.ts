import { afterEach, describe, expect, it, vi } from 'vitest';
import { lazy } from '../helpers/lazy.js';
import { estimateCheck, estimateNamedCheck, formatDuration, secondsPerEvaluation, secondsPerNamedEvaluation } from '../../src/gradcheck/cost.js';
import { evaluatorFor, type Evaluator } from '../../src/gradcheck/evaluator.js';
import { randomProblem } from '../../src/gradcheck/problem.js';

/**
 * The counts below are worked by hand from the cost model documented in cost.ts (a BPTT run costs
 * 3 evaluations, a complex evaluation 2 on the engine and 3 on the reference, an output-layer
 * central copy 0.5 on the engine, MIN_LEVELS = 3 so 2 × 4 = 8 evaluations per central entry or
 * direction, ULP_RUNS = 4 so the floor is 5 BPTT runs = 15 evaluations), not read back from it.
 * nA = 4, vocab = 3: Wax 12 + Waa 16 + Wya 12 + ba 4 + by 3 + a0 4 = 51 entries, 36 on the hidden path.
 */
describe('estimateCheck — the documented counts, exactly', () => {
  const problem = lazy(() => randomProblem({ nA: 4, vocab: 3, T: 5, seed: 1 }));
  const engine = lazy(() => evaluatorFor(problem(), 'engine'));
  const reference = lazy(() => evaluatorFor(problem(), 'reference'));

  it('counts a full complex-step check as the floor plus one batched partial per hidden-path entry on the engine, three evaluations per entry on the reference', () => {
    expect(estimateCheck(engine(), 'complex', undefined, 1).evaluations).toBe(15 + 36);
    expect(estimateCheck(reference(), 'complex', undefined, 1).evaluations).toBe(15 + 51 * 3);
  });

  it('counts a full central check as the floor plus eight evaluations per entry, an output entry at half on the engine', () => {
    expect(estimateCheck(engine(), 'central', undefined, 1).evaluations).toBe(15 + (36 + 15 * 0.5) * 8);
    expect(estimateCheck(reference(), 'central', undefined, 1).evaluations).toBe(15 + 51 * 8);
  });

  it('counts a directional check per direction: eight evaluations central, one complex evaluation otherwise', () => {
    for (const ev of [engine(), reference()]) expect(estimateCheck(ev, 'central', 3, 1).evaluations).toBe(15 + 3 * 8);
    expect(estimateCheck(engine(), 'complex', 3, 1).evaluations).toBe(15 + 3 * 2);
    expect(estimateCheck(reference(), 'complex', 3, 1).evaluations).toBe(15 + 3 * 3);
  });

  it('prices the evaluations at the measured seconds per evaluation', () => {
    expect(estimateCheck(reference(), 'central', 3, 0.5).seconds).toBe((15 + 3 * 8) * 0.5);
  });
});

describe('estimateNamedCheck — a generic check of named entries', () => {
  it('counts the floor (five BPTT runs and four losses) plus eight evaluations per central entry or three per complex one', () => {
    expect(estimateNamedCheck(10, 'central', 1).evaluations).toBe(15 + 4 + 10 * 8);
    expect(estimateNamedCheck(10, 'complex', 1).evaluations).toBe(15 + 4 + 10 * 3);
    expect(estimateNamedCheck(10, 'complex', 0.25).seconds).toBe((15 + 4 + 10 * 3) * 0.25);
  });
});

describe('formatDuration — at the unit boundaries', () => {
  it('moves to the larger unit at exactly 1 s, 2 min, 2 h and 2 days', () => {
    expect([1, 120, 7200, 2 * 86400].map(formatDuration)).toEqual(['1 s', '2 min', '2.0 h', '2.0 days']);
  });
});

/** A clock in milliseconds that only the timed work moves, so the timers' loops can be counted. */
function fakeClock(startMs: number) {
  let now = startMs;
  vi.spyOn(performance, 'now').mockImplementation(() => now);
  return { advance: (ms: number) => (now += ms) };
}

describe('secondsPerEvaluation and secondsPerNamedEvaluation — the fastest of the timed runs', () => {
  afterEach(() => vi.restoreAllMocks());

  it('times exactly five evaluations of one changed entry and returns the fastest, in seconds', () => {
    const clock = fakeClock(1000);
    const durations = [7, 3, 5, 4, 6];
    let calls = 0;
    const ev = { theta: { ba: Float64Array.of(0.5) }, lossWithEntry: () => clock.advance(durations[calls++] ?? 1) } as unknown as Evaluator;
    expect(secondsPerEvaluation(ev)).toBe(0.003);
    expect(calls).toBe(5);
  });

  it('stops a generic loss after five runs once they took 0.1 s together, and returns the fastest', () => {
    const clock = fakeClock(1000);
    const durations = [50, 20, 30, 40, 60];
    let calls = 0;
    expect(secondsPerNamedEvaluation(() => clock.advance(durations[calls++] ?? 1))).toBe(0.02);
    expect(calls).toBe(5);
  });

  it('keeps running a fast generic loss until 0.1 s have passed', () => {
    const clock = fakeClock(1000);
    let calls = 0;
    expect(secondsPerNamedEvaluation(() => (calls++, clock.advance(1)))).toBe(0.001);
    expect(calls).toBe(100);
  });
});
