/**
 * Running the conformance suite against another implementation: a TypeScript function
 * `(case) => result`, or a program (commandImplementation: one process per case; stream.ts: one
 * process for the whole suite). A crash, a timeout or an invalid result is reported for that test,
 * never thrown; tests and quantities outside the implementation's capabilities are SKIPPED.
 */
import { parseAnyCase, readTheirResult } from './any-case.js';
import { mergeCapabilities, skipReason, type Capabilities } from './capabilities.js';
import { FAILING, type QuantityReport, type ToleranceSpec } from './compare.js';
import { BARE_NON_FINITE_NOTE, parseLenientJson } from './lenient-json.js';
import type { CaseJson } from './schema.js';
import type { CaseJson2 } from './schema2.js';
import { runProcess } from './supervisor.js';
import type { VectorSuite } from './vectors.js';
import type { CellVectorSuite } from './vectors2.js';

/**
 * Another implementation: takes a case document, returns a result document (or a promise of one),
 * or a ProgramOutput to be parsed. `start` (a streaming program's hello) may declare capabilities.
 */
export type Implementation<C = CaseJson | CaseJson2> = ((c: C) => unknown) & {
  start?: () => Promise<Capabilities | undefined>;
  stop?: () => Promise<void>;
};

/** What a program wrote for one case: its stdout, to be parsed as JSON, and the tail of its stderr. */
export class ProgramOutput {
  constructor(
    readonly stdout: string,
    readonly stderr: string,
  ) {}
}

/** Thrown by an implementation adapter when the program crashed or timed out. */
export class ImplementationFailure extends Error {
  constructor(
    readonly kind: 'CRASH' | 'TIMEOUT',
    message: string,
    readonly output: { readonly stdout?: string; readonly stderr?: string } = {},
  ) {
    super(message);
  }
}

export type Outcome = 'PASS' | 'SKIPPED' | 'MISMATCH' | 'MISSING' | 'INVALID' | 'CRASH' | 'TIMEOUT';

export interface ConformRow {
  readonly tcId: number;
  readonly flags: readonly string[];
  readonly comment: string;
  readonly outcome: Outcome;
  /** Failing quantities and the diagnosis, what went wrong, what was skipped, warnings. */
  readonly details: readonly string[];
  /** Why the whole test was skipped. */
  readonly skipReason?: string;
}

export interface ConformReport {
  readonly precision: 'float64' | 'float32';
  readonly capabilities: Capabilities;
  readonly rows: readonly ConformRow[];
  readonly passed: number;
  readonly skipped: number;
  readonly failed: number;
}

/** What one test sent and received, for `conform --keep`. */
export interface KeptFiles {
  readonly case: string;
  readonly result?: string;
  readonly stderr?: string;
}

export interface ConformOptions {
  /** What the implementation can express; wins, field by field, over a streaming program's hello. */
  readonly capabilities?: Capabilities;
  /** Which tolerances apply; wins over capabilities.precision (default float64). */
  readonly precision?: 'float64' | 'float32';
  /** Called before a test runs (progress) and after its verdict (streamed output). */
  readonly onStart?: (tcId: number, index: number, total: number) => void;
  readonly onRow?: (row: ConformRow) => void;
  readonly keep?: (tcId: number, files: KeptFiles) => void;
}

/** Runs every test of the suite through `impl` and compares with the expected results. */
export async function conform(suite: VectorSuite, impl: Implementation<CaseJson>, options?: ConformOptions | 'float64' | 'float32'): Promise<ConformReport>;
/** The cells' suite (vectors@2) through `impl`. */
export async function conform(suite: CellVectorSuite, impl: Implementation<CaseJson2>, options?: ConformOptions | 'float64' | 'float32'): Promise<ConformReport>;
export async function conform(suite: VectorSuite | CellVectorSuite, impl: Implementation<never>, options: ConformOptions | 'float64' | 'float32' = {}): Promise<ConformReport> {
  const o: ConformOptions = typeof options === 'string' ? { precision: options } : options;
  const capabilities = mergeCapabilities(await impl.start?.(), o.capabilities);
  const precision = o.precision ?? capabilities.precision ?? 'float64';
  const tests = (suite.testGroups as readonly { tests: readonly Test[] }[]).flatMap((group) => group.tests.map((t) => ({ t })));
  const rows: ConformRow[] = [];
  try {
    for (const [index, { t }] of tests.entries()) {
      o.onStart?.(t.tcId, index, tests.length);
      const row = await runTest(t, impl, t.tolerances?.[precision] ?? precision, capabilities, o.keep);
      rows.push(row);
      o.onRow?.(row);
    }
  } finally {
    await impl.stop?.();
  }
  const count = (f: (r: ConformRow) => boolean) => rows.filter(f).length;
  return {
    precision,
    capabilities,
    rows,
    passed: count((r) => r.outcome === 'PASS'),
    skipped: count((r) => r.outcome === 'SKIPPED'),
    failed: count((r) => r.outcome !== 'PASS' && r.outcome !== 'SKIPPED'),
  };
}

type Test = VectorSuite['testGroups'][number]['tests'][number] | CellVectorSuite['testGroups'][number]['tests'][number];
/** The test's stored per-quantity tolerances, or the precision to derive them for. */
type Tol = ToleranceSpec;

