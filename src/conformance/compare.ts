/**
 * Comparing another implementation's result with the oracle's: per quantity OK or MISMATCH, the
 * largest errors, the worst element with both values, the known mistake it matches if any, and a
 * diagnosis naming the equations involved.
 */
import { isNonFiniteString } from '../data/json-numbers.js';
import { excess as excessOf } from './agreement.js';
import { flatVector, type ParsedCase } from './case.js';
import { conditioning, type Precision, type QuantityTolerance } from './conditioning.js';
import { evaluate, SLOT_KEYS, type SlotKey } from './evaluate.js';
import { evaluateExact, type ExactVariant } from './exact.js';
import { diagnose } from './diagnose.js';
import type { Finding } from './findings.js';
import { MISTAKES } from './mistakes.js';
import { missingLines } from './report-lines.js';
import type { ResultJson } from './schema.js';
import { quantitySkipReason, variantOf, type Capabilities } from './capabilities.js';

/** One fixed tolerance for every quantity: |theirs − oracle| ≤ atol + rtol·|oracle|. */
export interface Tolerance {
  readonly rtol: number;
  readonly atol: number;
  /** Whose conditioning the report's condition estimates describe (default float64). */
  readonly precision?: Precision;
}

/**
 * The fixed tolerances of rnn-oracle 0.1, kept for explicit use (`check --rtol/--atol` fills in
 * the one not given from these). By default check and conform derive each quantity's tolerance
 * from the case's conditioning instead (conditioning.ts).
 */
export const FLOAT64_TOLERANCE: Tolerance = { rtol: 1e-9, atol: 1e-12 };
/** The same for a float32 implementation. */
export const FLOAT32_TOLERANCE: Tolerance = { rtol: 1e-3, atol: 1e-5, precision: 'float32' };

/** Per-quantity tolerances by report name, as a suite test carries them (vectors.ts). */
export interface QuantityTolerances {
  readonly precision: Precision;
  readonly quantities: Readonly<Record<string, QuantityTolerance>>;
}

/**
 * How compareResult judges: a precision (each quantity's tolerance derived from the case's
 * conditioning study), a fixed tolerance for every quantity, or per-quantity tolerances.
 */
export type ToleranceSpec = Precision | Tolerance | QuantityTolerances;

/**
 * SKIPPED: not checked (they do not produce it, or left an optional quantity out).
 * ILL-CONDITIONED: correct evaluations spread too far for any verdict. Neither is a failure.
 */
export type Status = 'OK' | 'MISMATCH' | 'MISSING' | 'SKIPPED' | 'ILL-CONDITIONED';

/** Statuses that make a test fail. */
export const FAILING: ReadonlySet<Status> = new Set<Status>(['MISMATCH', 'MISSING']);

export interface QuantityReport {
  readonly name: string;
  readonly status: Status;
  readonly maxAbsError?: number;
  readonly maxRelError?: number;
  /** The worst element: its index (zero-based) and the two values there. */
  readonly worst?: { readonly index: readonly number[]; readonly oracle: number; readonly theirs: number };
  readonly note?: string;
  /** The tolerance this quantity was judged with. */
  readonly tolerance?: { readonly rtol: number; readonly atol: number };
  /** The condition estimate of the conditioning study: spread ÷ (ε·max |value|). */
  readonly condition?: number;
  /** A known mistake whose numbers theirs match here (src/conformance/mistakes.ts). */
  readonly mistake?: { readonly id: string; readonly when: string };
}

export interface CheckReport {
  /** No quantity failed (SKIPPED and ILL-CONDITIONED ones do not fail). */
  readonly agree: boolean;
  /** Every quantity was skipped: nothing was checked. */
  readonly nothingChecked: boolean;
  readonly quantities: readonly QuantityReport[];
  readonly diagnosis: readonly string[];
  /** The diagnosis as structured findings (src/conformance/findings.ts), one per line of `diagnosis`. */
  readonly findings?: readonly Finding[];
}

