import { describe, expect, it } from 'vitest';
import { coverageLine, type Totals } from './coverage-line.js';

const totals = (lines: number, branches: number): Totals => ({
  total: {
    lines: { total: 1000, covered: lines * 10, pct: lines },
    branches: { total: 500, covered: branches * 5, pct: branches },
    statements: { total: 1200, covered: 1200, pct: 100 },
    functions: { total: 300, covered: 297, pct: 99 },
  },
});

describe('the coverage line that npm test prints before its test counts', () => {
  it('gives every metric on one line, with the gate where there is one, and where the table is', () => {
    const line = coverageLine(totals(99.2, 90.8), { lines: 95, branches: 90 }, 'coverage');
    expect(line).toBe(
      'Coverage of src/: lines 99.2% (992/1000) (≥ 95%), branches 90.8% (454/500) (≥ 90%), statements 100% (1200/1200), functions 99% (297/300); per-file table in coverage/coverage.txt',
    );
    expect(line).not.toContain('\n');
  });

  it('says BELOW when a metric misses its gate', () => {
    expect(coverageLine(totals(94, 91), { lines: 95, branches: 90 }, 'coverage')).toContain('lines 94% (940/1000) (BELOW the 95% gate)');
  });
});
