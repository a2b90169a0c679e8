/**
 * Comparing another implementation's result with the oracle's: per quantity OK or MISMATCH, the
 * largest errors, the worst element with both values, the known mistake it matches if any, and a
 * diagnosis naming the equations involved.
 */
import { isNonFiniteString } from '../data/json-numbers.js';
import { flatVector, type ParsedCase } from './case.js';
import { evaluate, SLOT_KEYS, type SlotKey } from './evaluate.js';
import { diagnose } from './diagnose.js';
import { missingLines, withoutUnchecked } from './report-lines.js';
import { MISTAKES } from './mistakes.js';
import type { ResultJson } from './schema.js';
import { quantitySkipReason, variantOf, type Capabilities } from './capabilities.js';

export interface Tolerance {
  readonly rtol: number;
  readonly atol: number;
}

/** Agreement expected of a float64 implementation: |theirs − oracle| ≤ atol + rtol·|oracle|. */
export const FLOAT64_TOLERANCE: Tolerance = { rtol: 1e-9, atol: 1e-12 };
/** Agreement expected of a float32 implementation. */
export const FLOAT32_TOLERANCE: Tolerance = { rtol: 1e-3, atol: 1e-5 };

export type Status = 'OK' | 'MISMATCH' | 'MISSING' | 'SKIPPED';

/** Statuses that make a test fail; OK and SKIPPED do not. */
export const FAILING: ReadonlySet<Status> = new Set<Status>(['MISMATCH', 'MISSING']);

export interface QuantityReport {
  readonly name: string;
  readonly status: Status;
  readonly maxAbsError?: number;
  readonly maxRelError?: number;
  /** The worst element: its index (zero-based) and the two values there. */
  readonly worst?: { readonly index: readonly number[]; readonly oracle: number; readonly theirs: number };
  readonly note?: string;
  /** A known mistake whose numbers theirs match here (src/conformance/mistakes.ts). */
  readonly mistake?: { readonly id: string; readonly when: string };
}

export interface CheckReport {
  /** No quantity failed (SKIPPED ones do not fail). */
  readonly agree: boolean;
  /** Every quantity was skipped: nothing was checked. */
  readonly nothingChecked: boolean;
  readonly quantities: readonly QuantityReport[];
  readonly diagnosis: readonly string[];
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

/** Why two tables do not line up: a ragged row (named), a transposition, or another shape. */
function shapeNote(oracle: number[][], theirs: number[][]): string {
  const shapeOf = (m: number[][]) => `${m.length}×${m[0]?.length ?? 0}`;
  const ragged = theirs.findIndex((r) => r.length !== theirs[0].length);
  if (ragged > 0) return `shape: their row ${ragged} has ${theirs[ragged].length} entries, row 0 has ${theirs[0].length} (expected ${shapeOf(oracle)})`;
  const transposed = oracle.length === theirs[0]?.length && oracle[0]?.length === theirs.length;
  return `shape: expected ${shapeOf(oracle)}, got ${shapeOf(theirs)}${transposed ? ' (transposed?)' : ''}`;
}

/** Compares two tables of one quantity; undefined `errors` when the shapes differ. */
function compareValues(oracle: number[][], theirs: number[][], tol: Tolerance) {
  if (oracle.length !== theirs.length || oracle.some((r, i) => r.length !== theirs[i]?.length)) return { ok: false, note: shapeNote(oracle, theirs) };
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
      const excess = Number.isNaN(abs) ? Infinity : abs - (tol.atol + tol.rtol * Math.abs(o));
      const absOrInf = Number.isNaN(abs) ? Infinity : abs;
      const wasOk = ok;
      if (excess > 0) ok = false;
      maxAbs = Math.max(maxAbs, absOrInf);
      maxRel = Math.max(maxRel, Number.isNaN(rel) ? Infinity : rel);
      const worse = ok ? absOrInf > worst.abs : !wasOk ? excess > worst.excess : true;
      if (worse) worst = { index: [i, j], oracle: o, theirs: t, excess, abs: absOrInf };
    }),
  );
  return { ok, maxAbs, maxRel, worst: { index: worst.index, oracle: worst.oracle, theirs: worst.theirs } };
}

/** Optional in a result: absent ⇒ SKIPPED "not in their result" (design/protocol.md, "Results"). */
const OPTIONAL = new Set(['a', 'yHat', 'da0', 'clipped da0']);

/**
 * Compares their result with the oracle's for a case, within a tolerance. The expected values
 * follow their capabilities (mean over time, Adagrad); quantities they do not produce, and optional
 * ones they left out, are SKIPPED. The known-mistake catalogue is consulted only on a mismatch.
 */
export function compareResult(c: ParsedCase, theirs: TheirQuantities, tol: Tolerance, capabilities: Capabilities = {}): CheckReport {
  const variant = variantOf(capabilities);
  const oracle = table(evaluate(c, variant));
  const mine = table(theirs);
  let mistakes: { m: (typeof MISTAKES)[number]; table: Table }[] | undefined;
  const catalogue = () => (mistakes ??= MISTAKES.filter((m) => m.applies(c)).map((m) => ({ m, table: table(evaluate(c, { ...variant, ...m })) })));
  const quantities: QuantityReport[] = [];
  for (const [name, o] of oracle) {
    const skip = quantitySkipReason(name, capabilities);
    if (skip) {
      quantities.push({ name, status: 'SKIPPED', note: skip });
      continue;
    }
    const t = mine.get(name);
    if (!t) {
      quantities.push({ name, status: OPTIONAL.has(name) ? 'SKIPPED' : 'MISSING', note: 'not in their result' });
      continue;
    }
    const r = compareValues(o, t, tol);
    if (r.ok) {
      quantities.push({ name, status: 'OK', maxAbsError: r.maxAbs, maxRelError: r.maxRel, worst: r.worst });
      continue;
    }
    const hit = catalogue().find(({ table: mt }) => mt.has(name) && compareValues(mt.get(name)!, t, tol).ok);
    quantities.push({
      name,
      status: 'MISMATCH',
      maxAbsError: r.maxAbs,
      maxRelError: r.maxRel,
      worst: r.worst,
      note: r.note,
      mistake: hit && { id: hit.m.id, when: hit.m.when },
    });
  }
  const agree = quantities.every((q) => !FAILING.has(q.status));
  const nothingChecked = quantities.every((q) => q.status === 'SKIPPED');
  const checked = quantities.filter((q) => q.status === 'OK' || q.status === 'MISMATCH');
  const diagnosis = agree ? [] : [...missingLines(quantities, c), ...(checked.some((q) => q.status === 'MISMATCH') ? withoutUnchecked(diagnose(checked, c), checked) : [])];
  return { agree, nothingChecked, quantities, diagnosis };
}