type Table = Map<string, number[][]>;

/** Another implementation's quantities: any of them may be absent (compareResult says which must not). */
export interface TheirQuantities {
  loss?: number;
  a?: number[][];
  yHat?: number[][];
  gradients?: Partial<Record<SlotKey, number[][]>>;
  clipped?: Partial<Record<SlotKey, number[][]>>;
  updated?: Partial<Record<string, number[][]>>;
}

const num = (v: unknown): number => (isNonFiniteString(v) ? Number(v) : (v as number));
const rowsOfVector = (v: readonly unknown[]) => flatVector(v as number[]).map((x) => [num(x)]);
const rowsOfMatrix = (m: readonly (readonly unknown[])[]) => m.map((r) => r.map(num));

/** Every quantity by name: loss, a, yHat, dWax … da0, clipped dWax …, updated Wax …. */
function table(q: TheirQuantities): Table {
  const t: Table = new Map();
  if (q.loss !== undefined) t.set('loss', [[q.loss]]);
  if (q.a) t.set('a', q.a);
  if (q.yHat) t.set('yHat', q.yHat);
  for (const [prefix, g] of [['d', q.gradients], ['clipped d', q.clipped]] as const) {
    for (const k of SLOT_KEYS) if (g?.[k]) t.set(`${prefix}${k}`, g[k]!);
  }
  for (const [k, v] of Object.entries(q.updated ?? {})) if (v) t.set(`updated ${k}`, v);
  return t;
}

/** A validated result document as quantities (unknown keys are left out). */
export function quantitiesOf(r: ResultJson): TheirQuantities {
  const slots = (g: Record<string, unknown> | undefined, keys: readonly string[]) =>
    g &&
    Object.fromEntries(
      keys.filter((k) => g[k] !== undefined).map((k) => [k, isVectorKey(k) ? rowsOfVector(g[k] as unknown[]) : rowsOfMatrix(g[k] as unknown[][])]),
    );
  return {
    loss: r.loss === undefined ? undefined : num(r.loss),
    a: r.a?.map((v) => flatVector(v as number[]).map(num)),
    yHat: r.yHat?.map((v) => flatVector(v as number[]).map(num)),
    gradients: slots(r.gradients, SLOT_KEYS),
    clipped: slots(r.clipped, SLOT_KEYS),
    updated: slots(r.updated, SLOT_KEYS.slice(0, 5)),
  };
}

function isVectorKey(k: string): boolean {
  return k === 'ba' || k === 'by' || k === 'a0';
}

const same = (a: number, b: number) => a === b || (Number.isNaN(a) && Number.isNaN(b));

/** The tolerance of one quantity, and what the conditioning study said about it. */
export type Judged = Tolerance & { readonly condition?: number; readonly illConditioned?: true };

/** The verdict on one quantity (errors and worst element absent when the shapes differ). */
export interface ValueComparison {
  readonly ok: boolean;
  readonly status: Status;
  readonly tolerance: { readonly rtol: number; readonly atol: number };
  readonly condition?: number;
  readonly maxAbs?: number;
  readonly maxRel?: number;
  readonly worst?: QuantityReport['worst'];
  readonly note?: string;
}

/** Why two tables do not line up: a ragged row (named), a transposition, or another shape. */
function shapeNote(oracle: number[][], theirs: number[][]): string {
  const shapeOf = (m: number[][]) => `${m.length}×${m[0]?.length ?? 0}`;
  const ragged = theirs.findIndex((r) => r.length !== theirs[0].length);
  if (ragged > 0) return `shape: their row ${ragged} has ${theirs[ragged].length} entries, row 0 has ${theirs[0].length} (expected ${shapeOf(oracle)})`;
  const transposed = oracle.length === theirs[0]?.length && oracle[0]?.length === theirs.length;
  return `shape: expected ${shapeOf(oracle)}, got ${shapeOf(theirs)}${transposed ? ' (transposed?)' : ''}`;
}

