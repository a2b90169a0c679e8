#!/usr/bin/env node
// The float64 floor against the truth (issue #9): our float64 BPTT, entry by entry, against the
// exact gradient (double-double, src/conformance/exact.ts), divided by the floor gradcheck judges
// it with (conditioning.ts `floorOf`), on SATURATED_A0 and on N random saturated models drawn as
// spec/gradcheck/ill-conditioned.spec.ts draws them (nA 2–6, V 2–5, T 20–100, weights N(0, s²),
// s = 1–4; fast-check's random seed, printed; BENCH_SEED replays one). The check passes a correct
// BPTT while |BPTT − numeric| ≤ SAFETY × (estimate + floor + own roundings), so error/floor must
// stay well under SAFETY = 10; ≤ 1 means the floor bounds the error by itself. Prints per path the
// worst ratio and its entry, the worst per slot, quantiles, and the time the floors took.
// Usage: npm run build && BENCH_MODELS=300 node bench/gradcheck-floor.mjs
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { parseCase } from '../dist/conformance/case.js';
import { evaluateExact } from '../dist/conformance/exact.js';
import { float64Floor, floorOf } from '../dist/gradcheck/conditioning.js';
import { evaluatorFor } from '../dist/gradcheck/evaluator.js';
import { randomProblem, SLOTS } from '../dist/gradcheck/problem.js';

const N = Number(process.env.BENCH_MODELS ?? 100);
const seed = Number(process.env.BENCH_SEED ?? Date.now() % 2 ** 31);
const SATURATED_A0 = parseCase(readFileSync(new URL('../spec/gradcheck/saturated-a0.json', import.meta.url), 'utf8')).problem;

/** Every entry's |BPTT − exact| / floor (0 when both are 0). */
function ratios(problem, path) {
  const exact = evaluateExact({ problem }).gradients;
  const t0 = performance.now();
  const floor = float64Floor(evaluatorFor(problem, path));
  const ms = performance.now() - t0;
  const out = SLOTS.flatMap((slot) =>
    exact[slot].flat().map((e, k) => {
      const error = Math.abs(floor.gradient[slot][k] - e);
      const f = floorOf(floor, slot, k);
      return { slot, k, g: e, error, floor: f, ratio: error === 0 ? 0 : error / f };
    }),
  );
  return { out, ms };
}

const e = (x) => x.toExponential(2);
const line = (r) => `${r.slot}[${r.k}] = ${e(r.g)}: error ${e(r.error)}, floor ${e(r.floor)}, error/floor ${r.ratio.toFixed(3)}`;
const models = fc.sample(
  fc.record({
    nA: fc.integer({ min: 2, max: 6 }),
    vocab: fc.integer({ min: 2, max: 5 }),
    T: fc.integer({ min: 20, max: 100 }),
    scale: fc.integer({ min: 10, max: 40 }).map((s) => s / 10),
    seed: fc.nat(10_000),
  }),
  { numRuns: N, seed },
);
console.log(`BENCH_SEED=${seed}`);
for (const path of ['engine', 'reference']) {
  const sat = ratios(SATURATED_A0, path).out.filter((r) => r.slot === 'a0');
  console.log(`${path} path\n  SATURATED_A0, ∂L/∂a⟨0⟩:`);
  for (const r of sat) console.log(`    ${line(r)}`);
  const all = [];
  let ms = 0;
  const count = path === 'reference' ? Math.ceil(N / 5) : N; // mathjs is ~20× slower
  for (const o of models.slice(0, count)) {
    const r = ratios(randomProblem(o), path);
    ms += r.ms;
    for (const x of r.out) all.push({ ...x, model: JSON.stringify(o) });
  }
  all.sort((a, b) => b.ratio - a.ratio);
  const q = (p) => all[Math.floor(p * all.length)].ratio.toFixed(3);
  console.log(`  ${count} random saturated models, ${all.length} entries (floors took ${(ms / 1000).toFixed(1)} s):`);
  console.log(`    worst: ${line(all[0])}  ${all[0].model}`);
  const bySlot = SLOTS.map((s) => `${s} ${all.find((r) => r.slot === s).ratio.toFixed(3)}`);
  console.log(`    worst per slot: ${bySlot.join(', ')}`);
  console.log(`    error/floor quantiles: 50% ${q(0.5)}, 90% ${q(0.1)}, 99% ${q(0.01)}, 99.9% ${q(0.001)}; entries over 1: ${all.filter((r) => r.ratio > 1).length}`);
}
