import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MT19937 } from '../../src/random/mt19937.js';
import { NumpyRandom } from '../../src/random/numpy.js';

/** Made by fixtures/generate/numpy_random.py with numpy itself; regenerate with that script. */
const vectors = JSON.parse(
  readFileSync(new URL('../../fixtures/random/numpy-vectors.json', import.meta.url), 'utf8'),
);

describe('MT19937 seeded like np.random.seed', () => {
  it('produces numpy’s first 32-bit words for seeds 0, 1, 42 and 2³² − 1', () => {
    for (const [seed, words] of Object.entries(vectors.uint32 as Record<string, number[]>)) {
      const mt = new MT19937(Number(seed));
      expect(words.map(() => mt.nextUint32())).toEqual(words);
    }
  });

  it('rejects a seed numpy would reject, naming it', () => {
    expect(() => new MT19937(-1)).toThrow('seed must be an integer in [0, 2^32 - 1], got -1');
    expect(() => new MT19937(2 ** 32)).toThrow(/got 4294967296/);
    expect(() => new MT19937(0.5)).toThrow(/got 0.5/);
  });
});

describe('NumpyRandom — np.random bit for bit', () => {
  it('random_sample equals numpy’s doubles exactly, across a twist of the state', () => {
    for (const [seed, draws] of Object.entries(vectors.random_sample as Record<string, number[]>)) {
      const rng = new NumpyRandom(Number(seed));
      expect(draws.map(() => rng.randomSample())).toEqual(draws);
    }
  });

  it('randn(100, 25) after seed(1) equals numpy’s matrix row by row, but where glibc’s log misrounds', () => {
    // numpy takes log() from the C library; where glibc's result is not the nearest double the
    // generator lists the draw made with a correctly rounded log, which is what we compute.
    const misrounded = vectors.randn_100x25_seed1_correctly_rounded_log as Record<string, number>;
    const expected = (vectors.randn_100x25_seed1 as number[][]).flat();
    for (const [i, v] of Object.entries(misrounded)) expected[Number(i)] = v;
    const rng = new NumpyRandom(1);
    expect(rng.randn(100, 25).flat()).toEqual(expected);
    expect(Object.keys(misrounded).length).toBeLessThan(10);
  });

  it('caches the second Gaussian between calls and forgets it on reseeding', () => {
    const rng = new NumpyRandom(0);
    const first = Array.from({ length: 7 }, () => rng.gauss());
    rng.seed(0);
    const again = Array.from({ length: 3 }, () => rng.gauss());
    expect([...first, ...again]).toEqual(vectors.randn_singles_seed0_7_then_reseed_3);
  });

  it('shuffle of 118 and 245 items after seed(0) equals numpy’s permutation', () => {
    for (const [n, perm] of Object.entries(vectors.shuffle as Record<string, number[]>)) {
      const rng = new NumpyRandom(0);
      expect(rng.shuffle(Array.from({ length: Number(n) }, (_, i) => i))).toEqual(perm);
    }
  });

  it('choice(n, p) picks numpy’s index in thousands of reseeded and streamed calls', () => {
    const cases = vectors.choice as { seed: number; p: number[]; picked: number[] }[];
    const rng = new NumpyRandom();
    let calls = 0;
    for (const c of cases) {
      rng.seed(c.seed);
      expect(c.picked.map(() => rng.choice(c.p)), `choice case seed ${c.seed}`).toEqual(c.picked);
      calls += c.picked.length;
    }
    expect(calls).toBeGreaterThan(5000);
  });

  it('interval(0) is 0 without drawing, and choice of nothing is refused', () => {
    const rng = new NumpyRandom(3);
    expect(rng.interval(0)).toBe(0);
    expect(() => rng.choice([])).toThrow('choice needs at least one probability');
  });
});
