/**
 * The conformance suite, in the spirit of Wycheproof: groups of tests that share shapes; each test
 * has a tcId, a comment, flags, the case, the oracle's expected result — the case evaluated exactly
 * (exact.ts) and rounded to float64 — and per-quantity tolerances for float64 and float32 from the
 * case's conditioning study (conditioning.ts). The group's single `tolerance` is the fixed one of
 * rnn-oracle 0.1, kept for readers of the older format.
 * Deterministic: the same code always writes the same suite (fixtures/conformance/ holds a copy).
 */
import { NumpyRandom } from '../random/numpy.js';
import { parseCase } from './case.js';
import { FLOAT32_TOLERANCE, FLOAT64_TOLERANCE, type QuantityTolerances, type Tolerance } from './compare.js';
import { conditioning, type Precision } from './conditioning.js';
import { toResultJson } from './evaluate.js';
import { evaluateExact } from './exact.js';
import { CASE_FORMAT, type CaseJson, type ResultJson } from './schema.js';

export const VECTORS_FORMAT = 'rnn-oracle/vectors@1';

export const FLAGS = {
  T1: 'a single time step (T = 1): no recurrence',
  LongT: 'a long sequence (T = 40)',
  ZeroFirstInput: 'x⟨1⟩ is the zero vector (input null), as the course template starts a name',
  DenseInputs: 'some inputs are dense vectors rather than one-hot indices',
  SaturatedTanh: 'weights large enough that most |a⟨t⟩| are close to 1',
  LargeLogits: 'logits beyond ±709, where exp(o) overflows: softmax needs its max-shift',
  ClippingActive: 'clip small enough that some gradients are clipped',
  CarriedA0: 'a non-zero initial hidden state a0',
  OneSgdStep: 'the case has lr: the result includes the parameters after one SGD step',
  ChainedSgdSteps: 'each test starts from the previous test’s updated parameters',
  IllConditioned: 'long sequence, large weights: correct float64 results spread by more than 1e-9 relative, so the tolerances come from the conditioning study',
} as const;
export type Flag = keyof typeof FLAGS;

export interface VectorTest {
  readonly tcId: number;
  readonly comment: string;
  readonly flags: readonly Flag[];
  readonly case: CaseJson;
  readonly expected: ResultJson;
  /** Per quantity, by report name: |theirs − expected| ≤ atol + rtol·|expected| (conditioning.ts). */
  readonly tolerances: Readonly<Record<Precision, QuantityTolerances>>;
}

export interface VectorGroup {
  readonly shapes: { readonly nA: number; readonly nX: number; readonly nY: number };
  readonly tolerance: { readonly float64: Tolerance; readonly float32: Tolerance };
  readonly tests: readonly VectorTest[];
}

export interface VectorSuite {
  readonly format: typeof VECTORS_FORMAT;
  readonly generatedBy: string;
  readonly numberOfTests: number;
  readonly flags: typeof FLAGS;
  readonly testGroups: readonly VectorGroup[];
}

interface Spec {
  comment: string;
  flags: Flag[];
  T: number;
  scale?: number;
  wyaScale?: number;
  dense?: boolean;
  a0?: boolean;
  clip?: number;
  lr?: number;
}

function makeCase(rng: NumpyRandom, nA: number, nX: number, nY: number, s: Spec, params?: CaseJson['params']): CaseJson {
  const normal = (r: number, c: number, k = 1) => rng.randn(r, c).map((row) => row.map((v) => v * 0.5 * k));
  const w = s.scale ?? 1;
  const p = params ?? {
    Wax: normal(nA, nX, w),
    Waa: normal(nA, nA, w),
    Wya: normal(nY, nA, s.wyaScale ?? 1),
    ba: normal(nA, 1, w).map((r) => r[0]),
    by: normal(nY, 1).map((r) => r[0]),
  };
  const inputs = Array.from({ length: s.T }, (_, t) =>
    t === 0 && s.flags.includes('ZeroFirstInput') ? null : s.dense && t % 2 === 1 ? normal(1, nX)[0] : rng.interval(nX - 1),
  );
  const targets = Array.from({ length: s.T }, () => rng.interval(nY - 1));
  return {
    format: CASE_FORMAT,
    comment: s.comment,
    flags: s.flags,
    params: p,
    ...(s.a0 ? { a0: normal(nA, 1).map((r) => Math.tanh(r[0])) } : {}),
    inputs,
    targets,
    ...(s.clip !== undefined ? { clip: s.clip } : {}),
    ...(s.lr !== undefined ? { lr: s.lr } : {}),
  };
}

