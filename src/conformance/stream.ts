/**
 * `conform --stream`: one process for the whole suite, JSON lines both ways (design/protocol.md,
 * "Streaming"). The program's first stdout line is a hello (rnn-oracle/hello@1, optionally with a
 * name and capabilities); then one case per stdin line, one result per stdout line, in order. A
 * crash, a timeout or a line that is not JSON fails only the test in flight: the process group is
 * killed and the program restarted (new hello) for the next test.
 */
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { z } from 'zod';
import { capabilitiesSchema, type Capabilities } from './capabilities.js';
import { ImplementationFailure, ProgramOutput, type Implementation } from './conform.js';
import { parseLenientJson } from './lenient-json.js';
import { issueLine } from './schema.js';
import { killGroup, startGroup, Tail } from './supervisor.js';

export const HELLO_FORMAT = 'rnn-oracle/hello@1';

export const helloSchema = z.looseObject({
  format: z.literal(HELLO_FORMAT),
  name: z.string().optional(),
  capabilities: capabilitiesSchema.optional(),
});

const shorten = (s: string) => (s.length > 80 ? `${s.slice(0, 77)}...` : s);

/** One running program and the lines it has written that nobody has read yet. */
class Session {
  readonly lines: string[] = [];
  readonly stderr = new Tail();
  private partial = '';
  private exit?: string;
  private wake?: () => void;

  constructor(readonly child: ChildProcessWithoutNullStreams) {
    child.stdout.on('data', (chunk: Buffer) => {
      const parts = (this.partial + chunk.toString('utf8')).split('\n');
      this.partial = parts.pop()!;
      this.lines.push(...parts.filter((l) => l.trim() !== ''));
      this.wake?.();
    });
    child.stderr.on('data', (chunk: Buffer) => this.stderr.push(chunk));
    child.on('error', (error) => this.ended(error.message));
    child.on('exit', () => killGroup(child));
    child.on('close', (code, signal) => this.ended(`exit code ${code ?? signal}`));
  }

  private ended(how: string): void {
    this.exit ??= how;
    this.wake?.();
  }

  /** The next stdout line, or a CRASH/TIMEOUT failure (the group is then killed). */
  async next(timeoutMs: number, waitingFor: string): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    while (this.lines.length === 0) {
      if (this.exit !== undefined) {
        const last = this.stderr.lastLine;
        throw this.fail('CRASH', `${this.exit} before ${waitingFor}${last ? `: ${last}` : ''}`);
      }
      const left = deadline - Date.now();
      if (left <= 0) throw this.fail('TIMEOUT', `no ${waitingFor} within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = undefined;
    }
    return this.lines.shift()!;
  }

  fail(kind: 'CRASH' | 'TIMEOUT', message: string, stdout?: string): ImplementationFailure {
    killGroup(this.child);
    return new ImplementationFailure(kind, message, { stdout, stderr: this.stderr.value });
  }

  /** Closes stdin and gives the program `graceMs` to exit, then kills its group. */
  async close(graceMs: number): Promise<void> {
    this.child.stdin.end();
    const start = Date.now();
    while (this.exit === undefined && Date.now() - start < graceMs) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, graceMs);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    killGroup(this.child);
  }
}

/** A program that speaks the streaming protocol, as an Implementation for conform(). */
export function streamImplementation(command: string, timeoutMs = 30_000): Implementation {
  let session: Session | undefined;
  let hello: Capabilities | undefined;
  let pending: ImplementationFailure | undefined;

  /** Starts the program if it is not running and reads its hello. */
  async function started(): Promise<Session> {
    if (session) return session;
    const s = new Session(startGroup(command));
    const line = await s.next(timeoutMs, 'hello line');
    let value: unknown;
    try {
      value = parseLenientJson(line).value;
    } catch {
      throw s.fail('CRASH', `the first stdout line is not a JSON hello: ${shorten(line)}`, line);
    }
    const parsed = helloSchema.safeParse(value);
    if (!parsed.success) throw s.fail('CRASH', `hello ${issueLine(parsed.error.issues[0])}`, line);
    hello ??= parsed.data.capabilities;
    session = s;
    return s;
  }

  const run = async (c: unknown): Promise<ProgramOutput> => {
    if (pending) {
      const failure = pending;
      pending = undefined;
      throw failure;
    }
    const s = await started();
    try {
      s.child.stdin.write(`${JSON.stringify(c)}\n`);
      const line = await s.next(timeoutMs, 'result line');
      try {
        parseLenientJson(line);
      } catch {
        throw s.fail('CRASH', `stdout line is not JSON: ${shorten(line)}`, line);
      }
      const stderr = s.stderr.value;
      s.stderr.reset();
      return new ProgramOutput(line, stderr);
    } catch (error) {
      session = undefined; // restarted for the next test
      throw error;
    }
  };

  return Object.assign(run, {
    start: async () => {
      try {
        await started();
      } catch (error) {
        pending = error as ImplementationFailure; // reported as the first test's failure
      }
      return hello;
    },
    stop: async () => {
      await session?.close(Math.min(timeoutMs, 2_000));
      session = undefined;
    },
  });
}
