/** Plain-text tables of gradient-check reports, as the CLI prints them. */
import type { Method, Verdict } from './elementwise.js';
import type { DirectionalReport } from './directional.js';
import type { Path } from './evaluator.js';
import { COMPLEX_STEP, FIRST_STEP, SAFETY } from './tolerances.js';

const num = (v: number) => (v < 0 ? '' : ' ') + v.toExponential(12);
const short = (v: number) => v.toExponential(1);
const cond = (v: number) => v.toExponential(0);

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, k) => Math.max(h.length, ...rows.map((r) => r[k].length)));
  const line = (cells: string[]) => cells.map((c, k) => c.padEnd(widths[k])).join('  ').trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

/** The method as a reader wants it named, with its step (central differences start at FIRST_STEP, or lower for an entry warm-started from its slot's previous one: central-batch.ts). */
export function methodLabel(method: Method): string {
  if (method === 'complex') return `complex step (h = ${COMPLEX_STEP})`;
  return `central differences, Richardson-extrapolated over halving steps h ≤ ${FIRST_STEP}`;
}

/** How the tolerance is made, as the header says it. */
function toleranceLabel(method: Method, path: Path): string {
  const estimate = method === 'complex' ? 'complex step’s rounding' : 'Richardson error estimate + rounding';
  return `evaluated by the ${path === 'engine' ? 'engine' : 'mathjs reference'}\ntolerance = ${SAFETY} × (${estimate} + float64 floor of BPTT)`;
}

/** OK, NOT OK, or NO VERDICT (passed, but the tolerance is not below the values). */
const result = (v: Verdict) => (!v.pass ? 'NOT OK' : v.conclusive ? 'OK' : 'NO VERDICT');

/** The closing line when nothing failed but some comparison could not have failed. */
function noVerdict(what: string, worstCond: number): string {
  return `NO VERDICT for ${what}: the tolerance is not below the values (cond up to ${cond(worstCond)}), float64 cannot resolve these derivatives; try a smaller or better-conditioned model`;
}

/** "error ≤ tol (cond …)": the margin of one comparison. */
export function margin(v: Verdict): string {
  return `${short(v.error)} ${v.pass ? '≤' : '>'} ${short(v.tolerance)}  cond ${cond(v.cond)}`;
}

/** Where a tolerance came from: SAFETY × (estimate + floor), and the condition number. */
export function provenance(v: Verdict): string {
  return (
    `error ${short(v.error)} > tolerance ${short(v.tolerance)} = ${SAFETY} × (numerical error ${short(v.estimate)} + ` +
    `float64 floor ${short(v.floor)} + own rounding), cond ${cond(v.cond)}`
  );
}

/** What an elementwise table needs: the vanilla CheckReport and generic.ts's NamedCheckReport both are one. */
export interface ElementwiseReport {
  readonly method: Method;
  readonly path: Path;
  readonly conclusive: boolean;
  readonly slots: readonly (Verdict & { readonly slot: string; readonly worstIndex: readonly [number, number]; readonly failures: number })[];
}

/** One row per parameter (and a0, c0): result, worst entry, the two values there, error vs tolerance. */
export function formatCheckReport(report: ElementwiseReport): string {
  const rows = report.slots.map((s) => [
    s.slot,
    result(s),
    `[${s.worstIndex.join(', ')}]`,
    num(s.analytic),
    num(s.numeric),
    margin(s),
  ]);
  const failed = report.slots.filter((s) => !s.pass);
  const details = failed.map((s) => `${s.slot} [${s.worstIndex.join(', ')}]: ${provenance(s)}; ${s.failures} ${s.failures === 1 ? 'entry fails' : 'entries fail'}`);
  return [
    `method: ${methodLabel(report.method)}, ${toleranceLabel(report.method, report.path)}`,
    table(['param', 'result', 'worst index', 'analytic (BPTT)', 'numeric', 'error vs tolerance'], rows),
    ...details,
    failed.length > 0
      ? `FAILED: ${failed.map((s) => s.slot).join(', ')}`
      : report.conclusive
        ? `all ${rows.length} pass`
        : noVerdict(report.slots.filter((s) => !s.conclusive).map((s) => s.slot).join(', '), Math.max(...report.slots.map((s) => s.cond))),
  ].join('\n');
}

/** One row per random direction: ∇L·u from BPTT and from the numerical method, error vs tolerance. */
export function formatDirectionalReport(report: DirectionalReport): string {
  const rows = report.directions.map((d, k) => [String(k + 1), result(d), num(d.analytic), num(d.numeric), margin(d)]);
  const details = report.directions.flatMap((d, k) => (d.pass ? [] : [`direction ${k + 1}: ${provenance(d)}`]));
  const failures = report.directions.filter((d) => !d.pass).length;
  return [
    `method: ${methodLabel(report.method)}, directional, ${toleranceLabel(report.method, report.path)}`,
    table(['direction', 'result', 'analytic ∇L·u (BPTT)', 'numeric', 'error vs tolerance'], rows),
    ...details,
    !report.pass
      ? `FAILED: ${failures} of ${rows.length} directions`
      : report.conclusive
        ? `all ${rows.length} directions pass`
        : noVerdict(`${report.directions.filter((d) => !d.conclusive).length} of ${rows.length} directions`, Math.max(...report.directions.map((d) => d.cond))),
  ].join('\n');
}
