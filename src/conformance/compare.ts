/**
 * Comparing another implementation's result with the oracle's: per quantity OK or MISMATCH, the
 * largest errors, the worst element with both values, the known mistake it matches if any, and a
 * diagnosis naming the equations involved.
 */
import { isNonFiniteString } from '../data/json-numbers.js';
import { flatVector, type ParsedCase } from './case.js';
import { evaluate, SLOT_KEYS, type Quantities } from './evaluate.js';
import { diagnose } from './diagnose.js';
import type { Finding } from './findings.js';
import { MISTAKES } from './mistakes.js';
import type { ResultJson } from './schema.js';

export interface Tolerance {
  readonly rtol: number;
  readonly atol: number;
}

/** Agreement expected of a float64 implementation: |theirs − oracle| ≤ atol + rtol·|oracle|. */
export const FLOAT64_TOLERANCE: Tolerance = { rtol: 1e-9, atol: 1e-12 };
/** Agreement expected of a float32 implementation. */
export const FLOAT32_TOLERANCE: Tolerance = { rtol: 1e-3, atol: 1e-5 };

export type Status = 'OK' | 'MISMATCH' | 'MISSING';

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
  readonly agree: boolean;
  readonly quantities: readonly QuantityReport[];
  readonly diagnosis: readonly string[];
  /** The diagnosis as structured findings (src/conformance/findings.ts), one per line of `diagnosis`. */
  readonly findings?: readonly Finding[];
}

type Table = Map<string, number[][]>;

const num = (v: unknown): number => (isNonFiniteString(v) ? Number(v) : (v as number));
const rowsOfVector = (v: readonly unknown[]) => flatVector(v as number[]).map((x) => [num(x)]);
const rowsOfMatrix = (m: readonly (readonly unknown[])[]) => m.map((r) => r.map(num));

/** Every quantity by name: loss, a, yHat, dWax … da0, clipped dWax …, updated Wax …. */
function table(q: Quantities): Table {
  const t: Table = new Map([['loss', [[q.loss]]]]);
  if (q.a) t.set('a', q.a);
  if (q.yHat) t.set('yHat', q.yHat);
  for (const k of SLOT_KEYS) t.set(`d${k}`, q.gradients[k]);
  if (q.clipped) for (const k of SLOT_KEYS) t.set(`clipped d${k}`, q.clipped[k]);
  if (q.updated) for (const [k, v] of Object.entries(q.updated)) t.set(`updated ${k}`, v);
  return t;
}

/** A validated result document as quantities. */
export function quantitiesOf(r: ResultJson): Quantities {
  const slots = (g: Record<string, unknown>) =>
    Object.fromEntries(
      Object.entries(g).map(([k, v]) => [k, isVectorKey(k) ? rowsOfVector(v as unknown[]) : rowsOfMatrix(v as unknown[][])]),
    ) as never;
  return {
    loss: num(r.loss),
    a: r.a?.map((v) => flatVector(v as number[]).map(num)),
    yHat: r.yHat?.map((v) => flatVector(v as number[]).map(num)),
    gradients: slots(r.gradients),
    clipped: r.clipped && slots(r.clipped),
    updated: r.updated && slots(r.updated),
  };
}

function isVectorKey(k: string): boolean {
  return k === 'ba' || k === 'by' || k === 'a0';
}

const same = (a: number, b: number) => a === b || (Number.isNaN(a) && Number.isNaN(b));

/** Compares two tables of one quantity; undefined `errors` when the shapes differ. */
function compareValues(oracle: number[][], theirs: number[][], tol: Tolerance) {
  const shapeOf = (m: number[][]) => `${m.length}×${m[0]?.length ?? 0}`;
  if (oracle.length !== theirs.length || oracle.some((r, i) => r.length !== theirs[i]?.length)) {
    const transposed = oracle.length === theirs[0]?.length && oracle[0]?.length === theirs.length;
    return { ok: false, note: `shape: expected ${shapeOf(oracle)}, got ${shapeOf(theirs)}${transposed ? ' (transposed?)' : ''}` };
  }
  let ok = true;
  let maxAbs = 0;
  let maxRel = 0;
  let worst = { index: [0, 0], oracle: oracle[0]?.[0] ?? 0, theirs: theirs[0]?.[0] ?? 0, excess: -Infinity };
  oracle.forEach((row, i) =>
    row.forEach((o, j) => {
      const t = theirs[i][j];
      const abs = same(o, t) ? 0 : Math.abs(t - o);
      const rel = abs === 0 ? 0 : abs / Math.max(Math.abs(o), Number.MIN_VALUE);
      const excess = Number.isNaN(abs) ? Infinity : abs - (tol.atol + tol.rtol * Math.abs(o));
      if (excess > 0) ok = false;
      maxAbs = Math.max(maxAbs, Number.isNaN(abs) ? Infinity : abs);
      maxRel = Math.max(maxRel, Number.isNaN(rel) ? Infinity : rel);
      if (excess > worst.excess) worst = { index: [i, j], oracle: o, theirs: t, excess };
    }),
  );
  return { ok, maxAbs, maxRel, worst: { index: worst.index, oracle: worst.oracle, theirs: worst.theirs } };
}

/** Compares their result with the oracle's for a case, within a tolerance. */
export function compareResult(c: ParsedCase, theirs: Quantities, tol: Tolerance): CheckReport {
  const oracle = table(evaluate(c));
  const mine = table(theirs);
  const mistakes = MISTAKES.filter((m) => m.applies(c)).map((m) => ({ m, table: table(evaluate(c, m)) }));
  const quantities: QuantityReport[] = [];
  for (const [name, o] of oracle) {
    const t = mine.get(name);
    if (!t) {
      if (name === 'a' || name === 'yHat') continue; // optional in a result
      quantities.push({ name, status: 'MISSING', note: 'not in their result' });
      continue;
    }
    const r = compareValues(o, t, tol);
    if (r.ok) {
      quantities.push({ name, status: 'OK', maxAbsError: r.maxAbs, maxRelError: r.maxRel, worst: r.worst });
      continue;
    }
    const hit = mistakes.find(({ table: mt }) => mt.has(name) && compareValues(mt.get(name)!, t, tol).ok);
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
  const agree = quantities.every((q) => q.status === 'OK');
  return agree ? { agree, quantities, diagnosis: [] } : { agree, ...diagnose(quantities, c, { oracle, theirs: mine, tol, mistakes }) };
}
