/** The one line of coverage totals that npm test prints last but one (spec/helpers/verdict-reporter.ts). */
import { join } from 'node:path';

export type Metric = 'lines' | 'branches' | 'statements' | 'functions';
export interface Totals {
  total: Record<Metric, { total: number; covered: number; pct: number }>;
}

/** One line: every metric, the gate, and where the table is. */
export function coverageLine(totals: Totals, thresholds: Partial<Record<Metric, number>>, dir: string): string {
  const metrics: Metric[] = ['lines', 'branches', 'statements', 'functions'];
  const parts = metrics.map((m) => {
    const { pct, covered, total } = totals.total[m];
    const gate = thresholds[m];
    const verdict = gate === undefined ? '' : pct >= gate ? ` (≥ ${gate}%)` : ` (BELOW the ${gate}% gate)`;
    return `${m} ${pct}% (${covered}/${total})${verdict}`;
  });
  return `Coverage of src/: ${parts.join(', ')}; per-file table in ${join(dir, 'coverage.txt')}`;
}
