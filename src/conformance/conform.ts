/**
 * Running the conformance suite against another implementation: a TypeScript function
 * `(case) => result`, or a program that reads a case on stdin and writes a result on stdout.
 * A crash, a timeout or an invalid result is reported for that test, never thrown.
 */
import { spawnSync } from 'node:child_process';
import { parseCase } from './case.js';
import { compareResult, quantitiesOf } from './compare.js';
import { issueLine, resultSchema, type CaseJson } from './schema.js';
import type { VectorSuite } from './vectors.js';

/** Another implementation: takes a case document, returns a result document (or a promise of one). */
export type Implementation = (c: CaseJson) => unknown;

/** Thrown by an implementation adapter when the program crashed or timed out. */
export class ImplementationFailure extends Error {
  constructor(readonly kind: 'CRASH' | 'TIMEOUT', message: string) {
    super(message);
  }
}

export type Outcome = 'PASS' | 'MISMATCH' | 'INVALID' | 'CRASH' | 'TIMEOUT';

export interface ConformRow {
  readonly tcId: number;
  readonly flags: readonly string[];
  readonly comment: string;
  readonly outcome: Outcome;
  /** Mismatched quantities, the diagnosis, or what went wrong. */
  readonly details: readonly string[];
}

export interface ConformReport {
  readonly precision: 'float64' | 'float32';
  readonly rows: readonly ConformRow[];
  readonly passed: number;
  readonly failed: number;
}

/** Runs every test of the suite through `impl` and compares with the expected results. */
export async function conform(suite: VectorSuite, impl: Implementation, precision: 'float64' | 'float32' = 'float64'): Promise<ConformReport> {
  const rows: ConformRow[] = [];
  for (const group of suite.testGroups) {
    for (const t of group.tests) {
      const base = { tcId: t.tcId, flags: t.flags, comment: t.comment };
      let raw: unknown;
      try {
        raw = await impl(t.case);
      } catch (error) {
        const kind = error instanceof ImplementationFailure ? error.kind : 'CRASH';
        rows.push({ ...base, outcome: kind, details: [(error as Error).message] });
        continue;
      }
      const parsed = resultSchema.safeParse(raw);
      if (!parsed.success) {
        rows.push({ ...base, outcome: 'INVALID', details: [`result ${issueLine(parsed.error.issues[0])}`] });
        continue;
      }
      const report = compareResult(parseCase(t.case), quantitiesOf(parsed.data), t.tolerances?.[precision] ?? precision);
      const mismatched = report.quantities.filter((q) => q.status !== 'OK').map((q) => `${q.name} ${q.status}`);
      rows.push({ ...base, outcome: report.agree ? 'PASS' : 'MISMATCH', details: report.agree ? [] : [mismatched.join(', '), ...report.diagnosis] });
    }
  }
  const passed = rows.filter((r) => r.outcome === 'PASS').length;
  return { precision, rows, passed, failed: rows.length - passed };
}

/** An implementation that runs `command` in a shell once per case: case JSON in, result JSON out. */
export function commandImplementation(command: string, timeoutMs = 30_000): Implementation {
  return (c) => {
    const run = spawnSync(command, { shell: true, input: JSON.stringify(c), encoding: 'utf8', timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 });
    if (run.error && (run.error as NodeJS.ErrnoException).code === 'ETIMEDOUT') throw new ImplementationFailure('TIMEOUT', `no result within ${timeoutMs} ms`);
    if (run.error) throw new ImplementationFailure('CRASH', run.error.message);
    if (run.status !== 0) {
      const last = run.stderr.trim().split('\n').pop() ?? '';
      throw new ImplementationFailure('CRASH', `exit code ${run.status ?? run.signal}${last ? `: ${last}` : ''}`);
    }
    try {
      return JSON.parse(run.stdout);
    } catch (error) {
      throw new ImplementationFailure('CRASH', `stdout is not JSON (${(error as Error).message})`);
    }
  };
}

/** The report as a table, one line per test plus its details, then a closing count line. */
export function formatConformReport(r: ConformReport): string {
  const lines = r.rows.map((row) => {
    const head = `${String(row.tcId).padStart(3)}  ${row.outcome.padEnd(8)}  ${row.comment} [${row.flags.join(', ')}]`;
    return [head, ...row.details.map((d) => `       ${d}`)].join('\n');
  });
  return `${lines.join("\n")}\n${r.passed} of ${r.rows.length} tests pass (${r.precision} tolerances)\n`;
}