/**
 * Compares their table of one quantity with the oracle's, elementwise within the tolerance:
 * ILL-CONDITIONED when the tolerance says so (whatever theirs is, unless the shapes differ),
 * MISMATCH when the shapes differ or any element is outside, else OK.
 */
export function compareValues(oracle: number[][], theirs: number[][], tol: Judged): ValueComparison {
  const judged = { tolerance: { rtol: tol.rtol, atol: tol.atol }, condition: tol.condition };
  if (oracle.length !== theirs.length || oracle.some((r, i) => r.length !== theirs[i]?.length)) {
    return { ok: false, status: 'MISMATCH', ...judged, note: shapeNote(oracle, theirs) };
  }
  let ok = true;
  let maxAbs = 0;
  let maxRel = 0;
  // The worst element: while everything agrees, the one with the largest error; once something
  // disagrees, the one furthest beyond its tolerance.
  let worst = { index: [0, 0], oracle: oracle[0]?.[0] ?? 0, theirs: theirs[0]?.[0] ?? 0, excess: -Infinity, abs: -Infinity };
  oracle.forEach((row, i) =>
    row.forEach((o, j) => {
      const t = theirs[i][j];
      const abs = same(o, t) ? 0 : Math.abs(t - o);
      const rel = abs === 0 ? 0 : abs / Math.max(Math.abs(o), Number.MIN_VALUE);
      const excess = excessOf(o, t, tol);
      const absOrInf = Number.isNaN(abs) ? Infinity : abs;
      const wasOk = ok;
      if (excess > 0) ok = false;
      maxAbs = Math.max(maxAbs, absOrInf);
      maxRel = Math.max(maxRel, Number.isNaN(rel) ? Infinity : rel);
      const worse = ok ? absOrInf > worst.abs : !wasOk ? excess > worst.excess : true;
      if (worse) worst = { index: [i, j], oracle: o, theirs: t, excess, abs: absOrInf };
    }),
  );
  const status: Status = tol.illConditioned ? 'ILL-CONDITIONED' : ok ? 'OK' : 'MISMATCH';
  return { ok: status !== 'MISMATCH', status, ...judged, maxAbs, maxRel, worst: { index: worst.index, oracle: worst.oracle, theirs: worst.theirs } };
}

/**
 * The oracle's expected values — the case evaluated exactly (exact.ts), rounded to float64 — and
 * each quantity's tolerance: from `spec` when it gives them, else from the conditioning study.
 */
export function expectedValues(c: ParsedCase, spec: ToleranceSpec, variant: ExactVariant = {}) {
  const exact = evaluateExact(c, variant);
  const precision = typeof spec === 'string' ? spec : (spec.precision ?? 'float64');
  let study: ReturnType<typeof conditioning> | undefined;
  // The study covers every quantity of the exact result, so `studied` always finds its name.
  const studied = (name: string) => (study ??= conditioning(c, precision, variant, exact)).get(name)!.tolerance;
  const toleranceOf = (name: string): Judged => {
    if (typeof spec === 'string') return studied(name);
    // A suite's stored tolerances are for the case as written; a declared variant (mean, Adagrad) changes the values.
    if ('quantities' in spec) return (Object.keys(variant).length === 0 && spec.quantities[name]) || studied(name);
    return { rtol: spec.rtol, atol: spec.atol, condition: studied(name).condition };
  };
  return { oracle: table(exact), toleranceOf };
}

/** Optional in a result: absent ⇒ SKIPPED "not in their result". */
const OPTIONAL = new Set(['a', 'yHat', 'da0', 'clipped da0']);

/** Catalogued mistakes that are a declared capability, not a mistake, under a variant. */
export function declared(id: string, capabilities: Capabilities): boolean {
  if (capabilities.update === 'adagrad') return id === 'adagrad-instead-of-sgd';
  if (capabilities.lossReduction === 'mean') return id === 'mean-over-time' || id === 'mean-loss-summed-gradients';
  return false;
}

