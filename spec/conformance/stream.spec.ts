import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { conform } from '../../src/conformance/conform.js';
import { streamImplementation } from '../../src/conformance/stream.js';
import type { VectorSuite } from '../../src/conformance/vectors.js';
import { runCli } from '../helpers/cli.js';

const vectorsPath = new URL('../../fixtures/conformance/vectors.json', import.meta.url).pathname;
const suite = JSON.parse(readFileSync(vectorsPath, 'utf8')) as VectorSuite;
const program = (flags = '') => `"${process.execPath}" ${new URL('programs/oracle-stream.mjs', import.meta.url).pathname} ${vectorsPath} ${flags}`;
const dir = mkdtempSync(join(tmpdir(), 'rnn-oracle-stream-'));
const n = suite.numberOfTests;

describe('conform --stream — one process, JSON lines both ways', () => {
  it('runs the whole suite through one process after its hello, one result line per case, in order', async () => {
    const log = join(dir, 'starts.log');
    const report = await conform(suite, streamImplementation(program(`--log ${log}`)));
    expect(report.rows.map((r) => r.outcome)).toEqual(Array(n).fill('PASS'));
    expect(report.rows.map((r) => r.tcId)).toEqual(suite.testGroups.flatMap((g) => g.tests.map((t) => t.tcId)));
    expect(readFileSync(log, 'utf8').trim().split('\n')).toHaveLength(1);
  });

  it('takes capabilities from the hello line, and the command line’s win over them', async () => {
    const caps = `'{"inputs":["null","index"],"precision":"float32"}'`;
    const fromHello = await runCli(['conform', '--stream', '--command', program(`--caps ${caps}`)]);
    expect(fromHello.stdout).toContain(`\n${n - 2} pass, 2 skipped (dense inputs), 0 fail (float32 tolerances)\n`);
    expect(fromHello.code).toBe(0);
    const overridden = await runCli(['conform', '--stream', '--capabilities', '{"inputs":["null","index","dense"]}', '--precision', 'float64', '--command', program(`--caps ${caps}`)]);
    expect(overridden.stdout).toContain(`\n${n} pass, 0 skipped, 0 fail (float64 tolerances)\n`);
  });

  it('reports a crash, a line that is not JSON and a timeout for the test in flight only, restarting the program for the next', async () => {
    const log = join(dir, 'restarts.log');
    const crash = await conform(suite, streamImplementation(program(`--crash-at tc2 --garbage-at tc5 --log ${log}`)));
    const byId = new Map(crash.rows.map((r) => [r.tcId, r]));
    expect(byId.get(2)).toMatchObject({ outcome: 'CRASH', details: ['exit code 3 before result line: Traceback: something broke in tc2'] });
    expect(byId.get(5)!.outcome).toBe('CRASH');
    expect(byId.get(5)!.details[0]).toBe('stdout line is not JSON: loss = 8.3');
    expect(crash.passed).toBe(n - 2);
    expect(readFileSync(log, 'utf8').trim().split('\n')).toHaveLength(3);
    const hang = await conform(suite, streamImplementation(program('--hang-at tc3'), 800));
    expect(hang.rows.find((r) => r.tcId === 3)).toMatchObject({ outcome: 'TIMEOUT', details: ['no result line within 800 ms'] });
    expect(hang.passed).toBe(n - 1);
  });

  it('fails the test in flight when the program sends no hello or a wrong one, and keeps going', async () => {
    const two = { ...suite, testGroups: [{ ...suite.testGroups[0], tests: suite.testGroups[0].tests.slice(0, 2) }] };
    const silent = await conform(two, streamImplementation(program('--no-hello'), 500));
    expect(silent.rows.map((r) => r.outcome)).toEqual(['TIMEOUT', 'TIMEOUT']);
    expect(silent.rows[0].details).toEqual(['no hello line within 500 ms']);
    const wrong = await conform(two, streamImplementation(program(`--hello '{"format":"hello"}'`)));
    expect(wrong.rows.map((r) => r.outcome)).toEqual(['CRASH', 'CRASH']);
    expect(wrong.rows[0].details[0]).toMatch(/^hello \$\.format: /);
  });

  it('accepts bare NaN/Infinity tokens in a result line with a note, and warns about keys the format does not define', async () => {
    const one = { ...suite, testGroups: [{ ...suite.testGroups[0], tests: suite.testGroups[0].tests.slice(1, 2) }] };
    const report = await conform(one, streamImplementation(program('--bare-nan')));
    expect(report.rows[0].outcome).toBe('PASS');
    const details = report.rows[0].details.join('\n');
    expect(details).toMatch(/bare NaN\/Infinity/);
    expect(details).toMatch(/warning: \$\.debug is not part of rnn-oracle\/result@1/);
  });
});
