/**
 * src/conformance/stream.ts read line by line: how result lines are framed, what a CRASH report
 * quotes of a line that is not JSON, and how the program is given time to finish at the end. The
 * programs are a few lines of sh, each started once.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { ImplementationFailure, ProgramOutput } from '../../src/conformance/conform.js';
import { streamImplementation } from '../../src/conformance/stream.js';
import { alive } from './processes.js';
import { lazy } from '../helpers/lazy.js';

const HELLO = `echo '{"format":"rnn-oracle/hello@1"}'`;
const dir = lazy(() => mkdtempSync(join(tmpdir(), 'rnn-oracle-stream-')));
/** The programs below do not read the case: any document will do. */
const anyCase = {} as never;

/** The failure a call of the implementation throws. */
async function failure(p: Promise<unknown>): Promise<ImplementationFailure> {
  try {
    await p;
  } catch (error) {
    expect(error).toBeInstanceOf(ImplementationFailure);
    return error as ImplementationFailure;
  }
  throw new Error('no failure');
}

describe('streamImplementation — framing of the JSON lines', () => {
  it('joins a line written in pieces, splits lines written together, skips blank lines, and keeps a line that came before it was asked for', async () => {
    // a line before any case, then one result in two writes followed by blank lines, then two results in one write
    const program = `${HELLO}; sleep 0.2; printf '{"n":1}\\n'; read -r l; read -r l; printf '{"n":'; sleep 0.05; printf '2}\\n\\n   \\n'; read -r l; printf '{"n":3}\\n{"n":4}\\n'; cat > /dev/null`;
    const impl = streamImplementation(program, 10_000);
    try {
      expect(await impl.start!()).toBeUndefined();
      await new Promise((resolve) => setTimeout(resolve, 400));
      const outs = [await impl(anyCase), await impl(anyCase), await impl(anyCase), await impl(anyCase)];
      expect(outs.every((o) => o instanceof ProgramOutput)).toBe(true);
      expect(outs.map((o) => (o as ProgramOutput).stdout)).toEqual(['{"n":1}', '{"n":2}', '{"n":3}', '{"n":4}']);
    } finally {
      await impl.stop!();
    }
  });

  it('quotes a line that is not JSON whole up to 80 characters, and its first 77 and "..." beyond', async () => {
    const program = `${HELLO}; read -r l; echo ${'y'.repeat(80)}; cat > /dev/null`;
    const impl = streamImplementation(program, 10_000);
    try {
      await impl.start!();
      const at80 = await failure(Promise.resolve(impl(anyCase)));
      expect(at80.kind).toBe('CRASH');
      expect(at80.message.endsWith(`: ${'y'.repeat(80)}`)).toBe(true);
      expect(at80.output.stdout).toBe('y'.repeat(80));
    } finally {
      await impl.stop!();
    }
    const impl2 = streamImplementation(`${HELLO}; read -r l; echo ${'x'.repeat(81)}`, 10_000);
    try {
      await impl2.start!();
      const at81 = await failure(Promise.resolve(impl2(anyCase)));
      expect(at81.message.endsWith(`: ${'x'.repeat(77)}...`)).toBe(true);
      expect(at81.output.stdout).toBe('x'.repeat(81));
    } finally {
      await impl2.stop!();
    }
  });

  it('fails the first test with a CRASH quoting the hello when the first line is not JSON', async () => {
    const impl = streamImplementation(`echo ${'h'.repeat(100)}; cat > /dev/null`, 10_000);
    try {
      expect(await impl.start!()).toBeUndefined();
      const f = await failure(Promise.resolve(impl(anyCase)));
      expect(f.kind).toBe('CRASH');
      expect(f.message.endsWith(`: ${'h'.repeat(77)}...`)).toBe(true);
      expect(f.output.stdout).toBe('h'.repeat(100));
    } finally {
      await impl.stop!();
    }
  });

  it('refuses a hello whose capabilities are not capabilities, naming their JSON path', async () => {
    const impl = streamImplementation(`echo '{"format":"rnn-oracle/hello@1","capabilities":{"inputs":["sparse"]}}'; cat > /dev/null`, 10_000);
    try {
      expect(await impl.start!()).toBeUndefined();
      const f = await failure(Promise.resolve(impl(anyCase)));
      expect(f.kind).toBe('CRASH');
      expect(f.message).toMatch(/\$\.capabilities\.inputs\[0\]/);
    } finally {
      await impl.stop!();
    }
  });

  it('reports the hello’s capabilities from start()', async () => {
    const impl = streamImplementation(`echo '{"format":"rnn-oracle/hello@1","name":"x","capabilities":{"update":"none"}}'; cat > /dev/null`, 10_000);
    try {
      expect(await impl.start!()).toEqual({ update: 'none' });
    } finally {
      await impl.stop!();
    }
  });
});

describe('streamImplementation — the end of the run', () => {
  it('closes stdin and lets the program finish what it does after its last case', async () => {
    const done = join(dir(), 'finished');
    const impl = streamImplementation(`${HELLO}; while read -r l; do echo '{}'; done; sleep 0.3; touch ${done}`, 5_000);
    await impl.start!();
    await impl(anyCase);
    await impl.stop!();
    expect(existsSync(done)).toBe(true);
  });

  it('kills a program that does not exit after stdin closes, with what it started', async () => {
    const pidFile = join(dir(), 'sleeper.pid');
    const impl = streamImplementation(`${HELLO}; cat > /dev/null; sleep 30 & echo $! > ${pidFile}; wait`, 500);
    await impl.start!();
    await impl.stop!();
    const pid = Number(readFileSync(pidFile, 'utf8'));
    await vi.waitFor(() => expect(alive(pid)).toBe(false), { timeout: 2000 });
  });
});

describe('streamImplementation — crashes and restarts', () => {
  it('reports a program that exits while what it started holds its stdout as a CRASH, not a TIMEOUT, with stderr kept', async () => {
    const impl = streamImplementation(`${HELLO}; read -r l; echo 'it broke' >&2; sleep 30 & exit 3`, 5_000);
    try {
      await impl.start!();
      const f = await failure(Promise.resolve(impl(anyCase)));
      expect(f.kind).toBe('CRASH');
      expect(f.message).toMatch(/\b3\b/);
      expect(f.output.stderr).toBe('it broke\n');
    } finally {
      await impl.stop!();
    }
  });

  it('reports a failed start as the first test’s failure even when a restart would succeed', async () => {
    const flag = join(dir(), 'started-once');
    const impl = streamImplementation(`if [ -e ${flag} ]; then ${HELLO}; while read -r l; do echo '{}'; done; else touch ${flag}; echo 'not a hello'; cat > /dev/null; fi`, 5_000);
    try {
      expect(await impl.start!()).toBeUndefined();
      const f = await failure(Promise.resolve(impl(anyCase)));
      expect(f.kind).toBe('CRASH');
      expect(f.output.stdout).toBe('not a hello');
      expect(((await impl(anyCase)) as ProgramOutput).stdout).toBe('{}');
    } finally {
      await impl.stop!();
    }
  });
});
