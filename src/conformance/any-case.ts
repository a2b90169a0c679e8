/**
 * Either format of case and result: case@1 / result@1 (the vanilla cell, schema.ts) and case@2 /
 * result@2 (schema2.ts: the LSTM, the GRU, stacked layers, and the vanilla cell written with
 * `cell: "rnn"`). A one-layer rnn case@2 is read as the case@1 it equals, so the vanilla cell has
 * one code path; every other case@2 is a CellCase (cells/model.ts).
 */
import { ConformanceInputError, firstNonFinite, parseCase, parsedJson, type ParsedCase } from './case.js';
import { compareCellResult, theirCellTable } from './cells/compare.js';
import type { CellQuantities } from './cells/evaluate.js';
import { parseCellCase, type CellCase } from './cells/model.js';
import { compareResult, quantitiesOf, type CheckReport, type ToleranceSpec } from './compare.js';
import type { Capabilities } from './capabilities.js';
import { encodeNumber } from '../data/json-numbers.js';
import { toResultJson, type Quantities } from './evaluate.js';
import { CASE_FORMAT, issueLine, RESULT_FORMAT, resultSchema, unknownKeys } from './schema.js';
import { caseSchema2, CASE_FORMAT_2, RESULT_FORMAT_2, resultSchema2 } from './schema2.js';

export type AnyCase = ParsedCase | CellCase;

export const isCellCase = (c: AnyCase): c is CellCase => 'kind' in c && c.kind === 'cell';

/** A case of either format (text or parsed JSON); `source` prefixes every error. */
export function parseAnyCase(input: string | unknown, source = 'case'): AnyCase {
  const raw = parsedJson(input, source);
  if (!raw || typeof raw !== 'object' || (raw as { format?: unknown }).format !== CASE_FORMAT_2) return parseCase(raw, source);
  const nonFinite = firstNonFinite(raw, '$');
  if (nonFinite) throw new ConformanceInputError(`${source}: ${nonFinite}: non-finite numbers are not allowed in a case`);
  const parsed = caseSchema2.safeParse(raw);
  if (!parsed.success) throw new ConformanceInputError(`${source}: ${issueLine(parsed.error.issues[0])}`);
  const json = parsed.data;
  if (json.cell !== 'rnn' || (json.layers ?? 1) > 1) return parseCellCase(json, source);
  if (json.variant !== undefined) throw new ConformanceInputError(`${source}: $.variant: the rnn cell has no variants`);
  const { cell: _cell, layers: _layers, variant: _variant, ...rest } = json;
  return { ...parseCase({ ...rest, format: CASE_FORMAT }, source), format2: true };
}

/**
 * What their result document holds, read against the case: a comparison to run, warnings, or an
 * INVALID line. `expected`: a suite test's stored expected result (cells: used instead of recomputing).
 */
export function readTheirResult(raw: unknown, c: AnyCase, expected?: unknown): { compare: (tol: ToleranceSpec, caps?: Capabilities) => CheckReport; warnings: string[] } | { invalid: string } {
  const format = raw && typeof raw === 'object' ? (raw as { format?: unknown }).format : undefined;
  if (isCellCase(c)) {
    const parsed = resultSchema2.safeParse(raw);
    if (!parsed.success) return { invalid: `result ${issueLine(parsed.error.issues[0])}${format === RESULT_FORMAT ? ' (a case@2 needs a result@2)' : ''}` };
    const { table, unknown } = theirCellTable(parsed.data, c);
    const known = new Set(['format', 'cell', 'layers', 'variant', 'loss', 'a', 'yHat', 'gradients', 'clipped', 'updated']);
    const extra = [...Object.keys(parsed.data).filter((k) => !known.has(k)).map((k) => `$.${k}`), ...unknown];
    const stored = expected === undefined ? undefined : resultSchema2.safeParse(expected).data;
    return { compare: (tol, caps) => compareCellResult(c, table, tol, caps, stored), warnings: extra.map((p) => `warning: ${p} is not part of ${RESULT_FORMAT_2} for this cell (ignored)`) };
  }
  // the vanilla cell: result@1, or result@2 with the same keys (and the echo of cell, layers, variant)
  let doc = raw;
  if (format === RESULT_FORMAT_2 && raw && typeof raw === 'object') {
    const { cell: _c, layers: _l, variant: _v, ...rest } = raw as Record<string, unknown>;
    doc = { ...rest, format: RESULT_FORMAT };
  }
  const parsed = resultSchema.safeParse(doc);
  if (!parsed.success) return { invalid: `result ${issueLine(parsed.error.issues[0])}`.replace(RESULT_FORMAT, c.format2 ? `${RESULT_FORMAT_2} (or @1)` : RESULT_FORMAT) };
  return { compare: (tol, caps) => compareResult(c, quantitiesOf(parsed.data), tol, caps), warnings: unknownKeysOf(parsed.data, format === RESULT_FORMAT_2 ? RESULT_FORMAT_2 : RESULT_FORMAT) };
}

const unknownKeysOf = (doc: Parameters<typeof unknownKeys>[0], format: string) => unknownKeys(doc).map((p) => `warning: ${p} is not part of ${format} (ignored)`);

/** A cell's quantities as a result@2 document (stacked layers nested as the case nests them). */
export function toCellResultJson(c: CellCase, q: CellQuantities): Record<string, unknown> {
  const enc = (rows: number[][]) => (rows[0]?.length === 1 ? rows.map((r) => encodeNumber(r[0])) : rows.map((r) => r.map(encodeNumber)));
  const nest = (g: Record<string, number[][]>) => {
    const out: Record<string, unknown> = {};
    for (const [name, rows] of Object.entries(g)) {
      const m = /^(\w+)\[(\d+)\]$/.exec(name);
      if (!m) out[name] = enc(rows);
      else if (m[1] === 'a0') ((out.a0 ??= []) as unknown[])[Number(m[2]) - 1] = enc(rows);
      else (((out.layers ??= []) as Record<string, unknown>[])[Number(m[2]) - 1] ??= {})[m[1]] = enc(rows);
    }
    return out;
  };
  const { cell, layers, variant } = c.model;
  return {
    format: RESULT_FORMAT_2,
    cell,
    ...(layers > 1 ? { layers } : {}),
    ...(variant !== undefined ? { variant } : {}),
    loss: encodeNumber(q.loss),
    a: q.a.map((v) => v.map(encodeNumber)),
    yHat: q.yHat.map((v) => v.map(encodeNumber)),
    gradients: nest(q.gradients),
    ...(q.clipped ? { clipped: nest(q.clipped) } : {}),
    ...(q.updated ? { updated: nest(q.updated) } : {}),
  };
}

/** The vanilla cell's result, as result@2 when the case was a case@2. */
export function toAnyResultJson(c: ParsedCase, q: Quantities): Record<string, unknown> {
  const doc = toResultJson(q) as Record<string, unknown>;
  return c.format2 ? { ...doc, format: RESULT_FORMAT_2, cell: 'rnn' } : doc;
}