/** A catalogued mistake's numbers for a case, by quantity name. */
export interface MistakeTable {
  readonly m: { readonly id: string; readonly when: string };
  readonly table: Table;
}

/** What judgeQuantities needs: both tables, each quantity's tolerance, and the catalogue (on demand). */
export interface Judging {
  readonly oracle: Table;
  readonly theirs: Table;
  readonly toleranceOf: (name: string) => Judged;
  /** Optional in a result: absent ⇒ SKIPPED "not in their result" (else MISSING). */
  readonly optional: (name: string) => boolean;
  readonly catalogue: () => readonly MistakeTable[];
  readonly capabilities: Capabilities;
}

/** Every quantity of the oracle's result judged: SKIPPED, MISSING, OK, ILL-CONDITIONED or MISMATCH (with a matching mistake). */
export function judgeQuantities(j: Judging): QuantityReport[] {
  const quantities: QuantityReport[] = [];
  for (const [name, o] of j.oracle) {
    const skip = quantitySkipReason(name, j.capabilities);
    if (skip) {
      quantities.push({ name, status: 'SKIPPED', note: skip });
      continue;
    }
    const t = j.theirs.get(name);
    if (!t) {
      quantities.push({ name, status: j.optional(name) ? 'SKIPPED' : 'MISSING', note: 'not in their result' });
      continue;
    }
    const r = compareValues(o, t, j.toleranceOf(name));
    if (r.ok) {
      quantities.push({ name, status: r.status, maxAbsError: r.maxAbs, maxRelError: r.maxRel, worst: r.worst, tolerance: r.tolerance, condition: r.condition });
      continue;
    }
    const hit = j.catalogue().find(({ table: mt }) => mt.has(name) && compareValues(mt.get(name)!, t, j.toleranceOf(name)).ok);
    quantities.push({
      name,
      status: 'MISMATCH',
      tolerance: r.tolerance,
      condition: r.condition,
      maxAbsError: r.maxAbs,
      maxRelError: r.maxRel,
      worst: r.worst,
      note: r.note,
      mistake: hit && { id: hit.m.id, when: hit.m.when },
    });
  }
  return quantities;
}

/**
 * Compares their result with the oracle's for a case, within a tolerance. The expected values
 * follow their capabilities (mean over time, Adagrad); quantities they do not produce, and optional
 * ones they left out, are SKIPPED. The known-mistake catalogue is consulted only on a mismatch.
 */
export function compareResult(c: ParsedCase, theirs: TheirQuantities, tol: ToleranceSpec, capabilities: Capabilities = {}): CheckReport {
  const variant = variantOf(capabilities);
  const { oracle, toleranceOf } = expectedValues(c, tol, variant);
  const mine = table(theirs);
  let mistakes: { m: (typeof MISTAKES)[number]; table: Table }[] | undefined;
  const catalogue = () =>
    (mistakes ??= MISTAKES.filter((m) => m.applies(c) && !declared(m.id, capabilities)).map((m) => ({ m, table: table(evaluate(c, { ...variant, ...m })) })));
  const quantities = judgeQuantities({ oracle, theirs: mine, toleranceOf, optional: (n) => OPTIONAL.has(n), catalogue, capabilities });
  const agree = quantities.every((q) => !FAILING.has(q.status));
  const nothingChecked = quantities.every((q) => q.status === 'SKIPPED');
  if (agree) return { agree, nothingChecked, quantities, diagnosis: [] };
  const missing = missingLines(quantities, c);
  if (!quantities.some((q) => q.status === 'MISMATCH')) return { agree, nothingChecked, quantities, diagnosis: missing };
  const d = diagnose(quantities, c, { oracle, theirs: mine, tol: toleranceOf, mistakes: catalogue() });
  return { agree, nothingChecked, quantities: d.quantities, diagnosis: [...missing, ...d.diagnosis], findings: d.findings };
}