async function runTest(t: Test, impl: Implementation<never>, tol: Tol, caps: Capabilities, keep: ConformOptions['keep']): Promise<ConformRow> {
  const base = { tcId: t.tcId, flags: t.flags, comment: t.comment };
  const c = parseAnyCase(t.case, `test ${t.tcId}: case`);
  const reason = skipReason(c, caps);
  if (reason) return { ...base, outcome: 'SKIPPED', details: [`skipped: ${reason}`], skipReason: reason };
  const caseText = `${JSON.stringify(t.case)}\n`;
  let raw: unknown;
  try {
    raw = await impl(t.case as never);
  } catch (error) {
    const failure = error instanceof ImplementationFailure ? error : undefined;
    keep?.(t.tcId, { case: caseText, result: failure?.output.stdout, stderr: failure?.output.stderr });
    return { ...base, outcome: failure?.kind ?? 'CRASH', details: [(error as Error).message] };
  }
  const notes: string[] = [];
  if (raw instanceof ProgramOutput) {
    keep?.(t.tcId, { case: caseText, result: raw.stdout, stderr: raw.stderr });
    try {
      const parsed = parseLenientJson(raw.stdout);
      raw = parsed.value;
      if (parsed.bareNonFinite) notes.push(BARE_NON_FINITE_NOTE);
    } catch (error) {
      return { ...base, outcome: 'CRASH', details: [`stdout is not JSON (${(error as Error).message})`] };
    }
  } else {
    keep?.(t.tcId, { case: caseText, result: `${JSON.stringify(raw)}\n` });
  }
  const theirs = readTheirResult(raw, c, t.expected);
  if ('invalid' in theirs) return { ...base, outcome: 'INVALID', details: [theirs.invalid] };
  notes.push(...theirs.warnings);
  const report = theirs.compare(tol, caps);
  const skippedLines = skippedQuantities(report.quantities);
  if (report.nothingChecked) return { ...base, outcome: 'SKIPPED', details: [...skippedLines, ...notes], skipReason: 'nothing to check' };
  if (report.agree) return { ...base, outcome: 'PASS', details: [...skippedLines, ...notes] };
  const failing = report.quantities.filter((q) => FAILING.has(q.status));
  const outcome = failing.some((q) => q.status === 'MISMATCH') ? 'MISMATCH' : 'MISSING';
  return { ...base, outcome, details: [failing.map((q) => `${q.name} ${q.status}`).join(', '), ...report.diagnosis, ...skippedLines, ...notes] };
}

/** "skipped: a, yHat (not in their result)", one line per reason. */
function skippedQuantities(qs: readonly QuantityReport[]): string[] {
  const byNote = new Map<string, string[]>();
  for (const q of qs.filter((x) => x.status === 'SKIPPED')) byNote.set(q.note ?? '', [...(byNote.get(q.note ?? '') ?? []), q.name]);
  return [...byNote].map(([note, names]) => `skipped: ${names.join(', ')} (${note})`);
}

/** An implementation that runs `command` in a shell once per case: case JSON in, result JSON out. */
export function commandImplementation(command: string, timeoutMs = 30_000): Implementation {
  return async (c) => {
    const run = await runProcess(command, `${JSON.stringify(c)}\n`, timeoutMs);
    const output = { stdout: run.stdout, stderr: run.stderr };
    if (run.spawnError) throw new ImplementationFailure('CRASH', run.spawnError, output);
    if (run.timedOut) throw new ImplementationFailure('TIMEOUT', `no result within ${timeoutMs} ms`, output);
    if (run.exitCode !== 0) {
      const last = run.stderrLastLine;
      throw new ImplementationFailure('CRASH', `exit code ${run.exitCode ?? run.signal}${last ? `: ${last}` : ''}`, output);
    }
    return new ProgramOutput(run.stdout, run.stderr);
  };
}

/** One test's verdict: its line, then its details indented. */
export function formatConformRow(row: ConformRow): string {
  const head = `${String(row.tcId).padStart(3)}  ${row.outcome.padEnd(8)}  ${row.comment} [${row.flags.join(', ')}]`;
  return `${[head, ...row.details.map((d) => `       ${d}`)].join('\n')}\n`;
}

/** The closing line: "14 pass, 2 skipped (dense inputs), 0 fail (float64 tolerances)". */
export function formatConformSummary(r: ConformReport): string {
  const reasons = new Map<string, number>();
  for (const row of r.rows) if (row.skipReason) reasons.set(row.skipReason, (reasons.get(row.skipReason) ?? 0) + 1);
  const why = reasons.size === 1 ? ` (${[...reasons.keys()][0]})` : reasons.size > 1 ? ` (${[...reasons].map(([k, v]) => `${k}: ${v}`).join('; ')})` : '';
  return `${r.passed} pass, ${r.skipped} skipped${why}, ${r.failed} fail (${r.precision} tolerances)\n`;
}

/** The whole report: one block per test, then the closing line. */
export function formatConformReport(r: ConformReport): string {
  return r.rows.map(formatConformRow).join('') + formatConformSummary(r);
}