const GROUPS: { nA: number; nX: number; nY: number; specs: Spec[]; chain?: Spec }[] = [
  {
    nA: 3, nX: 4, nY: 4,
    specs: [
      { comment: 'one step from the zero input', flags: ['T1', 'ZeroFirstInput'], T: 1 },
      { comment: 'a short name, as the template encodes it', flags: ['ZeroFirstInput'], T: 6 },
      { comment: 'a long sequence', flags: ['LongT', 'ZeroFirstInput'], T: 40 },
      { comment: 'dense and one-hot inputs mixed', flags: ['DenseInputs'], T: 5, dense: true },
      { comment: 'a carried hidden state', flags: ['CarriedA0'], T: 4, a0: true },
      { comment: 'saturated hidden units', flags: ['SaturatedTanh', 'ZeroFirstInput'], T: 8, scale: 8 },
      { comment: 'logits beyond ±709, where exp overflows', flags: ['LargeLogits', 'ZeroFirstInput'], T: 5, wyaScale: 3000 },
      { comment: 'most gradients clipped', flags: ['ClippingActive', 'ZeroFirstInput'], T: 6, clip: 0.05 },
      { comment: 'clipping and one SGD step', flags: ['OneSgdStep', 'ClippingActive'], T: 6, clip: 0.1, lr: 0.5, a0: true },
    ],
    chain: { comment: 'chained SGD steps', flags: ['ChainedSgdSteps', 'OneSgdStep', 'ZeroFirstInput'], T: 5, clip: 5, lr: 0.3 },
  },
  {
    nA: 4, nX: 5, nY: 4,
    specs: [
      { comment: 'nA = nY, where Wya and Wyaᵀ have the same shape', flags: ['ZeroFirstInput'], T: 7 },
      { comment: 'nA = nY with one SGD step', flags: ['OneSgdStep', 'CarriedA0'], T: 3, lr: 0.1, a0: true },
    ],
  },
  {
    nA: 5, nX: 2, nY: 3,
    specs: [
      { comment: 'every dimension different', flags: ['ZeroFirstInput', 'DenseInputs'], T: 9, dense: true },
      { comment: 'every dimension different, clipped, one step', flags: ['ClippingActive', 'OneSgdStep', 'CarriedA0'], T: 4, clip: 0.2, lr: 0.05, a0: true },
    ],
  },
  {
    // Chosen (scripts/conditioning.mjs) for a float64 condition estimate of ~5e6 — correct float64
    // results differ by ~1e-9 relative — while generating in well under a second.
    nA: 16, nX: 6, nY: 6,
    specs: [{ comment: 'ill-conditioned: a long sequence through large weights', flags: ['IllConditioned', 'ZeroFirstInput', 'CarriedA0'], T: 60, scale: 1.5, a0: true }],
  },
];

const DEFAULT_GENERATED_BY = 'rnn-oracle vectors --out fixtures/conformance';
let generated: VectorSuite | undefined;

/** The whole suite, generated from numpy-compatible seed 2024 (computed once per process). */
export function generateVectors(generatedBy = DEFAULT_GENERATED_BY): VectorSuite {
  if (generatedBy !== DEFAULT_GENERATED_BY) return { ...generateVectors(), generatedBy };
  generated ??= generateSuite(generatedBy);
  return generated;
}

function generateSuite(generatedBy: string): VectorSuite {
  const rng = new NumpyRandom(2024);
  let tcId = 0;
  const test = (c: CaseJson, s: Spec): VectorTest => {
    const id = ++tcId;
    const withId = { ...c, id: `tc${id}` };
    const parsed = parseCase(withId);
    const exact = evaluateExact(parsed);
    const tolerances = (precision: Precision): QuantityTolerances => ({
      precision,
      quantities: Object.fromEntries([...conditioning(parsed, precision, {}, exact)].map(([name, q]) => [name, q.tolerance])),
    });
    return { tcId: id, comment: s.comment, flags: s.flags, case: withId, expected: toResultJson(exact), tolerances: { float64: tolerances('float64'), float32: tolerances('float32') } };
  };
  const testGroups = GROUPS.map(({ nA, nX, nY, specs, chain }) => {
    const tests = specs.map((s) => test(makeCase(rng, nA, nX, nY, s), s));
    if (chain) {
      let params: CaseJson['params'] | undefined;
      for (let k = 0; k < 3; k++) {
        const step = { ...chain, comment: `${chain.comment}: step ${k + 1} of 3` };
        const t = test(makeCase(rng, nA, nX, nY, step, params), step);
        tests.push(t);
        params = t.expected.updated as CaseJson['params'];
      }
    }
    return { shapes: { nA, nX, nY }, tolerance: { float64: FLOAT64_TOLERANCE, float32: FLOAT32_TOLERANCE }, tests };
  });
  return { format: VECTORS_FORMAT, generatedBy, numberOfTests: tcId, flags: FLAGS, testGroups };
}
