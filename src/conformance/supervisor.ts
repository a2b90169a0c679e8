/**
 * Running another program well: in its own process group (so a timeout kills it and everything it
 * started), stdout read without a size limit, only the last few KB of stderr kept (a chatty program
 * cannot exhaust memory or be mistaken for a crash), the group killed when the program exits.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';

/** How much of a program's stderr is kept: enough for a traceback's last lines. */
export const STDERR_TAIL_BYTES = 8 * 1024;

/** The last STDERR_TAIL_BYTES of a stream. */
export class Tail {
  private text = '';
  push(chunk: Buffer | string): void {
    this.text += chunk.toString();
    if (this.text.length > 2 * STDERR_TAIL_BYTES) this.text = this.text.slice(-STDERR_TAIL_BYTES);
  }
  reset(): void {
    this.text = '';
  }
  get value(): string {
    return this.text.slice(-STDERR_TAIL_BYTES);
  }
  /** The last non-empty line, for a one-line CRASH report. */
  get lastLine(): string {
    return this.value.trimEnd().split('\n').pop()?.trim() ?? '';
  }
}

/** Starts `command` through the shell as the leader of a new process group. */
export function startGroup(command: string): ChildProcessWithoutNullStreams {
  const child = spawn(command, { shell: true, detached: true, stdio: ['pipe', 'pipe', 'pipe'] });
  child.stdin.on('error', () => {}); // EPIPE when the program exits without reading everything
  return child;
}

/** Kills the process group led by `child` (the program and everything it started); never throws. */
export function killGroup(child: { pid?: number }): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // ESRCH: the group is already gone
  }
}

export interface ProcessRun {
  readonly stdout: string;
  readonly stderr: string;
  readonly stderrLastLine: string;
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly timedOut: boolean;
  /** Set when the program could not be started at all. */
  readonly spawnError?: string;
}

/** Runs `command` once with `input` on its stdin; resolves when it and its stdio are done. */
export function runProcess(command: string, input: string, timeoutMs: number): Promise<ProcessRun> {
  return new Promise((resolve) => {
    const child = startGroup(command);
    const stdout: Buffer[] = [];
    const stderr = new Tail();
    let timedOut = false;
    let spawnError: string | undefined;
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child);
    }, timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', (error) => (spawnError = error.message));
    child.on('exit', () => killGroup(child)); // what it left running would otherwise hold its pipes open
    child.on('close', (exitCode, signal) => {
      clearTimeout(timer);
      resolve({ stdout: Buffer.concat(stdout).toString('utf8'), stderr: stderr.value, stderrLastLine: stderr.lastLine, exitCode, signal, timedOut, spawnError });
    });
    child.stdin.end(input);
  });
}
