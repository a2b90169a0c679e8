import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { commandImplementation, conform } from '../../src/conformance/conform.js';
import { MISTAKES } from '../../src/conformance/mistakes.js';
import type { VectorSuite } from '../../src/conformance/vectors.js';
import { runCli } from '../helpers/cli.js';
import { alive } from './processes.js';

const vectorsPath = new URL('../../fixtures/conformance/vectors.json', import.meta.url).pathname;
const suite = JSON.parse(readFileSync(vectorsPath, 'utf8')) as VectorSuite;
const once = `"${process.execPath}" ${new URL('programs/oracle-once.mjs', import.meta.url).pathname} ${vectorsPath}`;
const dir = mkdtempSync(join(tmpdir(), 'rnn-oracle-supervisor-'));
const only = (...ids: number[]): VectorSuite => ({
  ...suite,
  testGroups: suite.testGroups.map((g) => ({ ...g, tests: g.tests.filter((t) => ids.includes(t.tcId)) })).filter((g) => g.tests.length > 0),
});

describe('the supervisor of per-process runs', () => {
  it('kills the whole process group on a timeout: the program’s own child does not outlive it', async () => {
    const pidFile = join(dir, 'grandchild.pid');
    const report = await conform(only(1), commandImplementation(`sleep 30 & echo $! > ${pidFile}; wait`, 500));
    expect(report.rows[0].outcome).toBe('TIMEOUT');
    const grandchild = Number(readFileSync(pidFile, 'utf8'));
    await vi.waitFor(() => expect(alive(grandchild)).toBe(false), { timeout: 2000 });
  });

  it('keeps only the tail of stderr: a program writing more than 64 MB there and then a valid result passes', async () => {
    const report = await conform(only(2), commandImplementation(`${once} --stderr-mb 65`));
    expect(report.rows[0]).toMatchObject({ outcome: 'PASS' });
  });

  it('prints each verdict as its test finishes, before the next test starts', async () => {
    const events: string[] = [];
    await conform(only(1, 2), (c) => (events.push(`run ${c.id}`), suite.testGroups[0].tests.find((t) => t.case.id === c.id)!.expected), {
      onRow: (row) => events.push(`verdict ${row.tcId}`),
    });
    expect(events).toEqual(['run tc1', 'verdict 1', 'run tc2', 'verdict 2']);
  });

  it('shows a one-line progress on stderr only when stderr is a terminal', async () => {
    const argv = ['conform', '--command', once, '--vectors', writeSuite(only(1))];
    const tty = await runCli(argv, true);
    expect(tty.stderr).toContain('test 1 (1 of 1)');
    expect(tty.stderr).not.toContain('\n');
    expect((await runCli(argv, false)).stderr).toBe('');
  });

  it('does not evaluate the known-mistake catalogue when every quantity agrees', async () => {
    const applies = vi.spyOn(MISTAKES[0], 'applies');
    try {
      const expected = (c: { id?: string }) => suite.testGroups[0].tests.find((t) => t.case.id === c.id)!.expected;
      await conform(only(2), expected);
      expect(applies).not.toHaveBeenCalled();
      await conform(only(2), (c) => ({ ...expected(c), loss: 1 }));
      expect(applies).toHaveBeenCalled();
    } finally {
      applies.mockRestore();
    }
  });
});

function writeSuite(s: VectorSuite): string {
  const path = join(dir, `suite-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(path, JSON.stringify(s));
  return path;
}
