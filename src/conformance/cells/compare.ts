/**
 * Comparing a result@2 for a gated or stacked cell with the oracle's: the same verdicts as the
 * vanilla cell's (compare.ts judgeQuantities), with the expected values and tolerances of
 * cells/expected.ts, the catalogue of cells/mistakes.ts and the diagnosis of cells/diagnose.ts.
 */
import { isNonFiniteString } from '../../data/json-numbers.js';
import { variantOf, type Capabilities } from '../capabilities.js';
import { flatVector } from '../case.js';
import { declared, FAILING, judgeQuantities, type CheckReport, type Judged, type ToleranceSpec } from '../compare.js';
import { missingLines } from '../report-lines.js';
import type { ResultJson2 } from '../schema2.js';
import { diagnoseCell, type CellMistakeTable } from './diagnose.js';
import { cellExpected, cellFloat64 } from './evaluate.js';
import { cellConditioning, cellTable } from './expected.js';
import { CELL_MISTAKES } from './mistakes.js';
import type { CellCase } from './model.js';

const num = (v: unknown): number => (isNonFiniteString(v) ? Number(v) : (v as number));
/** A table as rows: a flat vector becomes n×1, nested rows stay. */
const rowsOf = (v: unknown): number[][] => {
  const a = v as unknown[];
  return a.every((x) => !Array.isArray(x)) ? a.map((x) => [num(x)]) : (a as unknown[][]).map((r) => r.map(num));
};

/** Their result@2 by report name (dWf, da0, dWax[1], da0[2], clipped …, updated …), and the JSON paths of keys the cell does not have. */
export function theirCellTable(r: ResultJson2, c: CellCase): { table: Map<string, number[][]>; unknown: string[] } {
  const t = new Map<string, number[][]>();
  const unknown: string[] = [];
  const stacked = c.model.layers > 1;
  if (r.loss !== undefined) t.set('loss', [[num(r.loss)]]);
  if (r.a) t.set('a', r.a.map((v) => flatVector(v as number[]).map(num)));
  if (r.yHat) t.set('yHat', r.yHat.map((v) => flatVector(v as number[]).map(num)));
  const sections = [['gradients', 'd', true], ['clipped', 'clipped d', true], ['updated', 'updated ', false]] as const;
  for (const [section, prefix, withStates] of sections) {
    const known = new Set([...Object.keys(c.model.params), ...(withStates ? Object.keys(c.model.states) : [])]);
    const put = (name: string, v: unknown, path: string) => (known.has(name) ? t.set(`${prefix}${name}`, rowsOf(v)) : unknown.push(path));
    for (const [k, v] of Object.entries(r[section] ?? {})) {
      const path = `$.${section}.${k}`;
      if (stacked && k === 'layers' && Array.isArray(v)) (v as Record<string, unknown>[]).forEach((layer, i) => Object.entries(layer).forEach(([n, m]) => put(`${n}[${i + 1}]`, m, `${path}[${i}].${n}`)));
      else if (stacked && k === 'a0' && withStates && Array.isArray(v)) v.forEach((m, i) => put(`a0[${i + 1}]`, m, `${path}[${i}]`));
      else put(k, v, path);
    }
  }
  return { table: t, unknown };
}

/** Optional in a cell's result: the states, ŷ, and the initial states' gradients (clipped too). */
const optional = (name: string) => name === 'a' || name === 'yHat' || /^(clipped )?d[ac]0(\[\d+\])?$/.test(name);

/**
 * Their cell result against the oracle's, as compareResult does for the vanilla cell. `stored` is a
 * suite test's expected result@2 (what the generator computed, spec-checked to be what it computes
 * now): used as the oracle's when their capabilities do not change the computation, instead of the
 * seconds of BigNumber arithmetic.
 */
export function compareCellResult(c: CellCase, theirs: Map<string, number[][]>, tol: ToleranceSpec, capabilities: Capabilities = {}, stored?: ResultJson2): CheckReport {
  const how = variantOf(capabilities);
  let computed: ReturnType<typeof cellExpected> | undefined;
  const exact = () => (computed ??= cellExpected(c, how));
  const oracle = stored && Object.keys(how).length === 0 ? theirCellTable(stored, c).table : cellTable(exact());
  const precision = typeof tol === 'string' ? tol : (tol.precision ?? 'float64');
  let studied: ReturnType<typeof cellConditioning> | undefined;
  const study = (name: string) => (studied ??= cellConditioning(c, precision, how, exact())).get(name)!.tolerance;
  const toleranceOf = (name: string): Judged => {
    if (typeof tol === 'string') return study(name);
    if ('quantities' in tol) return (Object.keys(how).length === 0 && tol.quantities[name]) || study(name);
    return { rtol: tol.rtol, atol: tol.atol, condition: study(name).condition };
  };
  let mistakes: CellMistakeTable[] | undefined;
  const catalogue = () =>
    (mistakes ??= CELL_MISTAKES.filter((m) => m.applies(c) && !declared(m.id, capabilities)).map((m) => ({
      m: { id: m.id, when: m.when(c) },
      kind: m.kind,
      table: cellTable(cellFloat64(c, { ...how, ...m.how(c) })),
    })));
  const quantities = judgeQuantities({ oracle, theirs, toleranceOf, optional, catalogue, capabilities });
  const agree = quantities.every((q) => !FAILING.has(q.status));
  const nothingChecked = quantities.every((q) => q.status === 'SKIPPED');
  if (agree) return { agree, nothingChecked, quantities, diagnosis: [] };
  const missing = missingLines(quantities, c);
  if (!quantities.some((q) => q.status === 'MISMATCH')) return { agree, nothingChecked, quantities, diagnosis: missing };
  const d = diagnoseCell(quantities, c, { oracle, theirs, tol: toleranceOf, mistakes: catalogue() });
  return { agree, nothingChecked, quantities: d.quantities, diagnosis: [...missing, ...d.diagnosis], findings: d.findings };
}
