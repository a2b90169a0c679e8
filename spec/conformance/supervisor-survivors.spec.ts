/**
 * src/conformance/supervisor.ts: the tail of a program's stderr (what a CRASH report shows) and one
 * run of a program (what `conform --command` reads: stdout, exit code, signal, timeout).
 */
import { describe, expect, it, vi } from 'vitest';
import { alive } from './processes.js';
import { killGroup, runProcess, STDERR_TAIL_BYTES, Tail } from '../../src/conformance/supervisor.js';

describe('Tail — the last STDERR_TAIL_BYTES of a stream', () => {
  it('keeps everything while the stream is short, and its last STDERR_TAIL_BYTES once it is long', () => {
    const t = new Tail();
    t.push('abc');
    t.push(Buffer.from('def'));
    expect(t.value).toBe('abcdef');
    t.push('x'.repeat(STDERR_TAIL_BYTES));
    expect(t.value).toBe('x'.repeat(STDERR_TAIL_BYTES));
    t.push('y'.repeat(STDERR_TAIL_BYTES));
    t.push('z');
    expect(t.value).toBe(`${'y'.repeat(STDERR_TAIL_BYTES - 1)}z`);
  });

  it('holds at most twice STDERR_TAIL_BYTES in memory however much is pushed', () => {
    const t = new Tail();
    t.push('w'.repeat(3 * STDERR_TAIL_BYTES));
    expect((t as unknown as { text: string }).text.length).toBeLessThanOrEqual(2 * STDERR_TAIL_BYTES);
    for (let k = 0; k < 20; k++) {
      t.push(String(k % 10).repeat(STDERR_TAIL_BYTES / 2 + 1));
      expect((t as unknown as { text: string }).text.length).toBeLessThanOrEqual(2 * STDERR_TAIL_BYTES);
    }
    expect(t.value.endsWith('9'.repeat(STDERR_TAIL_BYTES / 2 + 1))).toBe(true);
  });

  it('lastLine is the last non-empty line without its surrounding blanks; reset empties it', () => {
    const t = new Tail();
    expect(t.lastLine).toBe('');
    t.push('Traceback (most recent call last):\n  File "x.py"\n  ValueError: shapes  \n\n');
    expect(t.lastLine).toBe('ValueError: shapes');
    t.reset();
    expect(t.value).toBe('');
    expect(t.lastLine).toBe('');
    t.push('one line');
    expect(t.lastLine).toBe('one line');
  });
});

describe('runProcess — one run of a program with its input on stdin', () => {
  it('returns what it wrote on stdout, its exit code and stderr’s last line', async () => {
    const ok = await runProcess('cat', '{"loss": 1}\n', 10_000);
    expect(ok).toMatchObject({ stdout: '{"loss": 1}\n', exitCode: 0, signal: null, timedOut: false, stderr: '' });
    expect(ok.spawnError).toBeUndefined();
    const failed = await runProcess('cat > /dev/null; echo first >&2; echo "  last one  " >&2; exit 3', 'x', 10_000);
    expect(failed).toMatchObject({ stdout: '', exitCode: 3, timedOut: false, stderr: 'first\n  last one  \n', stderrLastLine: 'last one' });
  });

  it('does not fail when the program exits without reading its input', async () => {
    const r = await runProcess('exit 0', 'x'.repeat(1 << 20), 10_000);
    expect(r).toMatchObject({ exitCode: 0, timedOut: false, stdout: '' });
  });

  it('reads a stdout larger than a pipe’s buffer whole', async () => {
    const big = await runProcess(`"${process.execPath}" -e "process.stdout.write('x'.repeat(1 << 20))"`, '', 10_000);
    expect(big.stdout.length).toBe(1 << 20);
    expect(big.exitCode).toBe(0);
  });

  it('kills the program at the timeout and says so', async () => {
    const slow = await runProcess('sleep 20', '', 300);
    expect(slow.timedOut).toBe(true);
    expect(slow.exitCode).toBeNull();
    expect(slow.signal).toBe('SIGKILL');
  });

  it('returns when the program exits, killing what it left running with the pipes open', async () => {
    const r = await runProcess('sleep 30 & echo $!', '', 20_000);
    expect(r.timedOut).toBe(false);
    expect(r.exitCode).toBe(0);
    const grandchild = Number(r.stdout.trim());
    await vi.waitFor(() => expect(alive(grandchild)).toBe(false), { timeout: 2000 });
  });
});

describe('killGroup', () => {
  it('does nothing, and does not throw, for a child that never started or whose group is gone', () => {
    expect(() => killGroup({})).not.toThrow();
    expect(() => killGroup({ pid: 2 ** 22 + 12345 })).not.toThrow();
  });
});
