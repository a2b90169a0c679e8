/** Plain-text tables of gradient-check reports, as the CLI prints them. */
import type { CheckReport } from './elementwise.js';
import type { DirectionalReport } from './directional.js';
import { COMPLEX_STEP, CENTRAL_STEP, DIRECTIONAL_STEP } from './tolerances.js';

const num = (v: number) => (v < 0 ? '' : ' ') + v.toExponential(12);
const err = (v: number) => v.toExponential(2);

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, k) => Math.max(h.length, ...rows.map((r) => r[k].length)));
  const line = (cells: string[]) => cells.map((c, k) => c.padEnd(widths[k])).join('  ').trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

/** The method as a reader wants it named, with its step. */
export function methodLabel(method: 'central' | 'complex', directional = false): string {
  if (method === 'complex') return `complex step (h = ${COMPLEX_STEP})`;
  return directional
    ? `central differences, 2-point (h = ${DIRECTIONAL_STEP})`
    : `central differences, 4th-order (h = ${CENTRAL_STEP})`;
}

/** One row per parameter (and a0): result, max relative error, worst index, the two values there. */
export function formatCheckReport(report: CheckReport): string {
  const rows = report.slots.map((s) => [
    s.slot,
    s.pass ? 'OK' : 'NOT OK',
    err(s.maxRelativeError),
    `[${s.worstIndex.join(', ')}]`,
    num(s.analytic),
    num(s.numeric),
  ]);
  const failed = report.slots.filter((s) => !s.pass).map((s) => s.slot);
  return [
    `method: ${methodLabel(report.method)}, budget: max relative error ≤ ${report.budget.toExponential(0)}`,
    table(['param', 'result', 'max rel err', 'worst index', 'analytic (BPTT)', 'numeric'], rows),
    failed.length === 0 ? `all ${rows.length} pass` : `FAILED: ${failed.join(', ')}`,
  ].join('\n');
}

/** One row per random direction: ∇L·u from BPTT and from the numerical method. */
export function formatDirectionalReport(report: DirectionalReport): string {
  const rows = report.directions.map((d, k) => [
    String(k + 1),
    d.relativeError <= report.budget ? 'OK' : 'NOT OK',
    err(d.relativeError),
    num(d.analytic),
    num(d.numeric),
  ]);
  return [
    `method: ${methodLabel(report.method, true)}, directional, budget: relative error ≤ ${report.budget.toExponential(0)}`,
    table(['direction', 'result', 'rel err', 'analytic ∇L·u (BPTT)', 'numeric'], rows),
    report.pass ? `all ${rows.length} directions pass` : `FAILED: max relative error ${err(report.maxRelativeError)}`,
  ].join('\n');
}
