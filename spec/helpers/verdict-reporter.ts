/**
 * vitest's default reporter, except that with coverage on it prints its closing summary (test
 * files, tests, duration) after the coverage report, preceded by one line of coverage totals, so
 * that `npm test` ends with its verdict. The full per-file table goes to coverage/coverage.txt
 * (vitest.config.ts). Without coverage, or when a test failed (vitest then skips the coverage
 * report), it behaves exactly like the default reporter.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DefaultReporter } from 'vitest/node';
import { coverageLine, type Metric, type Totals } from './coverage-line.js';

export default class VerdictReporter extends DefaultReporter {
  private deferred?: Parameters<DefaultReporter['reportSummary']>;

  override reportSummary(...args: Parameters<DefaultReporter['reportSummary']>): void {
    const coverageFollows = this.ctx.config.coverage.enabled && this.ctx.state.getCountOfFailedTests() === 0 && args[1].length === 0;
    if (coverageFollows) this.deferred = args;
    else super.reportSummary(...args);
  }

  /** Called by vitest after the coverage report and the threshold check. */
  onFinishedReportCoverage(): void {
    if (!this.deferred) return;
    const { reportsDirectory, thresholds } = this.ctx.config.coverage as { reportsDirectory: string; thresholds?: Partial<Record<Metric, number>> };
    try {
      const totals = JSON.parse(readFileSync(join(reportsDirectory, 'coverage-summary.json'), 'utf8')) as Totals;
      this.log(coverageLine(totals, thresholds ?? {}, reportsDirectory.replace(`${this.ctx.config.root}/`, '')));
    } catch (error) {
      this.log(`Coverage summary unavailable: ${(error as Error).message}`);
    }
    super.reportSummary(...this.deferred);
    this.deferred = undefined;
  }
}
